/**
 * The plug-in point of bench/watch-scale.ts for a detection step: a module whose default export is a
 * {@link WatchBenchHook}. The benchmark child calls it once the informers have synced; the hook subscribes
 * to the cache (or polls `cache.state()`), runs its detection, and calls `detected(object)` with the pod
 * whose change it has acted on (an alert emitted, say). The child measures server write → `detected`.
 *
 *   npm run bench:watch -- --hook bench/watch-hook-periodic-model.ts
 */
import type { KubeObject } from '../src/sources/types.ts';
import type { ClusterCache, LiveOrigin } from '../src/watch/cluster-cache.ts';
import type { ClusterInformers } from '../src/watch/informer.ts';

export interface WatchBenchHookContext {
  cache: ClusterCache;
  informers: ClusterInformers;
  /** The origin to give `cache.state()`. */
  origin: LiveOrigin;
  /** The child's clock (ms since the epoch, sub-millisecond). */
  now: () => number;
  /** Call with the object whose change led to a detection (its bench annotation carries the write time). */
  detected: (object: KubeObject) => void;
}

/** What a hook returns: how to stop it when the run ends. */
export interface WatchBenchHookHandle {
  stop(): void | Promise<void>;
}

export type WatchBenchHook = (context: WatchBenchHookContext) => WatchBenchHookHandle | Promise<WatchBenchHookHandle>;

/** The annotation the driver stamps on every pod it updates: the server-side write time, ms since the epoch. */
export const WRITTEN_AT = 'bench.kubehow.dev/written-at';

/** Wall clock with sub-millisecond resolution, comparable between the parent and the child process. */
export function wallClock(): number {
  return performance.timeOrigin + performance.now();
}
