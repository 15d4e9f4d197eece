/**
 * stuck-pod: a pod waiting to start (ContainerCreating, PodInitializing, Pending after scheduling) or unscheduled for
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

/** The threshold for one pod: the watch command overrides it per namespace or label; audit uses STUCK_AFTER_MS. */
export type StuckThreshold = (pod: Pod) => number;
// Reasons that mean "the kubelet is still setting the pod up", where volume mounts block.
const SETUP_REASONS = new Set(['ContainerCreating', 'PodInitializing']);

function stuck(model: Parameters<Check['run']>[0], pod: Pod, thresholdMs: number): Finding | undefined {
  if (text(pod.status?.phase) !== 'Pending' || pod.metadata.deletionTimestamp !== undefined) return undefined;
  const ref = refOf(pod);
  const node = podNode(pod);
  const waiting = waitingReason(pod);
  // Scheduled, still Pending, and either setting up or with no container status at all (the kubelet has not
  // reported on it: a stalled kubelet or a node that went away). Other waiting reasons (image pulls, config
  // errors) are failures the kubelet reports as such, not a silent wait.
  if (node !== undefined && (waiting === undefined || SETUP_REASONS.has(waiting))) {
    const since = scheduledAt(pod);
    if (since === undefined || model.now - since < thresholdMs) return undefined;
    const workload = model.workloadOf(pod);
    return {
      id: 'stuck-pod',
      severity: 'high',
      title: 'Pod stuck starting',
      summary: `${describeRef(ref)} has been ${waiting !== undefined ? `in ${waiting}` : 'Pending with no container status reported'} on ${node} for ${formatDuration(model.now - since)}; run \`kubehow diagnose ${ref.namespace ?? 'default'}/${ref.name}\` for the cause.`,
      subject: ref,
      node,
      related: workload !== undefined ? [workload] : [],
      evidence: [objectEvidence(ref, `scheduled to ${node} ${ago(since, model.now)}, ${waiting !== undefined ? `containers waiting (${waiting})` : 'phase Pending and no container status from the kubelet'}`, since)],
    };
  }
  const scheduled = podCondition(pod, 'PodScheduled');
  if (node === undefined && scheduled?.status === 'False') {
    const since = timeOf(scheduled.lastTransitionTime) ?? timeOf(pod.metadata.creationTimestamp);
    if (since === undefined || model.now - since < thresholdMs) return undefined;
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

/** The stuck-pod check with a threshold per pod. */
export function stuckPodCheck(thresholdOf: StuckThreshold): Check {
  return {
    id: 'stuck-pod',
    title: 'Pods stuck before they run',
    needs: ['Pod'],
    run(model) {
      const out: Finding[] = [];
      for (const pod of model.pods) {
        const f = stuck(model, pod, thresholdOf(pod));
        if (f !== undefined) out.push(f);
      }
      return out;
    },
  };
}

export const stuckPod: Check = stuckPodCheck(() => STUCK_AFTER_MS);
