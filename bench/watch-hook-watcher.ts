/**
 * The real detection step of `kubehow watch` for bench/watch-scale.ts: the Watcher (debounced passes on change,
 * every detector, the alert engine, diagnoses of new alerts) over the benchmark's cache. A pod change counts as
 * detected when the pass that read it has finished evaluating it (notifications handed to the sinks), so the
 * latency is write → informer → cache → debounce → model → detectors → alert engine.
 *   npm run bench:watch -- --hook bench/watch-hook-watcher.ts
 */
import type { KubeObject } from '../src/sources/types.ts';
import { Watcher, type ClusterFeed } from '../src/watch/watcher.ts';
import { defaultWatchConfig } from '../src/watch/config.ts';
import { WatchMetrics } from '../src/watch/metrics.ts';
import type { WatchBenchHook } from './watch-scale-hook.ts';

const hook: WatchBenchHook = ({ cache, informers, origin, now, detected }) => {
  let pending: KubeObject[] = [];
  let inPass: KubeObject[] = [];
  cache.subscribe((change) => {
    if (change.kind === 'Pod' && change.type !== 'deleted') pending.push(change.object);
  });
  const feed: ClusterFeed = {
    // The pass reads the state here: every change announced before this moment is in it.
    state: (at) => {
      inPass = pending;
      pending = [];
      return cache.state(at, origin);
    },
    inSync: () => true,
    synced: () => informers.allSettled,
    subscribe: (listener) => cache.subscribe(listener),
  };
  let alerts = 0;
  const watcher = new Watcher({
    feed,
    config: defaultWatchConfig(),
    metrics: new WatchMetrics({ version: 'bench' }),
    clock: () => Math.round(now()),
    log: () => undefined,
    targets: [
      {
        enqueue: (notifications) => {
          alerts += notifications.length;
          for (const object of inPass) detected(object);
          inPass = [];
        },
      },
    ],
  });
  watcher.start();
  return {
    stop() {
      watcher.stop();
      process.stderr.write(`watcher: ${watcher.passes} detection passes, ${alerts} notifications, ${watcher.firing().length} alerts firing\n`);
    },
  };
};

export default hook;
