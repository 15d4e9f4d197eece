/** Does a pod spec keep its pod off the nodes that run some other pods? (podAntiAffinity semantics.) */
import type { Affinity, Pod, PodAffinityTerm } from '../kube/types.ts';
import { list } from '../kube/read.ts';
import { matchesLabelSelector } from '../kube/selector.ts';
import type { Model } from './model.ts';

export interface AntiAffinityMatch {
  hard: boolean;
  term: PodAffinityTerm;
}

const HOSTNAME_KEYS = new Set(['kubernetes.io/hostname']);

function namespaceLabels(model: Model, ns: string): Readonly<Record<string, string>> {
  const obj = model.get('Namespace', undefined, ns);
  // The API server sets this label on every namespace (1.21+), so selectors can rely on it even when Namespaces were not read.
  return { 'kubernetes.io/metadata.name': ns, ...(obj?.metadata.labels ?? {}) };
}

function termSelects(model: Model, term: PodAffinityTerm, ownNamespace: string | undefined, target: Pod): boolean {
  if (!HOSTNAME_KEYS.has(term.topologyKey ?? '')) return false;
  if (!matchesLabelSelector(term.labelSelector, target.metadata.labels ?? {})) return false;
  const targetNs = target.metadata.namespace ?? '';
  const namespaces = list(term.namespaces);
  if (term.namespaceSelector !== undefined) {
    // An empty namespaceSelector ({}) selects all namespaces; namespaces and namespaceSelector are ORed.
    if (namespaces.includes(targetNs) || matchesLabelSelector(term.namespaceSelector, namespaceLabels(model, targetNs))) return true;
    return false;
  }
  if (namespaces.length > 0) return namespaces.includes(targetNs);
  return targetNs === (ownNamespace ?? '');
}

/** The rule, on either side, that keeps `consumer` and `target` on different nodes, if any. */
export function keptApart(model: Model, consumer: Pod, target: Pod): AntiAffinityMatch | undefined {
  return (
    antiAffinityAgainst(model, consumer.spec?.affinity, consumer.metadata.namespace, target) ??
    antiAffinityAgainst(model, target.spec?.affinity, target.metadata.namespace, consumer)
  );
}

/** The anti-affinity term of `affinity` (declared by a pod in `ownNamespace`) that keeps it off the node of `target`, if any. */
export function antiAffinityAgainst(model: Model, affinity: Affinity | undefined, ownNamespace: string | undefined, target: Pod): AntiAffinityMatch | undefined {
  const anti = affinity?.podAntiAffinity;
  for (const term of list(anti?.requiredDuringSchedulingIgnoredDuringExecution)) {
    if (termSelects(model, term, ownNamespace, target)) return { hard: true, term };
  }
  for (const weighted of list(anti?.preferredDuringSchedulingIgnoredDuringExecution)) {
    if (weighted.podAffinityTerm !== undefined && termSelects(model, weighted.podAffinityTerm, ownNamespace, target)) return { hard: false, term: weighted.podAffinityTerm };
  }
  return undefined;
}
