/** Facts about one pod read from its status, without interpretation. */
import type { Condition, ContainerStatus, Pod } from './types.ts';
import { list, text, timeOf } from './read.ts';

/** All container statuses, init containers first. */
export function containerStatuses(pod: Pod): readonly ContainerStatus[] {
  return [...list(pod.status?.initContainerStatuses), ...list(pod.status?.containerStatuses)];
}

export function podCondition(pod: Pod, type: string): Condition | undefined {
  return list(pod.status?.conditions).find((c) => c.type === type);
}

/** True when the pod's Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** Sum of restart counts over all containers. */
export function restartCount(pod: Pod): number {
  return containerStatuses(pod).reduce((sum, c) => sum + (typeof c.restartCount === 'number' ? c.restartCount : 0), 0);
}

/** The first waiting reason among the pod's containers (init containers first), e.g. `ContainerCreating`. */
export function waitingReason(pod: Pod): string | undefined {
  for (const c of containerStatuses(pod)) {
    const reason = text(c.state?.waiting?.reason);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

/** The node the pod is bound to. */
export function podNode(pod: Pod): string | undefined {
  return text(pod.spec?.nodeName);
}

/** When the pod was scheduled (PodScheduled transition), falling back to its creation. */
export function scheduledAt(pod: Pod): number | undefined {
  const scheduled = podCondition(pod, 'PodScheduled');
  if (scheduled?.status === 'True') {
    const t = timeOf(scheduled.lastTransitionTime);
    if (t !== undefined) return t;
  }
  return timeOf(pod.metadata.creationTimestamp);
}

/** The latest time any container of the pod (re)started running, if one is running. */
export function lastContainerStart(pod: Pod): number | undefined {
  let latest: number | undefined;
  for (const c of containerStatuses(pod)) {
    const t = timeOf(c.state?.running?.startedAt);
    if (t !== undefined && (latest === undefined || t > latest)) latest = t;
  }
  return latest;
}

/** The earliest time a container of the pod started running; volumes were mounted before it. */
export function firstContainerStart(pod: Pod): number | undefined {
  let earliest: number | undefined;
  for (const c of containerStatuses(pod)) {
    for (const t of [timeOf(c.state?.running?.startedAt), timeOf(c.state?.terminated?.startedAt), timeOf(c.lastState?.terminated?.startedAt)]) {
      if (t !== undefined && (earliest === undefined || t < earliest)) earliest = t;
    }
  }
  return earliest;
}

/** The latest container termination (a restart), if any. */
export function lastTermination(pod: Pod): number | undefined {
  let latest: number | undefined;
  for (const c of containerStatuses(pod)) {
    const t = timeOf(c.lastState?.terminated?.finishedAt) ?? timeOf(c.state?.terminated?.finishedAt);
    if (t !== undefined && (latest === undefined || t > latest)) latest = t;
  }
  return latest;
}

/** True when the pod is in a crash loop right now. */
export function isCrashLooping(pod: Pod): boolean {
  return containerStatuses(pod).some((c) => c.state?.waiting?.reason === 'CrashLoopBackOff');
}

/** Whether the pod mounts the claim (by name, in its own namespace). */
export function usesClaim(pod: Pod, claim: string): boolean {
  return list(pod.spec?.volumes).some((v) => v.persistentVolumeClaim?.claimName === claim);
}
