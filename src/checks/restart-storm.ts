/** restart-storm: pods whose containers keep restarting now (high count and a recent restart or a crash loop). */
import type { Pod } from '../kube/types.ts';
import { containerStatuses, isCrashLooping, lastTermination, podNode, restartCount } from '../kube/pod.ts';
import { text } from '../kube/read.ts';
import { describeRef, refOf } from '../model/refs.ts';
import { ago } from '../model/time.ts';
import { objectEvidence } from '../diagnose/evidence.ts';
import type { Check, Finding } from './types.ts';

/** Restarts at or above this count make a pod a candidate; a restart within RECENT_MS (or a crash loop) makes it a storm now. */
export const STORM_MIN_RESTARTS = 10;
const RECENT_MS = 60 * 60 * 1000;

function storm(pod: Pod, now: number): Finding | undefined {
  const restarts = restartCount(pod);
  if (restarts < STORM_MIN_RESTARTS) return undefined;
  const last = lastTermination(pod);
  const looping = isCrashLooping(pod);
  if (!looping && (last === undefined || now - last > RECENT_MS)) return undefined;
  const ref = refOf(pod);
  const node = podNode(pod);
  const evidence = containerStatuses(pod)
    .filter((c) => (c.restartCount ?? 0) > 0)
    .map((c) => {
      const reason = text(c.lastState?.terminated?.reason);
      const exit = c.lastState?.terminated?.exitCode;
      return objectEvidence(ref, `container ${c.name ?? '?'}: ${c.restartCount ?? 0} restarts${reason !== undefined ? `, last terminated ${reason}${exit !== undefined ? ` (exit ${exit})` : ''}` : ''}${c.state?.waiting?.reason !== undefined ? `, now ${c.state.waiting.reason}` : ''}`);
    });
  const finding: Finding = {
    id: 'restart-storm',
    severity: restarts >= 100 ? 'high' : 'warning',
    title: 'Restart storm',
    summary: `${describeRef(ref)}${node !== undefined ? ` on ${node}` : ''} has restarted ${restarts} times${last !== undefined ? `, the last ${ago(last, now)}` : ''}${looping ? ', and is in CrashLoopBackOff' : ''}.`,
    subject: ref,
    related: [],
    evidence,
  };
  if (node !== undefined) finding.node = node;
  return finding;
}

export const restartStorm: Check = {
  id: 'restart-storm',
  title: 'Pods restarting over and over',
  needs: ['Pod'],
  run(model) {
    const out: Finding[] = [];
    for (const pod of model.pods) {
      const f = storm(pod, model.now);
      if (f !== undefined) out.push(f);
    }
    return out;
  },
};
