/**
 * The events that concern one pod, each with a freshness verdict (HYPOTHESES.md, "Staleness").
 * A stale event is never evidence for anything current; the output lists it with the reason.
 */
import type { Pod } from '../kube/types.ts';
import { firstContainerStart, podNode, scheduledAt } from '../kube/pod.ts';
import type { Model } from './model.ts';
import type { EventView } from './events.ts';
import type { DataPath } from './datapath/types.ts';
import { describeRef } from './refs.ts';
import { formatTime } from './time.ts';

export interface JudgedEvent {
  event: EventView;
  /** Set when the event does not describe the current pod's current state; `why` says which rule. */
  stale?: { why: string };
}

const FAILURE_REASONS = new Set(['FailedMount', 'FailedAttachVolume', 'FailedMapVolume']);
// Which success resolves which failure: a later successful attach does not mean a mount will work (the seed's lesson).
function resolves(failure: EventView, success: EventView): boolean {
  const failedOp = failure.parsed.operation ?? '';
  const okOp = success.parsed.operation ?? '';
  const sameVolume = failure.parsed.volume !== undefined && failure.parsed.volume === success.parsed.volume;
  if (!sameVolume || success.parsed.outcome !== 'succeeded') return false;
  if (failedOp.startsWith('AttachVolume')) return okOp.startsWith('AttachVolume');
  if (failedOp.startsWith('MountVolume')) return okOp === 'MountVolume.SetUp' || okOp === failedOp;
  if (failedOp.startsWith('MapVolume')) return okOp.startsWith('MapVolume');
  return false;
}

/**
 * The scheduler emits FailedScheduling with the reasons of each attempt (kube-scheduler's failure handler),
 * so a FailedScheduling whose message stopped repeating before another one with a different message began
 * describes an earlier state: the newer one is what blocks the pod now.
 */
function supersedingAttempt(event: EventView, ownEvents: readonly EventView[]): EventView | undefined {
  const last = event.last;
  if (last === undefined) return undefined;
  return ownEvents.find((e) => e !== event && e.reason === 'FailedScheduling' && e.message !== event.message && (e.first ?? e.last ?? 0) > last);
}

/** Collects the events about a pod, its claims and its volumes, and judges each. */
export function judgePodEvents(model: Model, pod: Pod, paths: readonly DataPath[]): JudgedEvent[] {
  const candidates = new Map<EventView['raw'], EventView>();
  const add = (events: readonly EventView[]): void => {
    for (const e of events) candidates.set(e.raw, e);
  };
  const ns = pod.metadata.namespace;
  if (pod.metadata.uid !== undefined) add(model.events.byInvolvedUid(pod.metadata.uid));
  add(model.events.byInvolvedName('Pod', ns, pod.metadata.name));
  for (const path of paths) {
    if (path.persistentVolume !== undefined) {
      add(model.events.mentioningVolume(path.persistentVolume.name));
      add(model.events.byInvolvedName('PersistentVolume', undefined, path.persistentVolume.name));
    }
    if (path.claim !== undefined) add(model.events.byInvolvedName('PersistentVolumeClaim', path.claim.namespace, path.claim.name));
  }
  const events = [...candidates.values()].sort((a, b) => (a.last ?? 0) - (b.last ?? 0));
  const node = podNode(pod);
  const since = scheduledAt(pod);
  const containersStarted = firstContainerStart(pod);
  const ownEvents = events.filter((e) => e.involved.uid !== undefined && e.involved.uid === pod.metadata.uid);

  return events.map((event) => {
    const reasons: string[] = [];
    const inv = event.involved;
    if (inv.kind === 'Pod') {
      if (inv.uid !== undefined && pod.metadata.uid !== undefined && inv.uid !== pod.metadata.uid) {
        const other = model.byUid(inv.uid);
        reasons.push(
          other !== undefined
            ? `it is about another pod, ${describeRef(inv)} (uid ${inv.uid})`
            : `it is about pod ${inv.namespace ?? ''}/${inv.name} (uid ${inv.uid}), an earlier pod that no longer exists, not the current one (uid ${pod.metadata.uid})`,
        );
      } else if (inv.name !== pod.metadata.name || (inv.namespace ?? ns) !== ns) {
        reasons.push(`it is about another pod, ${describeRef(inv)}`);
      }
    }
    if (event.host !== undefined && node !== undefined && event.host !== node) {
      reasons.push(`it was reported by node ${event.host}, but the pod runs on ${node}`);
    }
    if (event.last !== undefined && since !== undefined && event.last < since) {
      reasons.push(`its last occurrence (${formatTime(event.last)}) is before the current pod was scheduled (${formatTime(since)})`);
    }
    if (FAILURE_REASONS.has(event.reason) && event.last !== undefined) {
      const last = event.last;
      const success = ownEvents.find((s) => s.last !== undefined && s.last > last && resolves(event, s));
      if (success !== undefined) {
        reasons.push(`a later event shows it resolved: "${success.message}" at ${formatTime(success.last ?? 0)}`);
      } else if (containersStarted !== undefined && containersStarted > last && event.reason === 'FailedMount') {
        reasons.push(`the pod's containers started at ${formatTime(containersStarted)}, after it, so its volumes were mounted`);
      }
    }
    const newer = event.reason === 'FailedScheduling' ? supersedingAttempt(event, ownEvents) : undefined;
    if (newer !== undefined) {
      reasons.push(`a later scheduling attempt reports the scheduler's current reason: "${newer.message}" from ${formatTime(newer.first ?? newer.last ?? 0)}`);
    }
    return reasons.length > 0 ? { event, stale: { why: reasons.join('; ') } } : { event };
  });
}
