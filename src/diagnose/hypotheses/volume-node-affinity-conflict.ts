/**
 * volume-node-affinity-conflict: the scheduler reports `node(s) had volume node affinity conflict`:
 * a bound PersistentVolume's `nodeAffinity` (local volumes, zonal disks) admits no node the pod can
 * use: the node it names is gone, NotReady or cordoned, or two volumes want different nodes.
 */
import type { Node } from '../../kube/types.ts';
import { list, stringMap } from '../../kube/read.ts';
import { describeRef } from '../../model/refs.ts';
import { describeTerms, nodeMatchesTerms, pvRequiredTerms, type NodeSelectorTerm } from '../../model/node-selector.ts';
import { absenceEvidence, eventEvidence, inference, objectEvidence } from '../evidence.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';
import { summaryStep } from '../chain.ts';

/** Why a node cannot take new pods, or undefined when it can (Ready, not cordoned). */
export function unschedulableBecause(node: Node): string | undefined {
  if (node.spec?.unschedulable === true) return 'cordoned';
  const ready = list(node.status?.conditions).find((c) => c.type === 'Ready');
  if (ready?.status !== 'True') return `Ready=${ready?.status ?? 'missing'}`;
  return undefined;
}

function assess(ctx: PodContext): Assessment | undefined {
  const facts = ctx.currentFacts('scheduling-failed').filter((f) => f.fact.volumeNodeAffinityConflict > 0);
  const latest = facts[facts.length - 1];
  if (latest === undefined) return undefined;
  const model = ctx.model;
  const evidenceFor: Evidence[] = [eventEvidence(latest.event, model.now)];
  const evidenceAgainst: Evidence[] = [];
  const volumes: { name: string; terms: NodeSelectorTerm[]; matching: Node[] }[] = [];
  const unread: string[] = [];
  for (const path of ctx.paths) {
    if (path.persistentVolume === undefined) continue;
    const pv = model.persistentVolume(path.persistentVolume.name);
    if (pv === undefined) unread.push(path.persistentVolume.name);
    const terms = pv !== undefined ? pvRequiredTerms(pv.spec?.nodeAffinity) : undefined;
    if (pv === undefined || terms === undefined) continue;
    volumes.push({ name: pv.metadata.name, terms, matching: model.nodes.filter((n) => nodeMatchesTerms(terms, n)) });
  }
  if (volumes.length === 0 && unread.length > 0) {
    // Not ruled out on volumes that could not be read; the engine names the missing kind.
    return { verdict: 'possible', score: 0.5, summary: `The scheduler reports a volume node affinity conflict; PersistentVolume ${unread.join(', ')} could not be read to show which node it wants.`, evidenceFor, evidenceAgainst, nextSteps: [`\`kubectl get pv ${unread[0] ?? ''} -o jsonpath={.spec.nodeAffinity}\``] };
  }
  if (volumes.length === 0) {
    evidenceAgainst.push(absenceEvidence('No bound PersistentVolume of the pod has a required nodeAffinity'));
    return { verdict: 'ruled-out', score: 0, summary: 'None of the pod\'s volumes restricts the nodes it can use.', evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  const usable = (n: Node): boolean => unschedulableBecause(n) === undefined;
  const stuck: string[] = [];
  const stuckWhere: string[] = [];
  for (const v of volumes) {
    const ref = { kind: 'PersistentVolume', name: v.name };
    const where = v.matching.map((n) => `${n.metadata.name}${unschedulableBecause(n) !== undefined ? ` (${unschedulableBecause(n) ?? ''})` : ''}`);
    const line = `${describeRef(ref)} requires ${describeTerms(v.terms)}: ${where.length > 0 ? `matches ${where.join(', ')}` : 'no node of the cluster matches'}`;
    if (v.matching.some(usable)) evidenceAgainst.push(objectEvidence(ref, line));
    else {
      evidenceFor.push(objectEvidence(ref, line));
      stuck.push(v.name);
      stuckWhere.push(where.length > 0 ? `PersistentVolume ${v.name} can only be used on ${where.join(', ')}` : `PersistentVolume ${v.name} matches no node of the cluster (${describeTerms(v.terms)})`);
    }
  }
  const common = model.nodes.filter((n) => usable(n) && volumes.every((v) => v.matching.includes(n)));
  const steps = [
    'If the node the volume lives on is gone for good, its data is gone with it: restore from backup into a new claim, then delete the old PV and claim.',
    'If the node is only down or cordoned, bring it back (`kubectl uncordon <node>`); the pod schedules there.',
  ];
  if (stuck.length > 0) {
    return { verdict: 'confirmed', score: 0.95, summary: `${stuckWhere.join('; ')}: no node that can take the pod now satisfies its volumes.`, evidenceFor, evidenceAgainst, nextSteps: steps };
  }
  if (common.length === 0 && volumes.length > 1) {
    evidenceFor.push(inference('Each volume fits some node, but no usable node fits all of them at once'));
    return { verdict: 'likely', score: 0.9, summary: 'The pod\'s volumes are pinned to different nodes: no single node satisfies every volume\'s nodeAffinity.', evidenceFor, evidenceAgainst, nextSteps: ['Move the data so the volumes share a node or zone, or split the workload.'] };
  }
  evidenceAgainst.push(inference(`Usable nodes satisfy the volumes (${common.map((n) => n.metadata.name).join(', ')}); the pod's own nodeSelector, affinity or taints must exclude them`));
  const selector = stringMap(ctx.pod.spec?.nodeSelector);
  if (Object.keys(selector).length > 0) evidenceFor.push(objectEvidence(ctx.podRef, `The pod's nodeSelector is ${Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(', ')}`));
  return { verdict: 'possible', score: 0.4, summary: `The scheduler reports a volume node affinity conflict although ${common.map((n) => n.metadata.name).join(', ')} fit the volumes: the pod's own placement rules exclude them.`, evidenceFor, evidenceAgainst, nextSteps: ['Compare the pod\'s nodeSelector / affinity with the PV nodeAffinity (`kubectl get pv <name> -o jsonpath={.spec.nodeAffinity}`).'] };
}

export const volumeNodeAffinityConflict: Hypothesis = {
  id: 'volume-node-affinity-conflict',
  title: 'The volume is pinned to nodes the pod cannot use',
  needs: ['PersistentVolume', 'PersistentVolumeClaim', 'Node', 'Event'],
  assess,
  explain: summaryStep('How could the pod not be scheduled?'),
};
