/**
 * Informers: for each resource, list (paged) into the cache, then watch from the list's resourceVersion,
 * supervised the way client-go's reflector is. A watch the server closes (its timeout) is re-opened from
 * the last version seen, without a list; 410 Gone re-lists at once, and the cache announces only what
 * changed meanwhile; errors, 5xx and 429 back off exponentially with jitter, then re-list; 403 and 404
 * become notes ("could not read …") and are retried slowly. 401 is not retried: it ends the watch, and
 * the command exits 3; so does an unreachable server before the first list, while after it (an API server
 * restarting) the informer backs off and retries, its note saying the data may be out of date.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { SourceNote } from '../sources/types.ts';
import { ServerUnreachable, type ApiRefusal, type KubeApi, type WatchEnd, type WatchHandle } from '../sources/live/api-client.ts';
import type { ApiCatalog } from '../sources/live/discovery.ts';
import { CLUSTER_RESOURCES } from '../sources/live/cluster-read.ts';
import { resourceLabel } from '../sources/live/reader.ts';
import type { ResourceType } from '../sources/live/resources.ts';
import { ClusterCache } from './cluster-cache.ts';
import type { WatchMetrics } from './metrics.ts';

/** Waits `ms`, or less when `signal` aborts (then it resolves too: the caller checks whether it was stopped). */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** How failures are retried. */
export interface RetryPolicy {
  /** First wait after a failure (default 1 s); doubles with each failure in a row. */
  initialMs: number;
  /** Longest wait (default 5 min). */
  maxMs: number;
  /** A watch that stayed up this long (default 2 min) resets the doubling. */
  resetAfterMs: number;
  /** Wait before retrying a 403 or 404 (default 5 min): RBAC and CRDs change slowly, and each retry is a list. */
  refusedRetryMs: number;
  /** Fraction of the wait randomised either side (default 0.25), so informers do not retry in lockstep. */
  jitter: number;
}

export const DEFAULT_RETRY: RetryPolicy = { initialMs: 1_000, maxMs: 300_000, resetAfterMs: 120_000, refusedRetryMs: 300_000, jitter: 0.25 };

/** Where an informer is. */
export type InformerPhase = 'idle' | 'listing' | 'watching' | 'backing-off' | 'refused' | 'stopped' | 'failed';

/** Health of one informer, as plain data (for /readyz, /metrics and logs). */
export interface InformerHealth {
  /** kubectl's name of the resource (`pods`, `jivavolumes.openebs.io`): the `resource` label of the metrics. */
  resource: string;
  kind: string;
  /** Set when the informer covers one namespace only. */
  namespace?: string;
  phase: InformerPhase;
  /** Listed and watching now. */
  synced: boolean;
  /** Listed successfully at least once. */
  listed: boolean;
  /** Listed once, or refused for good (403, 404: a note says so): what "started" means for readiness. */
  settled: boolean;
  /** Last list or watch event (bookmarks included), RFC 3339. */
  lastEventAt?: string;
  /** Lists after the first one. */
  relists: number;
  errors: number;
  lastError?: string;
}

/** Options of {@link Informer}. */
export interface InformerOptions {
  api: KubeApi;
  resource: ResourceType;
  cache: ClusterCache;
  /** Watch one namespace only (namespaced resources). */
  namespace?: string | undefined;
  metrics?: WatchMetrics | undefined;
  /** Injected for tests; defaults to an abortable timer. */
  sleep?: Sleep | undefined;
  /** Clock, ms since the epoch (default Date.now). */
  now?: (() => number) | undefined;
  /** Random numbers in [0, 1) for jitter and watch timeouts (default Math.random). */
  random?: (() => number) | undefined;
  retry?: Partial<RetryPolicy> | undefined;
  /** List page size (default 500). */
  pageSize?: number | undefined;
  /** Shared among informers to bound the lists in flight. */
  listSlots?: Slots | undefined;
  /**
   * The same objects through another API, read when `resource` is forbidden (core/v1 events → events.k8s.io/v1,
   * a separate RBAC resource), as a cluster-wide read does.
   */
  fallback?: ResourceType | undefined;
  /** Informers of the same resource in other namespaces: the synced gauge of a resource is 1 only when all of them watch. */
  peers?: readonly Informer[] | undefined;
}

/** A counting semaphore: at most `size` holders at once. */
export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(size: number) {
    this.free = Math.max(1, size);
  }
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next !== undefined) next();
      else this.free += 1;
    };
  }
}

export const abortableSleep: Sleep = async (ms, signal) => {
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    if (!signal.aborted) throw error;
  }
};

type Failure = { kind: 'refused'; refusal: ApiRefusal; during: 'list' | 'watch' } | { kind: 'error'; message: string; during: 'list' | 'watch' };

/** client-go's watch timeouts: uniformly in [5, 10) minutes, so watches of many clients do not end together. */
const MIN_WATCH_TIMEOUT_S = 300;
/** A watch closed sooner than this with no events is treated as a failure, so a server closing at once is not hammered. */
const SHORT_WATCH_MS = 1_000;
/** How long past its timeoutSeconds a silent watch is given before it is abandoned. */
const WATCHDOG_GRACE_S = 60;

export class Informer {
  readonly resource: ResourceType;
  readonly namespace: string | undefined;
  private readonly fallback: ResourceType | undefined;
  private readonly peers: readonly Informer[];
  /** What is listed and watched: `resource`, or its fallback while `resource` is forbidden. */
  private reading: ResourceType;
  private readonly api: KubeApi;
  private readonly cache: ClusterCache;
  private readonly metrics: WatchMetrics | undefined;
  private readonly sleep: Sleep;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly retry: RetryPolicy;
  private readonly pageSize: number | undefined;
  private readonly listSlots: Slots | undefined;
  private readonly abort = new AbortController();
  private readonly label: string;
  private readonly noteKey: string;
  private handle: WatchHandle | undefined;
  private loop: Promise<void> | undefined;
  private phase: InformerPhase = 'idle';
  private listed = false;
  private settled = false;
  private lastEventAt: number | undefined;
  private relists = 0;
  private errors = 0;
  private lastError: string | undefined;
  private failuresInRow = 0;
  private resolveSettled: () => void = () => undefined;
  /** Resolves once the informer has listed, or been refused for good (403/404). */
  readonly whenSettled: Promise<void>;

  constructor(options: InformerOptions) {
    this.api = options.api;
    this.resource = options.resource;
    this.reading = options.resource;
    this.fallback = options.fallback;
    this.peers = options.peers ?? [];
    this.namespace = options.resource.namespaced ? options.namespace : undefined;
    this.cache = options.cache;
    this.metrics = options.metrics;
    this.sleep = options.sleep ?? abortableSleep;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.pageSize = options.pageSize;
    this.listSlots = options.listSlots;
    this.label = resourceLabel(options.resource);
    this.noteKey = `informer/${this.label}/${this.namespace ?? ''}`;
    this.whenSettled = new Promise((resolve) => {
      this.resolveSettled = resolve;
    });
    this.metrics?.informerSynced.set({ resource: this.label }, 0);
  }

  /** Starts the loop; the promise settles when it ends: resolves after `stop()`, rejects on a fatal error (401; an unreachable server before the first list). */
  start(): Promise<void> {
    this.loop ??= this.run().catch((error: unknown) => {
      this.phase = 'failed';
      this.lastError = error instanceof Error ? error.message : String(error);
      this.setSynced(false);
      throw error;
    });
    return this.loop;
  }

  /** Ends the watch and any wait; resolves when the loop has returned (a list in flight is let finish). */
  async stop(): Promise<void> {
    this.abort.abort();
    this.handle?.stop();
    try {
      await this.loop;
    } catch {
      // A fatal error is reported by start()'s promise; stopping does not report it twice.
    }
    if (this.phase !== 'failed') this.phase = 'stopped';
    this.setSynced(false);
  }

  health(): InformerHealth {
    return {
      resource: this.label,
      kind: this.resource.kind,
      ...(this.namespace !== undefined ? { namespace: this.namespace } : {}),
      phase: this.phase,
      synced: this.phase === 'watching',
      listed: this.listed,
      settled: this.settled,
      ...(this.lastEventAt !== undefined ? { lastEventAt: new Date(this.lastEventAt).toISOString() } : {}),
      relists: this.relists,
      errors: this.errors,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  /** Seconds since the last list or event (for the age gauge, refreshed when scraped). */
  lastEventAgeSeconds(): number | undefined {
    return this.lastEventAt === undefined ? undefined : Math.max(0, (this.now() - this.lastEventAt) / 1000);
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async run(): Promise<void> {
    let version: string | undefined;
    let listReason: string | undefined = 'start';
    while (!this.stopped) {
      const fromList = listReason !== undefined;
      if (listReason !== undefined) {
        if (listReason !== 'start') this.relists += 1;
        this.metrics?.informerRelists.inc({ resource: this.label, reason: listReason });
        let listed: Awaited<ReturnType<Informer['list']>>;
        try {
          listed = await this.list();
        } catch (error) {
          if (!(error instanceof ServerUnreachable) || !this.listed) throw error;
          listed = { ok: false, failure: { kind: 'error', message: error.message, during: 'list' } };
        }
        if (this.stopped) return;
        if (!listed.ok) {
          listReason = await this.failed(listed.failure);
          continue;
        }
        version = listed.resourceVersion;
        listReason = undefined;
      }
      const started = this.now();
      let events = 0;
      const timeoutSeconds = MIN_WATCH_TIMEOUT_S + Math.floor(this.random() * MIN_WATCH_TIMEOUT_S);
      this.handle = this.api.watch(
        this.reading,
        { ...(this.namespace !== undefined ? { namespace: this.namespace } : {}), ...(version !== undefined ? { resourceVersion: version } : {}), timeoutSeconds },
        (event) => {
          events += 1;
          this.lastEventAt = this.now();
          // Events flow again after a failure that needed no list (a watch closed at once): the data is current.
          if (this.phase === 'backing-off' || this.failuresInRow > 0) this.cache.clearNote(this.noteKey);
          if (event.type !== 'BOOKMARK') this.cache.apply(this.reading, event.type, event.object);
          this.metrics?.informerObjects.set({ resource: this.label }, this.cache.count(this.resource.kind));
        },
      );
      this.phase = 'watching';
      this.setSynced(true);
      if (this.stopped) this.handle.stop();
      // The server ends a watch after timeoutSeconds; a connection that died silently never does: stop waiting a minute later.
      const watching = this.handle;
      const watchdog = setTimeout(() => {
        watching.stop();
      }, (timeoutSeconds + WATCHDOG_GRACE_S) * 1000);
      watchdog.unref();
      let end: WatchEnd;
      try {
        end = await watching.ended;
      } finally {
        clearTimeout(watchdog);
      }
      this.handle = undefined;
      if (end.reason === 'stopped' && !this.stopped) end = { reason: 'error', message: `no answer on the watch for ${timeoutSeconds + WATCHDOG_GRACE_S} s`, resourceVersion: end.resourceVersion };
      this.setSynced(false);
      if (this.stopped || end.reason === 'stopped') return;
      const lasted = this.now() - started;
      if (lasted >= this.retry.resetAfterMs) this.failuresInRow = 0;
      switch (end.reason) {
        case 'closed':
          version = end.resourceVersion ?? version;
          if (events > 0 || lasted >= SHORT_WATCH_MS) {
            // The server ended the watch (its timeout): a healthy end. Re-open from the last version seen.
            this.failuresInRow = 0;
          } else {
            await this.failed({ kind: 'error', message: 'the server closed the watch at once', during: 'watch' }, { relist: false });
          }
          break;
        case 'gone':
          // The version is older than the server keeps (etcd compaction): only a list can resume. Gone at once
          // from a version just listed means the re-list does not help (a proxy, a lagging cache): back off first.
          if (fromList && events === 0 && lasted < SHORT_WATCH_MS) {
            await this.failed({ kind: 'error', message: `410 Gone at once for the version just listed: ${end.message}`, during: 'watch' }, { relist: false });
          }
          listReason = 'gone';
          break;
        case 'refused':
          listReason = await this.failed({ kind: 'refused', refusal: end.refusal, during: 'watch' });
          break;
        case 'error':
          listReason = await this.failed({ kind: 'error', message: end.message, during: 'watch' });
          break;
      }
    }
  }

  /** Lists every page, then replaces the informer's part of the cache. */
  private async list(): Promise<{ ok: true; resourceVersion: string | undefined } | { ok: false; failure: Failure }> {
    this.phase = 'listing';
    const release = this.listSlots !== undefined ? await this.listSlots.acquire() : undefined;
    try {
      if (this.stopped) return { ok: true, resourceVersion: undefined };
      const items: Record<string, unknown>[] = [];
      let resourceVersion: string | undefined;
      const refusal = await this.api.listPages(
        this.reading,
        { ...(this.namespace !== undefined ? { namespace: this.namespace } : {}), ...(this.pageSize !== undefined ? { limit: this.pageSize } : {}) },
        (page) => {
          items.push(...page.items);
          resourceVersion = page.resourceVersion ?? resourceVersion;
        },
      );
      if (refusal !== undefined) return { ok: false, failure: { kind: 'refused', refusal, during: 'list' } };
      this.cache.replace(this.reading, items, { namespace: this.namespace });
      this.cache.clearNote(this.noteKey);
      this.lastEventAt = this.now();
      this.listed = true;
      this.settle();
      this.metrics?.informerObjects.set({ resource: this.label }, this.cache.count(this.resource.kind));
      return { ok: true, resourceVersion };
    } finally {
      release?.();
    }
  }

  /** Records a failure, notes it, waits; returns the reason of the re-list to do (undefined: re-watch only). */
  private async failed(failure: Failure, options: { relist: boolean } = { relist: true }): Promise<string | undefined> {
    this.errors += 1;
    this.setSynced(false);
    const status = failure.kind === 'refused' ? failure.refusal.status : undefined;
    const reason = status === 403 ? 'forbidden' : status === 404 ? 'not_found' : status !== undefined ? `http_${status}` : 'stream';
    this.metrics?.informerErrors.inc({ resource: this.label, reason });
    const detail = failure.kind === 'refused' ? `${failure.refusal.status} ${failure.refusal.reason}: ${failure.refusal.message}` : failure.message;
    this.lastError = `${failure.during}: ${detail}`;
    const what = `${resourceLabel(this.reading)}${this.namespace !== undefined ? ` in namespace ${this.namespace}` : this.resource.namespaced ? ' in any namespace' : ''}`;
    if (status === 403 && failure.during === 'list' && this.fallback !== undefined && this.reading === this.resource) {
      this.reading = this.fallback;
      this.cache.setNote(`${this.noteKey}/fallback`, {
        kind: 'skipped',
        message: `${what} are forbidden; reading the same objects through ${resourceLabel(this.fallback)} instead`,
      });
      return 'forbidden';
    }
    let wait: number;
    if (status === 403 || status === 404) {
      if (this.reading !== this.resource) {
        // The fallback is forbidden too: the next retry starts again from the primary resource.
        this.reading = this.resource;
        this.cache.clearNote(`${this.noteKey}/fallback`);
      }
      this.phase = 'refused';
      wait = this.retry.refusedRetryMs;
      if (status === 404 && failure.during === 'list') {
        // The resource is no longer served (its CRD was removed): its objects are gone with it.
        this.cache.replace(this.reading, [], { namespace: this.namespace });
      }
      this.cache.setNote(this.noteKey, this.refusalNote(failure, what, status));
      this.settle();
    } else {
      this.phase = 'backing-off';
      this.failuresInRow += 1;
      const base = Math.min(this.retry.maxMs, this.retry.initialMs * 2 ** (this.failuresInRow - 1));
      wait = Math.round(base * (1 - this.retry.jitter + 2 * this.retry.jitter * this.random()));
      const since = this.lastEventAt !== undefined ? `; what kubehow shows of them is as of ${new Date(this.lastEventAt).toISOString()}` : '';
      this.cache.setNote(this.noteKey, {
        kind: 'unavailable',
        message: this.listed
          ? `${what} may be out of date: the ${failure.during} failed (${detail}) and is retried${since}`
          : `could not read ${what}: the ${failure.during} failed (${detail}); retrying`,
        resource: this.resource.kind,
        ...(this.namespace !== undefined ? { namespace: this.namespace } : {}),
      });
    }
    await this.sleep(wait, this.abort.signal);
    return options.relist ? (status === 403 ? 'forbidden' : status === 404 ? 'not_found' : 'error') : undefined;
  }

  private refusalNote(failure: Failure, what: string, status: 403 | 404): SourceNote {
    const minutes = Math.round(this.retry.refusedRetryMs / 60_000);
    const message = failure.kind === 'refused' ? failure.refusal.message : '';
    const scope = { resource: this.resource.kind, ...(this.namespace !== undefined ? { namespace: this.namespace } : {}) };
    if (status === 404) {
      return { kind: 'missing', message: `could not read ${what}: the server no longer serves this resource (${message}); retried every ${minutes} min`, ...scope };
    }
    if (failure.during === 'watch') {
      const since = this.lastEventAt !== undefined ? new Date(this.lastEventAt).toISOString() : 'the last list';
      return { kind: 'forbidden', message: `could not watch ${what}: forbidden by RBAC (${message}); objects are as listed at ${since} and re-listed every ${minutes} min (kubehow watch needs the watch verb)`, ...scope };
    }
    return { kind: 'forbidden', message: `could not read ${what}: forbidden by RBAC (${message}); retried every ${minutes} min`, ...scope };
  }

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    this.resolveSettled();
  }

  private setSynced(synced: boolean): void {
    const all = synced && this.peers.every((p) => p === this || p.phase === 'watching');
    this.metrics?.informerSynced.set({ resource: this.label }, all ? 1 : 0);
  }
}

/** Options of {@link ClusterInformers}. */
export interface ClusterInformersOptions extends Omit<InformerOptions, 'resource' | 'cache' | 'namespace' | 'listSlots' | 'fallback' | 'peers'> {
  /** What the server serves (LiveReader.catalog / discover()); its notes become cache notes. */
  catalog: ApiCatalog;
  cache?: ClusterCache | undefined;
  /** Watch namespaced kinds in these namespaces only (cluster-scoped kinds are watched whole). */
  namespaces?: readonly string[] | undefined;
  /** Inform on these CLUSTER_RESOURCES names only / not on these. */
  only?: readonly string[] | undefined;
  except?: readonly string[] | undefined;
  /** Lists in flight at once (default 4): a start or a mass re-list must not flood the API server. */
  listConcurrency?: number | undefined;
}

/**
 * The informers of a watch: one per resource of CLUSTER_RESOURCES the server serves (per namespace when
 * restricted), all feeding one cache, so the state handed to detection is as complete as `audit`'s read.
 */
export class ClusterInformers {
  readonly cache: ClusterCache;
  readonly informers: readonly Informer[];
  private readonly metrics: WatchMetrics | undefined;
  private loops: Promise<void>[] = [];
  private finished: Promise<void> | undefined;
  private fatal: Error | undefined;
  private stopping = false;

  constructor(options: ClusterInformersOptions) {
    this.cache = options.cache ?? new ClusterCache();
    this.metrics = options.metrics;
    for (const [i, note] of options.catalog.notes.entries()) this.cache.setNote(`discovery/${i}`, note);
    const listSlots = new Slots(options.listConcurrency ?? 4);
    const informers: Informer[] = [];
    for (const name of CLUSTER_RESOURCES) {
      const peers: Informer[] = [];
      if (options.only !== undefined && !options.only.includes(name)) continue;
      if (options.except?.includes(name) === true) continue;
      const resource = options.catalog.resources.get(name);
      if (resource === undefined) continue;
      const namespaces = resource.namespaced && options.namespaces !== undefined ? options.namespaces : [undefined];
      for (const namespace of namespaces) {
        const fallback = name === 'Event' ? options.catalog.resources.get('EventsV1') : undefined;
        const informer = new Informer({ ...options, resource, cache: this.cache, namespace, listSlots, fallback, peers });
        peers.push(informer);
        informers.push(informer);
      }
    }
    this.informers = informers;
  }

  /** Starts every informer (once). */
  start(): void {
    if (this.finished !== undefined) return;
    this.loops = this.informers.map((informer) =>
      informer.start().catch(async (error: unknown) => {
        // The first fatal error (401, unreachable) stops the others; it is what wait() and synced() report.
        this.fatal ??= error instanceof Error ? error : new Error(String(error));
        await this.stop();
      }),
    );
    this.finished = Promise.all(this.loops).then(() => {
      if (this.fatal !== undefined) throw this.fatal;
    });
    // Whoever awaits wait() or synced() gets the error; no unhandled rejection when nobody does yet.
    this.finished.catch(() => undefined);
  }

  /** Resolves when every informer has listed once (or was refused for good: a note says so); rejects on a fatal error. */
  async synced(): Promise<void> {
    if (this.finished === undefined) throw new Error('ClusterInformers.synced() before start()');
    await Promise.race([Promise.all(this.informers.map((i) => i.whenSettled)), this.finished.then(() => {
      if (this.fatal !== undefined) throw this.fatal;
      throw new Error('the informers stopped before they synced');
    })]);
  }

  /** Resolves after stop(); rejects with the fatal error (a ClusterAccessError: exit 3) that ended the informers. */
  async wait(): Promise<void> {
    if (this.finished === undefined) throw new Error('ClusterInformers.wait() before start()');
    await this.finished;
  }

  /** Stops every informer: ends watches, cancels waits, lets lists in flight finish. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await Promise.all(this.informers.map((i) => i.stop()));
  }

  health(): InformerHealth[] {
    return this.informers.map((i) => i.health());
  }

  /** True once every informer has settled (listed or refused for good): the readiness of a watcher. */
  get allSettled(): boolean {
    return this.informers.every((i) => i.health().settled);
  }

  /** Sets the last-event-age gauges (call before a scrape). */
  refreshMetrics(): void {
    if (this.metrics === undefined) return;
    // Per resource, the freshest of its informers (one per namespace when restricted).
    const ages = new Map<string, number>();
    for (const informer of this.informers) {
      const age = informer.lastEventAgeSeconds();
      const label = informer.health().resource;
      if (age !== undefined) ages.set(label, Math.min(age, ages.get(label) ?? Infinity));
    }
    for (const [resource, age] of ages) this.metrics.informerLastEventAge.set({ resource }, age);
  }
}
