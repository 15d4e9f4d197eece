/**
 * The informers of `kubehow watch` against the test API server over loopback, through the real KubeApi
 * and client-node HTTP stack: initial lists, event streams, watches the server closes, 410 Gone, 5xx
 * backoff, 403 notes, 401, and a clean stop. Time is injected (clock, sleeps, jitter); nothing is timed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KubeApi } from '../src/sources/live/api-client.ts';
import { discover } from '../src/sources/live/discovery.ts';
import { loadKubeConfig } from '../src/sources/live/kubeconfig.ts';
import { ClusterAccessError } from '../src/errors.ts';
import type { KubeObject } from '../src/sources/types.ts';
import type { CacheChange } from '../src/watch/cluster-cache.ts';
import { ClusterInformers, type ClusterInformersOptions, type Sleep } from '../src/watch/informer.ts';
import { WatchMetrics } from '../src/watch/metrics.ts';
import { seedObjects, startServer, type LiveFixture } from './support/live.ts';

let fixture: LiveFixture | undefined;
let informers: ClusterInformers | undefined;
afterEach(async () => {
  clock.now = START;
  await informers?.stop();
  informers = undefined;
  await fixture?.stop();
  fixture = undefined;
});

/** Sleeps that record their delay and wait until released (or aborted by stop()). */
function heldSleeps(): { sleep: Sleep; delays: number[]; releaseAll: () => void } {
  const delays: number[] = [];
  const held: (() => void)[] = [];
  const sleep: Sleep = (ms, signal) => {
    delays.push(ms);
    return new Promise<void>((resolve) => {
      held.push(resolve);
      signal.addEventListener('abort', () => {
        resolve();
      }, { once: true });
    });
  };
  return { sleep, delays, releaseAll: () => { for (const r of held.splice(0)) r(); } };
}

function apiFor(f: LiveFixture, kubeconfig = f.kubeconfig): KubeApi {
  const chosen = loadKubeConfig({ kubeconfig, env: {} });
  return new KubeApi({ kubeConfig: chosen.kubeConfig, context: chosen.context, sleep: () => Promise.resolve() });
}

const START = Date.parse('2026-03-30T09:32:00Z');
const clock = { now: START };

async function startInformers(options: Partial<ClusterInformersOptions> & { objects?: KubeObject[] } = {}): Promise<{ f: LiveFixture; informers: ClusterInformers; changes: string[]; metrics: WatchMetrics }> {
  const f = fixture ?? (fixture = await startServer({ objects: options.objects ?? seedObjects() }));
  const api = options.api ?? apiFor(f);
  const metrics = new WatchMetrics({ version: 'test' });
  const started = new ClusterInformers({ sleep: heldSleeps().sleep, now: () => clock.now, random: () => 0.5, metrics, ...options, api, catalog: options.catalog ?? (await discover(apiFor(f))) });
  informers = started;
  const changes: string[] = [];
  started.cache.subscribe((c: CacheChange) => changes.push(`${c.type} ${c.kind} ${c.object.metadata.namespace ?? ''}/${c.object.metadata.name}`));
  started.start();
  await started.synced();
  return { f, informers: started, changes, metrics };
}

function podOf(name: string, namespace = 'media'): KubeObject {
  const found = seedObjects().find((o) => o.kind === 'Pod' && o.metadata.name === name && o.metadata.namespace === namespace);
  if (found === undefined) throw new Error(`no pod ${namespace}/${name} in the seed`);
  return found;
}

const seedPods = (): KubeObject[] => seedObjects().filter((o) => o.kind === 'Pod');
const podRequests = (f: LiveFixture, verb: 'list' | 'watch'): Record<string, string>[] => f.server.requests.filter((r) => r.verb === verb && r.resource === 'pods').map((r) => r.query);

async function metricValue(metrics: WatchMetrics, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  return metric?.values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value))?.value;
}

describe('watch informers', () => {
  it('list every served kind into the cache, then stream additions, changes and deletions', async () => {
    const { f, informers: inf, changes, metrics } = await startInformers();
    const seed = seedObjects().filter((o) => o.kind !== 'Secret');
    for (const kind of new Set(seed.map((o) => o.kind))) {
      expect(inf.cache.count(kind), kind).toBe(seed.filter((o) => o.kind === kind).length);
    }
    expect(inf.cache.kindsRead.has('Pod') && inf.cache.kindsRead.has('StatefulSet')).toBe(true);
    expect(f.server.requests.some((r) => r.resource === 'secrets')).toBe(false);
    expect(inf.health().every((h) => h.listed && h.settled)).toBe(true);
    // Every list is paged, and every watch resumes from its list's version.
    expect(f.server.requests.filter((r) => r.verb === 'list').every((r) => r.query.limit === '500')).toBe(true);
    await vi.waitFor(() => {
      expect(f.server.openWatches).toBe(inf.informers.length);
    });
    expect(podRequests(f, 'watch')[0]).toMatchObject({ resourceVersion: expect.stringMatching(/^\d+$/) as unknown, allowWatchBookmarks: 'true', timeoutSeconds: '450' });
    expect(await metricValue(metrics, 'kubehow_informer_synced', { resource: 'pods' })).toBe(1);
    expect(await metricValue(metrics, 'kubehow_informer_objects', { resource: 'pods' })).toBe(seedPods().length);
    expect(changes).toHaveLength(seed.length);

    changes.length = 0;
    const sonarr = podOf('sonarr-dd4cb4f69-8kmhv');
    f.server.upsert({ ...sonarr, metadata: { ...sonarr.metadata, name: 'sonarr-dd4cb4f69-new01', uid: 'new-uid' } });
    f.server.upsert({ ...sonarr, status: { ...(sonarr.status as object), phase: 'Running' } });
    expect(f.server.delete('Pod', 'media', 'sonarr-dd4cb4f69-new01')).toBe(true);
    await vi.waitFor(() => {
      expect(changes).toHaveLength(3);
    });
    expect(changes).toEqual(['added Pod media/sonarr-dd4cb4f69-new01', 'modified Pod media/sonarr-dd4cb4f69-8kmhv', 'deleted Pod media/sonarr-dd4cb4f69-new01']);
    expect((inf.cache.get('Pod', 'media', 'sonarr-dd4cb4f69-8kmhv')?.status as { phase: string }).phase).toBe('Running');
    expect(podRequests(f, 'list')).toHaveLength(1);
  });

  it('re-opens a watch the server closed from the last version seen, without a list', async () => {
    fixture = await startServer({ objects: seedObjects() });
    fixture.server.faults.push({ match: { verb: 'watch', resource: 'pods' }, watchCloseAfter: 1, times: 1 });
    const { f, changes } = await startInformers({ only: ['Pod'] });
    const pod = podOf('radarr-74dddf9d8c-hp95m');
    f.server.upsert({ ...pod, metadata: { ...pod.metadata, labels: { step: '1' } } });
    await vi.waitFor(() => {
      expect(podRequests(f, 'watch')).toHaveLength(2);
    });
    const rewatchFrom = podRequests(f, 'watch')[1]?.resourceVersion;
    f.server.upsert({ ...pod, metadata: { ...pod.metadata, labels: { step: '2' } } });
    await vi.waitFor(() => {
      expect(changes.filter((c) => c.startsWith('modified'))).toHaveLength(2);
    });
    expect(podRequests(f, 'list')).toHaveLength(1);
    // The second watch starts exactly at the version of the event that ended the first.
    expect(rewatchFrom).toBe(String(Number(podRequests(f, 'watch')[0]?.resourceVersion) + 1));
  });

  it('re-lists after 410 Gone and announces only what changed or vanished while disconnected', async () => {
    fixture = await startServer({ objects: seedObjects() });
    // The first watch is closed at once: the informer backs off, and meanwhile the cluster moves on and etcd compacts.
    fixture.server.faults.push({ match: { verb: 'watch', resource: 'pods' }, watchCloseAfter: 0, times: 1 });
    const sleeps = heldSleeps();
    const { f, informers: inf, changes, metrics } = await startInformers({ only: ['Pod', 'Node'], sleep: sleeps.sleep });
    await vi.waitFor(() => {
      expect(sleeps.delays).toEqual([1000]);
    });
    changes.length = 0;
    const radarr = podOf('radarr-74dddf9d8c-hp95m');
    f.server.upsert({ ...radarr, status: { ...(radarr.status as object), phase: 'Failed' } });
    f.server.delete('Pod', 'media', 'sonarr-dd4cb4f69-8kmhv');
    f.server.upsert({ ...radarr, metadata: { ...radarr.metadata, name: 'radarr-74dddf9d8c-zzzzz', uid: 'zz' } });
    f.server.compact();
    sleeps.releaseAll();
    await vi.waitFor(async () => {
      expect(await metricValue(metrics, 'kubehow_informer_relists_total', { resource: 'pods', reason: 'gone' })).toBe(1);
      expect(inf.health().find((h) => h.resource === 'pods')?.synced).toBe(true);
    });
    expect(podRequests(f, 'list')).toHaveLength(2);
    expect(changes.sort()).toEqual(['added Pod media/radarr-74dddf9d8c-zzzzz', 'deleted Pod media/sonarr-dd4cb4f69-8kmhv', 'modified Pod media/radarr-74dddf9d8c-hp95m']);
    expect(inf.cache.count('Pod')).toBe(seedPods().length);
    expect(inf.health().find((h) => h.resource === 'pods')).toMatchObject({ relists: 1, errors: 1 });
  });

  it('backs off before re-listing when the watch from a fresh list is Gone at once, instead of re-listing in a tight loop', async () => {
    fixture = await startServer({ objects: seedObjects() });
    fixture.server.faults.push({ match: { verb: 'watch', resource: 'pods' }, watchGoneAfter: 0, times: 2 });
    const delays: number[] = [];
    const { f, metrics } = await startInformers({ only: ['Pod'], sleep: (ms) => { delays.push(ms); return Promise.resolve(); } });
    await vi.waitFor(() => {
      expect(f.server.openWatches).toBe(1);
    });
    expect(delays).toEqual([1000, 2000]);
    expect(podRequests(f, 'list')).toHaveLength(3);
    expect(await metricValue(metrics, 'kubehow_informer_relists_total', { resource: 'pods', reason: 'gone' })).toBe(2);
  });

  it('backs off exponentially on 500s from the watch, re-lists, recovers, and resets the backoff after a healthy watch', async () => {
    fixture = await startServer({ objects: seedObjects() });
    fixture.server.faults.push({ match: { verb: 'watch', resource: 'pods' }, status: 500, times: 3 });
    const delays: number[] = [];
    const { f, informers: inf, changes, metrics } = await startInformers({ only: ['Pod'], sleep: (ms) => { delays.push(ms); return Promise.resolve(); } });
    await vi.waitFor(() => {
      expect(f.server.openWatches).toBe(1);
    });
    expect(delays).toEqual([1000, 2000, 4000]);
    expect(podRequests(f, 'list')).toHaveLength(4);
    expect(await metricValue(metrics, 'kubehow_informer_errors_total', { resource: 'pods', reason: 'http_500' })).toBe(3);
    expect(await metricValue(metrics, 'kubehow_informer_relists_total', { resource: 'pods', reason: 'error' })).toBe(3);
    // A re-list of unchanged pods announces nothing.
    expect(changes).toHaveLength(seedPods().length);
    expect(inf.cache.notes).toEqual([]);

    // Three healthy minutes later the server restarts: the watch ends cleanly, the next one fails once, and the wait starts over at 1 s.
    clock.now += 180_000;
    f.server.faults.push({ match: { verb: 'watch', resource: 'pods' }, status: 503, times: 1 });
    f.server.closeWatches();
    await vi.waitFor(() => {
      expect(delays).toHaveLength(4);
      expect(f.server.openWatches).toBe(1);
    });
    expect(delays[3]).toBe(1000);
  });

  it('notes a forbidden kind, retries it slowly, and leaves the other kinds alone', async () => {
    fixture = await startServer({ objects: seedObjects() });
    fixture.server.faults.push({ match: { verb: 'list', resource: 'services' }, status: 403 });
    fixture.server.faults.push({ match: { verb: 'watch', resource: 'nodes' }, status: 403 });
    const sleeps = heldSleeps();
    const { f, informers: inf, changes } = await startInformers({ only: ['Pod', 'Service', 'Node'], sleep: sleeps.sleep });
    await vi.waitFor(() => {
      expect(sleeps.delays).toEqual([300_000, 300_000]);
    });
    const state = inf.cache.state(new Date(clock.now).toISOString(), { type: 'live', context: 'test-context', server: f.server.url });
    expect(state.notes.map((n) => [n.kind, n.resource])).toEqual(expect.arrayContaining([['forbidden', 'Service'], ['forbidden', 'Node']]));
    expect(state.notes.find((n) => n.resource === 'Service')?.message).toMatch(/^could not read services in any namespace: forbidden by RBAC/);
    expect(state.notes.find((n) => n.resource === 'Node')?.message).toMatch(/^could not watch nodes: forbidden by RBAC .* objects are as listed at 2026-03-30T09:32:00.000Z/);
    expect(state.kindsRead?.has('Service')).toBe(false);
    expect(state.kindsRead?.has('Node')).toBe(true);
    expect(inf.health().find((h) => h.resource === 'services')).toMatchObject({ phase: 'refused', settled: true, listed: false });

    changes.length = 0;
    const pod = podOf('radarr-74dddf9d8c-hp95m');
    f.server.upsert({ ...pod, metadata: { ...pod.metadata, labels: { moved: 'yes' } } });
    await vi.waitFor(() => {
      expect(changes).toEqual(['modified Pod media/radarr-74dddf9d8c-hp95m']);
    });

    // RBAC granted: the next retry lists, and the note goes.
    f.server.faults.length = 0;
    sleeps.releaseAll();
    await vi.waitFor(() => {
      expect(inf.cache.notes).toEqual([]);
      expect(inf.cache.kindsRead.has('Service')).toBe(true);
    });
  });

  it('reads events through events.k8s.io when core events are forbidden', async () => {
    fixture = await startServer({ objects: seedObjects() });
    fixture.server.faults.push({ match: { resource: 'events', group: '' }, status: 403 });
    const { f, informers: inf } = await startInformers({ only: ['Event'] });
    await vi.waitFor(() => {
      expect(f.server.openWatches).toBe(1);
    });
    const events = inf.cache.ofKind('Event');
    expect(events).toHaveLength(seedObjects().filter((o) => o.kind === 'Event').length);
    expect(events.every((e) => e.apiVersion === 'events.k8s.io/v1' && e.regarding !== undefined)).toBe(true);
    expect(inf.cache.notes).toEqual([expect.objectContaining({ kind: 'skipped', message: 'events in any namespace are forbidden; reading the same objects through events.events.k8s.io instead' })]);
    expect(f.server.requests.some((r) => r.verb === 'watch' && r.group === 'events.k8s.io')).toBe(true);
    expect(inf.health()[0]).toMatchObject({ resource: 'events', synced: true });
  });

  it('drops a resource the server stops serving (its CRD removed), with a note', async () => {
    const sleeps = heldSleeps();
    const { f, informers: inf, changes } = await startInformers({ only: ['Pod', 'Node'], sleep: sleeps.sleep });
    changes.length = 0;
    f.server.faults.push({ match: { resource: 'nodes', where: (r) => r.verb === 'list' || r.verb === 'watch' }, status: 404 });
    f.server.closeWatches();
    await vi.waitFor(() => {
      expect(sleeps.delays).toEqual([300_000]);
    });
    sleeps.releaseAll();
    await vi.waitFor(() => {
      expect(sleeps.delays).toEqual([300_000, 300_000]);
    });
    expect(inf.cache.count('Node')).toBe(0);
    expect(changes.filter((c) => c.startsWith('deleted Node'))).toHaveLength(3);
    expect(inf.cache.notes).toEqual([expect.objectContaining({ kind: 'missing', resource: 'Node', message: expect.stringMatching(/^could not read nodes: the server no longer serves this resource/) as unknown })]);
    expect(inf.cache.count('Pod')).toBe(seedPods().length);
  });

  it('watches only the namespaces asked for, and cluster-scoped kinds whole', async () => {
    const { f, informers: inf, metrics } = await startInformers({ only: ['Pod', 'Node'], namespaces: ['media', 'openebs'] });
    expect(inf.informers.map((i) => `${i.resource.kind}/${i.namespace ?? '*'}`).sort()).toEqual(['Node/*', 'Pod/media', 'Pod/openebs']);
    expect(new Set(inf.cache.ofKind('Pod').map((p) => p.metadata.namespace))).toEqual(new Set(['media', 'openebs']));
    expect(f.server.requests.filter((r) => r.verb === 'list' && r.resource === 'pods').map((r) => r.namespace).sort()).toEqual(['media', 'openebs']);
    await vi.waitFor(() => {
      expect(f.server.openWatches).toBe(3);
    });
    expect(await metricValue(metrics, 'kubehow_informer_synced', { resource: 'pods' })).toBe(1);
    // Thirty quiet seconds later the server ends every watch; one namespace's re-watch fails: pods are no longer fully synced.
    clock.now += 30_000;
    f.server.faults.push({ match: { verb: 'watch', resource: 'pods', namespace: 'media' }, status: 500 });
    f.server.closeWatches();
    await vi.waitFor(() => {
      expect(inf.health().map((h) => `${h.kind}/${h.namespace ?? '*'} ${h.phase}`).sort()).toEqual(['Node/* watching', 'Pod/media backing-off', 'Pod/openebs watching']);
      expect(f.server.openWatches).toBe(2);
    });
    expect(await metricValue(metrics, 'kubehow_informer_synced', { resource: 'pods' })).toBe(0);
    expect(await metricValue(metrics, 'kubehow_informer_synced', { resource: 'nodes' })).toBe(1);
    inf.refreshMetrics();
    expect(await metricValue(metrics, 'kubehow_informer_last_event_age_seconds', { resource: 'nodes' })).toBe(30);
  });

  it('rides out an API server that stops answering after the first sync, but not one unreachable from the start', async () => {
    fixture = await startServer({ objects: seedObjects() });
    const delays: number[] = [];
    const { f, informers: inf, metrics } = await startInformers({ only: ['Pod'], sleep: (ms) => { delays.push(ms); return Promise.resolve(); } });
    // The server restarts: the open watch ends, and the next watch and all three attempts of the list are reset.
    clock.now += 30_000;
    f.server.faults.push({ match: { resource: 'pods' }, resetConnection: true, times: 4 });
    f.server.closeWatches();
    await vi.waitFor(() => {
      expect(delays).toEqual([1000, 2000]);
      expect(inf.health()[0]).toMatchObject({ phase: 'watching', synced: true });
    });
    expect(await metricValue(metrics, 'kubehow_informer_errors_total', { resource: 'pods', reason: 'stream' })).toBe(2);
    expect(inf.cache.notes).toEqual([]);

    const unreachable = new ClusterInformers({ api: apiFor(f), catalog: await discover(apiFor(f)), only: ['Node'], sleep: heldSleeps().sleep });
    f.server.faults.push({ match: { resource: 'nodes' }, resetConnection: true });
    unreachable.start();
    await expect(unreachable.synced()).rejects.toThrow(/cannot be reached/);
    await unreachable.stop();
  });

  it('ends with a ClusterAccessError on 401 instead of retrying', async () => {
    fixture = await startServer({ objects: seedObjects(), token: 'right' });
    const wrong = join(fixture.dir, 'wrong-kubeconfig');
    writeFileSync(wrong, fixture.server.kubeconfig({ token: 'wrong' }));
    const started = new ClusterInformers({ api: apiFor(fixture, wrong), catalog: await discover(apiFor(fixture)), only: ['Pod', 'Node'], sleep: heldSleeps().sleep });
    informers = started;
    started.start();
    await expect(started.synced()).rejects.toBeInstanceOf(ClusterAccessError);
    await expect(started.wait()).rejects.toThrow(/401 Unauthorized/);
    expect(started.health().every((h) => h.phase === 'failed' || h.phase === 'stopped')).toBe(true);
    expect(fixture.server.openWatches).toBe(0);
  });

  it('stop() closes every watch and cancels every wait, with the real timers', async () => {
    fixture = await startServer({ objects: seedObjects() });
    fixture.server.faults.push({ match: { verb: 'list', resource: 'services' }, status: 403 });
    // Real sleeps: the services informer now waits 5 min on a real timer, which stop() must cancel or this test hangs.
    const { f, informers: inf } = await startInformers({ only: ['Pod', 'Node', 'Service'], sleep: undefined });
    await vi.waitFor(() => {
      expect(f.server.openWatches).toBe(2);
    });
    await inf.stop();
    await inf.wait();
    expect(inf.health().map((h) => h.phase)).toEqual(['stopped', 'stopped', 'stopped']);
    await vi.waitFor(() => {
      expect(f.server.openWatches).toBe(0);
    });
  });
});
