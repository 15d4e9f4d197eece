/**
 * An example detection hook for bench/watch-scale.ts, until the watch engine plugs in its own: once a
 * second, if the cache changed, build a Model from `cache.state()` and run every audit check on it; the
 * pods changed before that pass count as "detected" when it ends. So the latency it reports is what a
 * full audit pass per second would give (half a period on average, plus the pass), an upper bound
 * for an engine that detects incrementally.
 *   npm run bench:watch -- --hook bench/watch-hook-periodic-audit.ts
 */
import { buildModel } from '../src/model/model.ts';
import { audit } from '../src/checks/audit.ts';
import type { KubeObject } from '../src/sources/types.ts';
import type { WatchBenchHook } from './watch-scale-hook.ts';

const PERIOD_MS = 1000;

const hook: WatchBenchHook = ({ cache, origin, now, detected }) => {
  let pending: KubeObject[] = [];
  cache.subscribe((change) => {
    if (change.kind === 'Pod' && change.type !== 'deleted') pending.push(change.object);
  });
  let generation = cache.generation;
  const timer = setInterval(() => {
    if (cache.generation === generation) return;
    generation = cache.generation;
    const batch = pending;
    pending = [];
    const model = buildModel(cache.state(new Date(now()).toISOString(), origin));
    audit(model);
    for (const object of batch) detected(object);
  }, PERIOD_MS);
  return {
    stop() {
      clearInterval(timer);
    },
  };
};

export default hook;
