/**
 * stuck-pod: a pod waiting to start (ContainerCreating, PodInitializing) or unscheduled (Pending) for
 * longer than STUCK_AFTER_MS: the detection gap of the seed PIR ("alert on ContainerCreating > 5 minutes").
 */
import type { Pod } from '../kube/types.ts';
import { podCondition, podNode, scheduledAt, waitingReason } from '../kube/pod.ts';
import { text, timeOf } from '../kube/read.ts';
import { describeRef, refOf } from '../model/refs.ts';
import { ago, formatDuration } from '../model/time.ts';
import { objectEvidence } from '../diagnose/evidence.ts';
import type { Check, Finding } from './types.ts';

/** Waiting longer than this is stuck (the PIR's alert threshold). */
export const STUCK_AFTER_MS = 5 * 60 * 1000;
// Reasons that mean "the kubelet is still setting the pod up", where volume mounts block.
const SETUP_REASONS = new Set(['ContainerCreating', 'PodInitializing']);

function stuck(model: Parameters<Check['run']>[0], pod: Pod): Finding | undefined {
  if (text(pod.status?.phase) !== 'Pending' || pod.metadata.deletionTimestamp !== undefined) return undefined;
  const ref = refOf(pod);
  const node = podNode(pod);
  const waiting = waitingReason(pod);
  if (node !== undefined && waiting !== undefined && SETUP_REASONS.has(waiting)) {
    const since = scheduledAt(pod);
    if (since === undefined || model.now - since < STUCK_AFTER_MS) return undefined;
    const workload = model.workloadOf(pod);
    return {
      id: 'stuck-pod',
      severity: 'high',
      title: 'Pod stuck starting',
      summary: `${describeRef(ref)} has been in ${waiting} on ${node} for ${formatDuration(model.now - since)}; run \`kubehow diagnose ${ref.namespace ?? 'default'}/${ref.name}\` for the cause.`,
      subject: ref,
      node,
      related: workload !== undefined ? [workload] : [],
      evidence: [objectEvidence(ref, `scheduled to ${node} ${ago(since, model.now)}, containers waiting (${waiting})`, since)],
    };
  }
  const scheduled = podCondition(pod, 'PodScheduled');
  if (node === undefined && scheduled?.status === 'False') {
    const since = timeOf(scheduled.lastTransitionTime) ?? timeOf(pod.metadata.creationTimestamp);
    if (since === undefined || model.now - since < STUCK_AFTER_MS) return undefined;
    return {
      id: 'stuck-pod',
      severity: 'warning',
      title: 'Pod not scheduled',
      summary: `${describeRef(ref)} has not been scheduled for ${formatDuration(model.now - since)}${scheduled.reason !== undefined ? ` (${scheduled.reason}${scheduled.message !== undefined ? `: ${scheduled.message}` : ''})` : ''}.`,
      subject: ref,
      related: [],
      evidence: [objectEvidence(ref, `condition PodScheduled=False since ${scheduled.lastTransitionTime ?? '?'}${scheduled.message !== undefined ? `: ${scheduled.message}` : ''}`, since)],
    };
  }
  return undefined;
}

export const stuckPod: Check = {
  id: 'stuck-pod',
  title: 'Pods stuck before they run',
  needs: ['Pod'],
  run(model) {
    const out: Finding[] = [];
    for (const pod of model.pods) {
      const f = stuck(model, pod);
      if (f !== undefined) out.push(f);
    }
    return out;
  },
};
