/**
 * The live side of `kubehow watch`: connect through the kubeconfig (the same rules as every live command),
 * discover what the server serves, start one informer per resource into one cache, and present it to the
 * watcher as a ClusterFeed. Also answers /healthz and /readyz from the informers' state.
 */
import { connect } from '../sources/live/read-live.ts';
import type { WatchMetrics } from './metrics.ts';
import { ClusterInformers } from './informer.ts';
import type { CacheChange } from './cluster-cache.ts';
import type { ClusterFeed, Watcher } from './watcher.ts';
import type { HealthSource } from './http-server.ts';
import type { ClusterState } from '../sources/types.ts';

export interface LiveWatchOptions {
  env: Readonly<Record<string, string | undefined>>;
  kubeconfig: string | undefined;
  context: string | undefined;
  home?: string;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
  clock: () => number;
  namespaces: readonly string[] | undefined;
  metrics: WatchMetrics;
  /** The watcher's pass interval: /healthz fails when no pass has run for three of them. */
  passIntervalMs: number;
}

/** The feed over running informers. */
class InformerFeed implements ClusterFeed {
  private readonly informers: ClusterInformers;
  private readonly origin: Extract<ClusterState['origin'], { type: 'live' }>;

  constructor(informers: ClusterInformers, origin: Extract<ClusterState['origin'], { type: 'live' }>) {
    this.informers = informers;
    this.origin = origin;
  }

  state(now: string): ClusterState {
    return this.informers.cache.state(now, this.origin);
  }

  /** In sync unless one of the kind's informers is (re)listing or backing off; a kind refused for good is as known as it will get. */
  inSync(kind: string): boolean {
    return this.informers.health().every((h) => h.kind !== kind || h.phase === 'watching' || h.phase === 'refused');
  }

  synced(): boolean {
    return this.informers.allSettled;
  }

  subscribe(listener: (change: CacheChange) => void): () => void {
    return this.informers.cache.subscribe(listener);
  }
}

export async function startLiveWatch(options: LiveWatchOptions) {
  const connection = await connect({
    env: options.env,
    kubeconfig: options.kubeconfig,
    context: options.context,
    clock: options.clock,
    ...(options.home !== undefined ? { home: options.home } : {}),
    ...(options.sleep !== undefined ? { sleep: options.sleep } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  const informers = new ClusterInformers({ api: connection.api, catalog: connection.reader.catalog, namespaces: options.namespaces, metrics: options.metrics, now: options.clock });
  informers.start();
  const feed = new InformerFeed(informers, { type: 'live', context: connection.context, server: connection.server });
  return {
    feed,
    context: connection.context,
    server: connection.server,
    informers: informers.informers.length,
    synced: () => informers.synced(),
    /** Rejects when the informers end for good (a ClusterAccessError: exit 3). */
    ended: () => informers.wait(),
    stop: () => informers.stop(),
    objectCount: () => informers.cache.size,
    /** What could not be read so far (forbidden, failing, not served), as the alerts will say it. */
    notes: () => informers.cache.notes,
    refreshMetrics: () => {
      informers.refreshMetrics();
    },
    health(watcher: Watcher): HealthSource {
      return {
        unhealthy: () => {
          const last = watcher.lastPassAt;
          if (!informers.allSettled || last === undefined) return undefined;
          const age = options.clock() - last;
          return age > Math.max(3 * options.passIntervalMs, 60_000) ? `no detection pass for ${Math.round(age / 1000)}s` : undefined;
        },
        notReady: () => {
          if (informers.allSettled) return undefined;
          const waiting = informers.health().filter((h) => !h.settled).map((h) => (h.namespace !== undefined ? `${h.resource} in ${h.namespace}` : h.resource));
          return `waiting for the first list of: ${waiting.join(', ')}`;
        },
      };
    },
  };
}
