/**
 * The prevention for a Service-fronted volume exposure: a pod anti-affinity term that keeps a workload off
 * the nodes running the other side, merged into the workload's existing affinity. Pure: builds
 * descriptions and patch bodies; only the CLI with `--apply` ever sends one.
 */
import type { Affinity, LabelSelector, Pod, PodAffinityTerm, Workload } from '../kube/types.ts';
import { POD_SPEC_PATHS, templateSpecOf } from '../kube/pod-template.ts';
import { list, stringMap } from '../kube/read.ts';
import { matchesLabelSelector } from '../kube/selector.ts';
import type { Model } from '../model/model.ts';
import { describeRef, refOf, type ObjectRef } from '../model/refs.ts';
import type { Exposure } from '../checks/exposures.ts';

export type RuleStrength = 'preferred' | 'required';
export type FixSide = 'consumer' | 'target';

export const HOSTNAME_TOPOLOGY_KEY = 'kubernetes.io/hostname';
/** Weight of the preferred term: the scheduler's maximum, so it outweighs resource-balancing scores. */
export const PREFERRED_WEIGHT = 100;

/** One workload to change, and how. */
export interface AntiAffinityFix {
  side: FixSide;
  /** The object to patch (apiVersion, kind, namespace, name). */
  target: ObjectRef & { apiVersion: string };
  /** The volume whose two sides the rule separates. */
  volume: string;
  strength: RuleStrength;
  /** The new term: whom to avoid, in which namespaces, per node. */
  term: PodAffinityTerm;
  /** The pod template's affinity after the change (existing fields and terms kept). */
  affinity: Affinity;
  /** Strategic-merge patch body (no apiVersion/kind/metadata), e.g. `{spec:{template:{spec:{affinity:…}}}}`. */
  patch: Record<string, unknown>;
  /** What the change does and why, in sentences backed by the objects read. */
  description: string;
  /** Reasons to be careful: an operator that will reconcile the change away, an existing affinity that could not be read. */
  warnings: string[];
  /** The operator-level setting to use instead, when the object is owned by an operator and one exists. */
  operatorSetting?: string;
}

/** A fix that could not be built, and why (shown to the user instead of a patch). */
export interface UnfixableExposure {
  side: FixSide;
  subject: ObjectRef;
  volume: string;
  reason: string;
}

// Kinds whose pod template can be patched. A bare pod's affinity cannot change once created, and a Job's
// template is immutable: neither can be patched.
const TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(Object.entries(POD_SPEC_PATHS).filter(([kind]) => kind !== 'Job'));

/** Wraps a pod-spec fragment in the workload kind's template path. */
function nestAtTemplate(kind: string, podSpecFragment: Record<string, unknown>): Record<string, unknown> {
  const path = TEMPLATE_PATHS[kind] ?? [];
  let body: Record<string, unknown> = podSpecFragment;
  for (const key of [...path].reverse()) body = { [key]: body };
  return body;
}

/**
 * The labels that select exactly `targets`: the Service's selector when it selects them all (it is what
 * identifies the serving pods, e.g. Jiva's `openebs.io/controller` + `openebs.io/persistent-volume`), else
 * the owning workload's selector. Undefined when neither selects every target.
 */
function selectorFor(candidates: readonly (LabelSelector | undefined)[], targets: readonly Pod[]): LabelSelector | undefined {
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    const empty = Object.keys(stringMap(candidate.matchLabels)).length === 0 && list(candidate.matchExpressions).length === 0;
    if (empty) continue;
    if (targets.every((t) => matchesLabelSelector(candidate, t.metadata.labels ?? {}))) return candidate;
  }
  return undefined;
}

function workloadSelector(w: Workload | undefined): LabelSelector | undefined {
  const sel = w?.spec?.selector;
  if (sel === undefined) return undefined;
  const out: LabelSelector = {};
  const labels = stringMap(sel.matchLabels);
  if (Object.keys(labels).length > 0) out.matchLabels = { ...labels };
  const exprs = list(sel.matchExpressions);
  if (exprs.length > 0) out.matchExpressions = exprs.map((e) => ({ ...e }));
  return out;
}

/**
 * The term. `namespaces: [ns]`, not `namespaceSelector`: namespaceSelector is beta from Kubernetes 1.22 and GA
 * only in 1.24, and older API servers and kubectl (Debian's 1.20) drop it silently, which would leave a term
 * that matches only the workload's own namespace. `namespaces` has the same meaning here and works everywhere.
 */
function termFor(selector: LabelSelector, namespaces: readonly string[]): PodAffinityTerm {
  return { labelSelector: selector, namespaces: [...new Set(namespaces)].sort(), topologyKey: HOSTNAME_TOPOLOGY_KEY };
}

/** The affinity with `term` added to the preferred or required anti-affinity list, everything else kept. */
export function mergeAntiAffinity(existing: Affinity | undefined, term: PodAffinityTerm, strength: RuleStrength): Affinity {
  const affinity: Affinity = structuredClone(existing ?? {});
  const anti = { ...(affinity.podAntiAffinity ?? {}) };
  if (strength === 'required') anti.requiredDuringSchedulingIgnoredDuringExecution = [...list(anti.requiredDuringSchedulingIgnoredDuringExecution), term];
  else anti.preferredDuringSchedulingIgnoredDuringExecution = [...list(anti.preferredDuringSchedulingIgnoredDuringExecution), { weight: PREFERRED_WEIGHT, podAffinityTerm: term }];
  affinity.podAntiAffinity = anti;
  return affinity;
}

/**
 * The strategic-merge patch. PodAntiAffinity's term lists have no patch strategy in the Kubernetes API
 * (they are replaced whole, not merged), so the patch carries the existing terms of the list it changes
 * plus the new one; nodeAffinity, podAffinity and the other list are maps' siblings and stay untouched.
 */
function patchBody(kind: string, affinity: Affinity, strength: RuleStrength): Record<string, unknown> {
  const field = strength === 'required' ? 'requiredDuringSchedulingIgnoredDuringExecution' : 'preferredDuringSchedulingIgnoredDuringExecution';
  const anti = affinity.podAntiAffinity ?? {};
  return nestAtTemplate(kind, { affinity: { podAntiAffinity: { [field]: anti[field] } } });
}

interface Side {
  /** The object that would carry the rule. */
  owner: ObjectRef;
  ownerObject: (Workload & { kind: string }) | undefined;
  /** A pod of that object, for its current affinity when the object itself was not read. */
  pod: Pod;
}

function sideOf(model: Model, pod: Pod): Side {
  const owner = model.workloadOf(pod) ?? refOf(pod);
  const found = model.resolve(owner);
  const ownerObject = found !== undefined && TEMPLATE_PATHS[found.kind] !== undefined ? (found as Workload) : undefined;
  return { owner, ownerObject, pod };
}

/** The operator-level place to set target placement, for the engines that have one (reference §2–3). */
function operatorSettingFor(exposure: Exposure): string | undefined {
  const { engine, driver } = exposure.path;
  if (engine === 'jiva' && driver === 'jiva.csi.openebs.io') return 'the JivaVolumePolicy named by the StorageClass parameter `policy` (spec.target: placement of the Jiva target pods); the jiva-operator reconciles the controller Deployment from it';
  if (engine === 'cstor') return 'the CStorVolumePolicy of the StorageClass (spec.target.affinity); the cstor-operator reconciles the target Deployment from it';
  if (engine === 'jiva') return undefined;
  return undefined;
}

function build(options: {
  model: Model;
  exposure: Exposure;
  side: FixSide;
  self: Side;
  avoid: readonly Pod[];
  avoidSelectors: readonly (LabelSelector | undefined)[];
  strength: RuleStrength;
}): AntiAffinityFix | UnfixableExposure {
  const { exposure, side, self, avoid, strength } = options;
  const volume = exposure.path.persistentVolume?.name ?? exposure.path.volume;
  const unfixable = (reason: string): UnfixableExposure => ({ side, subject: self.owner, volume, reason });
  if (self.ownerObject === undefined) {
    if (TEMPLATE_PATHS[self.owner.kind] === undefined) return unfixable(`${describeRef(self.owner)} cannot be patched: a ${self.owner.kind}'s pod template (and a bare pod's affinity) is immutable; change what creates it`);
  }
  const selector = selectorFor(options.avoidSelectors, avoid);
  if (selector === undefined) return unfixable(`no label selector found that selects exactly ${avoid.map((p) => describeRef(refOf(p))).join(', ')} (neither the Service selector nor the owning workload's selector matches them all)`);
  const namespaces = avoid.map((p) => p.metadata.namespace ?? 'default');
  const term = termFor(selector, namespaces);
  const warnings: string[] = [];
  const existing = self.ownerObject !== undefined ? templateSpecOf(self.ownerObject)?.affinity : self.pod.spec?.affinity;
  if (self.ownerObject === undefined) warnings.push(`${describeRef(self.owner)} was not read; its current affinity is taken from ${describeRef(refOf(self.pod))}, whose spec copies the template`);
  const affinity = mergeAntiAffinity(existing, term, strength);
  const kind = self.ownerObject?.kind ?? self.owner.kind;
  const apiVersion = self.ownerObject?.apiVersion ?? (kind === 'CronJob' ? 'batch/v1' : kind === 'ReplicationController' ? 'v1' : 'apps/v1');
  const avoidDesc = avoid.map((p) => describeRef(refOf(p))).join(', ');
  const fix: AntiAffinityFix = {
    side,
    target: { ...self.owner, kind, apiVersion },
    volume,
    strength,
    term,
    affinity,
    patch: patchBody(kind, affinity, strength),
    description:
      `${describeRef(self.owner)}: add a ${strength} pod anti-affinity (topologyKey ${HOSTNAME_TOPOLOGY_KEY}) against pods labelled ` +
      `${describeSelector(selector)} in namespace ${[...new Set(namespaces)].join(', ')} (today: ${avoidDesc}), ` +
      `so that it is ${strength === 'required' ? 'never' : 'not, when any other node fits,'} scheduled on a node running ${side === 'consumer' ? `the target of ${volume}` : `a consumer of ${volume}`}. ` +
      `${existingTerms(existing, strength)} existing term(s) of that list are kept` +
      `${existing?.nodeAffinity !== undefined || existing?.podAffinity !== undefined ? ', and its nodeAffinity/podAffinity are untouched' : ''}.`,
    warnings,
  };
  if (side === 'target') {
    const owners = list(self.ownerObject?.metadata.ownerReferences);
    const managedBy = owners.map((o) => `${o.kind} ${o.name}`).join(', ');
    const labels = self.ownerObject?.metadata.labels ?? self.pod.metadata.labels ?? {};
    const openebs = labels['openebs.io/cas-type'] !== undefined || labels['openebs.io/persistent-volume'] !== undefined;
    if (managedBy !== '') warnings.push(`${describeRef(self.owner)} is owned by ${managedBy}: its controller will likely reconcile this change away`);
    else if (openebs) warnings.push(`${describeRef(self.owner)} is created by OpenEBS (labels openebs.io/*): provisioning and upgrades rewrite it, so this change may not last`);
    const setting = operatorSettingFor(exposure);
    if (setting !== undefined) fix.operatorSetting = setting;
    else if (openebs) warnings.push('no operator-level anti-affinity setting is known for this engine (legacy Jiva CAS templates set node selectors and tolerations for the target, not pod anti-affinity): prefer the consumer-side rule');
  }
  return fix;
}

function existingTerms(existing: Affinity | undefined, strength: RuleStrength): number {
  const anti = existing?.podAntiAffinity;
  return strength === 'required' ? list(anti?.requiredDuringSchedulingIgnoredDuringExecution).length : list(anti?.preferredDuringSchedulingIgnoredDuringExecution).length;
}

/** `openebs.io/controller=jiva-controller, openebs.io/persistent-volume=pvc-…` */
export function describeSelector(selector: LabelSelector): string {
  const parts = Object.entries(stringMap(selector.matchLabels)).map(([k, v]) => `${k}=${v}`);
  for (const e of list(selector.matchExpressions)) parts.push(`${e.key ?? '?'} ${e.operator ?? '?'}${e.values !== undefined ? ` (${list(e.values).join(', ')})` : ''}`);
  return parts.join(', ');
}

export interface FixOptions {
  strength?: RuleStrength;
  sides?: readonly FixSide[];
}

/** Fixes (and the exposures that cannot be fixed by a patch) for every unprotected exposure. */
export function antiAffinityFixes(model: Model, exposures: readonly Exposure[], options: FixOptions = {}): { fixes: AntiAffinityFix[]; unfixable: UnfixableExposure[] } {
  const strength = options.strength ?? 'preferred';
  const sides = options.sides ?? ['consumer'];
  const fixes: AntiAffinityFix[] = [];
  const unfixable: UnfixableExposure[] = [];
  for (const exposure of exposures) {
    const targets = exposure.unprotectedTargets;
    if (targets.length === 0) continue;
    const svcSelector = exposure.path.service !== undefined && Object.keys(exposure.path.service.selector).length > 0 ? { matchLabels: { ...exposure.path.service.selector } } : undefined;
    const results: (AntiAffinityFix | UnfixableExposure)[] = [];
    if (sides.includes('consumer')) {
      const targetWorkloadSelectors = targets.map((t) => workloadSelector(sideOf(model, t).ownerObject));
      results.push(build({ model, exposure, side: 'consumer', self: sideOf(model, exposure.consumer), avoid: targets, avoidSelectors: [svcSelector, ...targetWorkloadSelectors], strength }));
    }
    if (sides.includes('target')) {
      const consumerSide = sideOf(model, exposure.consumer);
      const seen = new Set<string>();
      for (const t of targets) {
        const self = sideOf(model, t);
        const key = `${self.owner.kind}/${self.owner.namespace ?? ''}/${self.owner.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        results.push(build({ model, exposure, side: 'target', self, avoid: [exposure.consumer], avoidSelectors: [workloadSelector(consumerSide.ownerObject), { matchLabels: { ...(exposure.consumer.metadata.labels ?? {}) } }], strength }));
      }
    }
    for (const r of results) {
      if ('patch' in r) fixes.push(r);
      else unfixable.push(r);
    }
  }
  return { fixes: mergeSameObject(fixes), unfixable };
}

/**
 * A workload with several exposed volumes gets one patch: its terms are chained onto one affinity, because
 * two patches replacing the same list would each drop the other's term.
 */
function mergeSameObject(fixes: AntiAffinityFix[]): AntiAffinityFix[] {
  const byObject = new Map<string, AntiAffinityFix>();
  for (const fix of fixes) {
    const key = `${fix.target.kind}/${fix.target.namespace ?? ''}/${fix.target.name}`;
    const prev = byObject.get(key);
    if (prev === undefined) {
      byObject.set(key, fix);
      continue;
    }
    const affinity = mergeAntiAffinity(prev.affinity, fix.term, fix.strength);
    byObject.set(key, {
      ...prev,
      volume: `${prev.volume}, ${fix.volume}`,
      affinity,
      patch: patchBody(prev.target.kind, affinity, fix.strength),
      description: `${prev.description} ${fix.description}`,
      warnings: [...new Set([...prev.warnings, ...fix.warnings])],
    });
  }
  return [...byObject.values()];
}
