/** node-disk-pressure: DiskPressure, or the kubelet failing to free disk (ImageGCFailed, FreeDiskSpaceFailed). */
import type { Node } from '../kube/types.ts';
import { list, timeOf } from '../kube/read.ts';
import { refOf } from '../model/refs.ts';
import { eventEvidence, objectEvidence } from '../diagnose/evidence.ts';
import type { Check, Finding } from './types.ts';

const GC_REASONS = new Set(['ImageGCFailed', 'FreeDiskSpaceFailed']);
// Node GC events older than this describe a past episode, not current pressure.
const RECENT_MS = 60 * 60 * 1000;

function check(model: Parameters<Check['run']>[0], node: Node): Finding | undefined {
  const ref = refOf(node);
  const condition = list(node.status?.conditions).find((c) => c.type === 'DiskPressure');
  const pressure = condition?.status === 'True';
  const gcEvents = [
    ...(ref.uid !== undefined ? model.events.byInvolvedUid(ref.uid) : []),
    ...model.events.byInvolvedName('Node', undefined, node.metadata.name).filter((e) => e.involved.uid === undefined || e.involved.uid !== ref.uid),
  ].filter((e) => GC_REASONS.has(e.reason) && e.last !== undefined && model.now - e.last <= RECENT_MS);
  if (!pressure && gcEvents.length === 0) return undefined;
  const evidence = gcEvents.map((e) => eventEvidence(e, model.now));
  if (pressure) evidence.unshift(objectEvidence(ref, `condition DiskPressure=True since ${condition?.lastTransitionTime ?? '?'}: ${condition?.message ?? ''}`, timeOf(condition?.lastTransitionTime)));
  else if (condition !== undefined) evidence.push(objectEvidence(ref, `condition DiskPressure=${condition.status ?? '?'}: eviction has not started yet`));
  return {
    id: 'node-disk-pressure',
    severity: pressure ? 'high' : 'warning',
    title: 'Node disk pressure',
    summary: pressure
      ? `Node ${node.metadata.name} reports DiskPressure: the kubelet is evicting pods and refusing new ones.`
      : `The kubelet on ${node.metadata.name} cannot free disk space (${[...new Set(gcEvents.map((e) => e.reason))].join(', ')}): image garbage collection finds nothing to delete.`,
    subject: ref,
    node: node.metadata.name,
    related: [],
    evidence,
  };
}

export const nodeDiskPressure: Check = {
  id: 'node-disk-pressure',
  title: 'Nodes short of disk',
  needs: ['Node', 'Event'],
  run(model) {
    const out: Finding[] = [];
    for (const node of model.nodes) {
      const f = check(model, node);
      if (f !== undefined) out.push(f);
    }
    return out;
  },
};
