/**
 * restart-storm: pods whose containers keep restarting now. From one snapshot (audit), a high count with a
 * recent restart or a crash loop. A watcher also knows how the count moved while it watched: a pod it has
 * observed for a whole window is judged by its restarts within that window alone, so an old count (the
 * seed's provisioner with 697 restarts over weeks) stops being a storm once it stops restarting.
 */
import type { Pod } from '../kube/types.ts';
import { containerStatuses, isCrashLooping, lastTermination, podNode, restartCount } from '../kube/pod.ts';
import { text } from '../kube/read.ts';
import { describeRef, refOf } from '../model/refs.ts';
import { ago, formatDuration } from '../model/time.ts';
import { objectEvidence } from '../diagnose/evidence.ts';
import type { Check, Finding } from './types.ts';

/** Restarts at or above this count make a pod a candidate; a restart within RECENT_MS (or a crash loop) makes it a storm now. */
export const STORM_MIN_RESTARTS = 10;
const RECENT_MS = 60 * 60 * 1000;

/** Restarts of a pod a watcher saw happen: `restarts` between `sinceMs` (its first sample in the window) and now. */
export interface ObservedRestarts {
  restarts: number;
  sinceMs: number;
}

/** What a watcher knows of restarts per window; `observed(pod)` is undefined for a pod it has no sample of. */
export interface RestartWindow {
  windowMs: number;
  /** Restarts within the window that make a storm. */
  minRestarts: number;
  observed(pod: Pod): ObservedRestarts | undefined;
}

/** Whether the snapshot alone says the pod is restarting now. */
function stormingInSnapshot(pod: Pod, now: number): boolean {
  if (restartCount(pod) < STORM_MIN_RESTARTS) return false;
  const last = lastTermination(pod);
  return isCrashLooping(pod) || (last !== undefined && now - last <= RECENT_MS);
}

function storm(pod: Pod, now: number, window: RestartWindow | undefined): Finding | undefined {
  const restarts = restartCount(pod);
  const seen = window?.observed(pod);
  const watchedWholeWindow = window !== undefined && seen !== undefined && now - seen.sinceMs >= window.windowMs;
  const seenStorm = window !== undefined && seen !== undefined && seen.restarts >= window.minRestarts;
  // Watched for a whole window: the restarts seen in it decide. Watched for less: what was seen, or the snapshot's signs.
  if (watchedWholeWindow ? !seenStorm : !seenStorm && !stormingInSnapshot(pod, now)) return undefined;
  const last = lastTermination(pod);
  const looping = isCrashLooping(pod);
  const ref = refOf(pod);
  const node = podNode(pod);
  const evidence = containerStatuses(pod)
    .filter((c) => (c.restartCount ?? 0) > 0)
    .map((c) => {
      const reason = text(c.lastState?.terminated?.reason);
      const exit = c.lastState?.terminated?.exitCode;
      return objectEvidence(ref, `container ${c.name ?? '?'}: ${c.restartCount ?? 0} restarts${reason !== undefined ? `, last terminated ${reason}${exit !== undefined ? ` (exit ${exit})` : ''}` : ''}${c.state?.waiting?.reason !== undefined ? `, now ${c.state.waiting.reason}` : ''}`);
    });
  if (seenStorm && seen !== undefined) evidence.unshift(objectEvidence(ref, `${seen.restarts} restarts seen in the last ${formatDuration(now - seen.sinceMs)} (restartCount moved while watched)`, seen.sinceMs));
  const finding: Finding = {
    id: 'restart-storm',
    severity: restarts >= 100 || (seenStorm && seen !== undefined && seen.restarts >= 3 * (window?.minRestarts ?? Infinity)) ? 'high' : 'warning',
    title: 'Restart storm',
    summary: `${describeRef(ref)}${node !== undefined ? ` on ${node}` : ''} has restarted ${restarts} times${seenStorm && seen !== undefined ? ` (${seen.restarts} in the last ${formatDuration(now - seen.sinceMs)})` : ''}${last !== undefined ? `, the last ${ago(last, now)}` : ''}${looping ? ', and is in CrashLoopBackOff' : ''}.`,
    subject: ref,
    related: [],
    evidence,
  };
  if (node !== undefined) finding.node = node;
  return finding;
}

/** The restart-storm check; with a watcher's restart window, judged by restarts per window. */
export function restartStormCheck(window?: RestartWindow): Check {
  return {
    id: 'restart-storm',
    title: 'Pods restarting over and over',
    needs: ['Pod'],
    run(model) {
      const out: Finding[] = [];
      for (const pod of model.pods) {
        const f = storm(pod, model.now, window);
        if (f !== undefined) out.push(f);
      }
      return out;
    },
  };
}

export const restartStorm: Check = restartStormCheck();
