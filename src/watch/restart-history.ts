/**
 * How each pod's restart count moved while the watcher watched it, so restart-storm can count restarts per
 * window instead of trusting a lifetime total. One sample per pod per change of its count (not per pass), and
 * only what the window needs: the samples inside it plus the last one before it (the count at its start).
 */
import type { Pod } from '../kube/types.ts';
import { restartCount } from '../kube/pod.ts';
import type { ObservedRestarts, RestartWindow } from '../checks/restart-storm.ts';

interface Sample {
  at: number;
  count: number;
}

export class RestartHistory implements RestartWindow {
  readonly windowMs: number;
  readonly minRestarts: number;
  private readonly samples = new Map<string, Sample[]>();
  private now = 0;

  constructor(options: { windowMs: number; minRestarts: number }) {
    this.windowMs = options.windowMs;
    this.minRestarts = options.minRestarts;
  }

  /** Records the pass at `now`: a sample for every pod whose count changed (or is new); forgets pods that are gone. */
  record(pods: readonly Pod[], now: number): void {
    this.now = now;
    const live = new Set<string>();
    for (const pod of pods) {
      const key = keyOf(pod);
      live.add(key);
      const count = restartCount(pod);
      const list = this.samples.get(key);
      if (list === undefined) {
        this.samples.set(key, [{ at: now, count }]);
        continue;
      }
      if (list[list.length - 1]?.count !== count) list.push({ at: now, count });
      // Keep the last sample at or before the window's start (the count when the window began) and those after it.
      const start = now - this.windowMs;
      let firstNeeded = 0;
      for (let i = 0; i < list.length; i += 1) if ((list[i]?.at ?? 0) <= start) firstNeeded = i;
      if (firstNeeded > 0) list.splice(0, firstNeeded);
    }
    for (const key of this.samples.keys()) if (!live.has(key)) this.samples.delete(key);
  }

  observed(pod: Pod): ObservedRestarts | undefined {
    const list = this.samples.get(keyOf(pod));
    const first = list?.[0];
    if (list === undefined || first === undefined) return undefined;
    const start = this.now - this.windowMs;
    const current = list[list.length - 1]?.count ?? first.count;
    // A count that went down belongs to a reset pod status: count what it shows since.
    const restarts = current >= first.count ? current - first.count : current;
    return { restarts, sinceMs: first.at <= start ? start : first.at };
  }

  /** Pods with samples (for tests and the memory bench). */
  get size(): number {
    return this.samples.size;
  }
}

function keyOf(pod: Pod): string {
  return pod.metadata.uid ?? `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
}
