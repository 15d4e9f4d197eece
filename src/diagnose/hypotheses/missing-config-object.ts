/** missing-config-object: a Secret or ConfigMap the pod mounts does not exist in its namespace. */
import { list, text } from '../../kube/read.ts';
import { describeRef } from '../../model/refs.ts';
import { absenceEvidence, eventEvidence, gap, objectEvidence } from '../evidence.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';
import { summaryStep } from '../chain.ts';

type ConfigKind = 'Secret' | 'ConfigMap';

/** The Secrets and ConfigMaps a pod volume needs to be set up (`optional: true` sources may be absent). */
function requiredSources(ctx: PodContext, volumeName: string): { kind: ConfigKind; name: string }[] {
  const volume = list(ctx.pod.spec?.volumes).find((v) => v.name === volumeName);
  if (volume === undefined) return [];
  const out: { kind: ConfigKind; name: string }[] = [];
  const add = (kind: ConfigKind, name: string | undefined, optional: boolean | undefined): void => {
    if (name !== undefined && optional !== true) out.push({ kind, name });
  };
  add('ConfigMap', text(volume.configMap?.name), volume.configMap?.optional);
  add('Secret', text(volume.secret?.secretName), volume.secret?.optional);
  for (const source of list(volume.projected?.sources)) {
    add('ConfigMap', text(source.configMap?.name), source.configMap?.optional);
    add('Secret', text(source.secret?.name), source.secret?.optional);
  }
  return out;
}

/** Whether the snapshot can say that an object of this kind is absent from the namespace (live mode never reads Secrets). */
function absenceKnown(ctx: PodContext, kind: ConfigKind): { known: true } | { known: false; why: string } {
  const ns = ctx.podRef.namespace;
  // A refused read of one object leaves the kind 'read' overall; the refusal for this namespace still makes absence unknowable.
  const refused = ctx.model.notes.some((n) => (n.kind === 'forbidden' || n.kind === 'unavailable') && n.resource === kind && n.namespace === ns);
  const coverage = refused ? 'forbidden' : ctx.model.kindCoverageIn(kind, ns);
  if (coverage === 'read') return { known: true };
  return { known: false, why: coverage === 'forbidden' ? 'forbidden' : 'not in the snapshot' };
}

/** An object of the pod's namespace by kind and name: its reference, the object when read, and whether its absence would be known. */
function lookUp(ctx: PodContext, kind: ConfigKind, name: string) {
  const ns = ctx.podRef.namespace;
  const ref = { kind, name, ...(ns !== undefined ? { namespace: ns } : {}) };
  return { ref, object: ctx.model.get(kind, ns, name), coverage: absenceKnown(ctx, kind) };
}

/**
 * Without the explicit `configmap "…" not found` text (kubelets before ~1.6 printed only the mount timeout), the
 * mount summary still names the volumes left unmounted. A non-optional ConfigMap or Secret behind such a volume that
 * is absent from a namespace whose kind was read is the missing object. `likely`, never `confirmed`: the kubelet did
 * not say why the volume failed, only which one.
 */
function assessFromSummary(ctx: PodContext): Assessment | undefined {
  const now = ctx.model.now;
  const ns = ctx.podRef.namespace;
  const evidenceFor: Evidence[] = [];
  const evidenceAgainst: Evidence[] = [];
  const missing: string[] = [];
  let unknown = false;
  const seen = new Set<string>();
  for (const { fact, event } of ctx.currentFacts('mount-summary')) {
    for (const volumeName of fact.unmounted) {
      for (const source of requiredSources(ctx, volumeName)) {
        const key = `${source.kind}/${source.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const { ref, object, coverage } = lookUp(ctx, source.kind, source.name);
        if (object !== undefined) continue;
        if (coverage.known) {
          evidenceFor.push(eventEvidence(event, now, `the kubelet reports volume "${volumeName}" unmounted`));
          evidenceFor.push(absenceEvidence(`${describeRef(ref)}, the source of volume "${volumeName}", does not exist`, ref));
          missing.push(describeRef(ref));
        } else {
          unknown = true;
          evidenceAgainst.push(gap(`${source.kind} objects were ${coverage.why}: whether ${describeRef(ref)}, the source of unmounted volume "${volumeName}", exists cannot be checked`));
        }
      }
    }
  }
  if (missing.length === 0 && !unknown) return undefined;
  return {
    verdict: missing.length > 0 ? 'likely' : 'possible',
    score: missing.length > 0 ? 0.8 : 0.3,
    summary:
      missing.length > 0
        ? `The kubelet cannot mount a volume whose source ${missing.join(', ')} does not exist (the kubelet's message names only the unmounted volume, not the reason).`
        : 'The kubelet reports a Secret- or ConfigMap-backed volume unmounted; whether its source exists could not be checked.',
    evidenceFor,
    evidenceAgainst,
    nextSteps: [`Create the missing object in namespace ${ns ?? ''} (or mark the volume \`optional: true\`); \`kubectl -n ${ns ?? ''} get secret,configmap\` to compare names, and the kubelet log on the node for the exact error.`],
  };
}

function assess(ctx: PodContext): Assessment | undefined {
  const facts = ctx.currentFacts('object-not-found');
  if (facts.length === 0) return assessFromSummary(ctx);
  const now = ctx.model.now;
  const ns = ctx.podRef.namespace;
  const evidenceFor: Evidence[] = [];
  const evidenceAgainst: Evidence[] = [];
  const missing: string[] = [];
  let unknown = false;
  const seen = new Set<string>();
  for (const { fact, event } of facts) {
    const key = `${fact.objectKind}/${fact.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { ref, object, coverage } = lookUp(ctx, fact.objectKind, fact.name);
    evidenceFor.push(eventEvidence(event, now));
    if (object !== undefined) {
      evidenceAgainst.push(objectEvidence(ref, `${describeRef(ref)} exists now (created ${object.metadata.creationTimestamp ?? 'at an unknown time'}); the kubelet retries and should pick it up`));
      continue;
    }
    if (coverage.known) {
      evidenceFor.push(absenceEvidence(`${describeRef(ref)} does not exist`, ref));
      missing.push(describeRef(ref));
    } else {
      unknown = true;
      evidenceAgainst.push(gap(`${fact.objectKind} objects were ${coverage.why}: whether ${describeRef(ref)} exists now cannot be checked`));
    }
  }
  if (missing.length === 0 && !unknown) {
    return { verdict: 'ruled-out', score: 0, summary: 'Every object the kubelet reported missing exists now.', evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  return {
    verdict: missing.length > 0 ? 'confirmed' : 'possible',
    score: missing.length > 0 ? 0.95 : 0.5,
    summary: missing.length > 0 ? `The pod mounts ${missing.join(', ')}, which does not exist, so the kubelet cannot set up its volumes.` : 'The kubelet reports a missing Secret or ConfigMap; whether it exists now could not be checked.',
    evidenceFor,
    evidenceAgainst,
    nextSteps: [`Create the missing object in namespace ${ns ?? ''} (or mark the volume \`optional: true\`), e.g. \`kubectl -n ${ns ?? ''} get secret,configmap\` to compare names.`],
  };
}

export const missingConfigObject: Hypothesis = {
  id: 'missing-config-object',
  title: 'A Secret or ConfigMap the pod mounts is missing',
  needs: ['Event'],
  // Judged per object: the kind of each missing object is checked where it is named.
  reads: ['Pod', 'Secret', 'ConfigMap'],
  assess,
  explain: summaryStep('How did the volume setup fail?'),
};
