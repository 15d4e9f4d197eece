/** The test API server behaves like the real one where kubehow and kubectl depend on it. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Watch } from '@kubernetes/client-node';
import { loadKubeConfig } from '../../src/sources/live/kubeconfig.ts';
import { KubeApi } from '../../src/sources/live/api-client.ts';
import { BUILTIN_RESOURCES } from '../../src/sources/live/resources.ts';
import type { KubeObject } from '../../src/sources/types.ts';
import { kubectlPath } from './tools.ts';
import { seedObjects, startServer, type LiveFixture } from './live.ts';

let fixture: LiveFixture | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

function apiFor(f: LiveFixture): KubeApi {
  const chosen = loadKubeConfig({ kubeconfig: f.kubeconfig, env: {} });
  return new KubeApi({ kubeConfig: chosen.kubeConfig, context: chosen.context, sleep: () => Promise.resolve() });
}

describe('the test API server', () => {
  it('serves `kubectl get pods -A -o json` to the real kubectl 1.20', async () => {
    fixture = await startServer({ objects: seedObjects() });
    const { stdout } = await promisify(execFile)(kubectlPath(), ['--kubeconfig', fixture.kubeconfig, '--cache-dir', `${fixture.dir}/cache`, 'get', 'pods', '-A', '-o', 'json']);
    const list = JSON.parse(stdout) as { items: KubeObject[] };
    expect(list.items.map((p) => `${p.metadata.namespace ?? ''}/${p.metadata.name}`).sort()).toEqual(
      seedObjects().filter((o) => o.kind === 'Pod').map((p) => `${p.metadata.namespace ?? ''}/${p.metadata.name}`).sort(),
    );
    expect(fixture.server.requests.some((r) => r.verb === 'list' && r.path === '/api/v1/pods' && r.query.limit === '500')).toBe(true);
  });

  it('pages with limit/continue and filters by label and field selectors', async () => {
    fixture = await startServer({ objects: seedObjects() });
    const api = apiFor(fixture);
    const sizes: number[] = [];
    await api.listPages(BUILTIN_RESOURCES.Pod, { limit: 7 }, (page) => {
      sizes.push(page.items.length);
    });
    const pods = seedObjects().filter((o) => o.kind === 'Pod').length;
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(pods);
    expect(sizes.length).toBe(Math.ceil(pods / 7));
    const byNode = await api.listAll(BUILTIN_RESOURCES.Pod, { fieldSelector: 'spec.nodeName=k8s03,status.phase!=Succeeded' });
    expect(byNode.ok && byNode.value.every((p) => (p.spec as { nodeName: string }).nodeName === 'k8s03')).toBe(true);
    const jiva = await api.listAll(BUILTIN_RESOURCES.Pod, { labelSelector: 'openebs.io/replica in (jiva-replica),!nonexistent' });
    expect(jiva.ok && jiva.value.length).toBeGreaterThan(0);
    const rejected = await api.listAll(BUILTIN_RESOURCES.Pod, { fieldSelector: 'spec.volumes=x' });
    expect(rejected).toMatchObject({ ok: false, refusal: { status: 400, message: 'field label not supported: spec.volumes' } });
  });

  it('restarts a list whose continue token expired (410)', async () => {
    fixture = await startServer({ objects: seedObjects() });
    fixture.server.faults.push({ match: { where: (r) => r.query.continue !== undefined }, status: 410, times: 1 });
    const api = apiFor(fixture);
    const result = await api.listAll(BUILTIN_RESOURCES.Node, { limit: 2 });
    expect(result.ok && new Set(result.value.map((n) => (n.metadata as { name: string }).name)).size).toBe(3);
  });

  it('streams watch events as JSON lines, and ends with ERROR 410 Gone when told to', async () => {
    fixture = await startServer({ objects: seedObjects() });
    const chosen = loadKubeConfig({ kubeconfig: fixture.kubeconfig, env: {} });
    const seen: string[] = [];
    let stop: (() => void) | undefined;
    const ended = new Promise<void>((resolve) => {
      void new Watch(chosen.kubeConfig)
        .watch('/api/v1/nodes', {}, (type, object: { metadata?: { name?: string } }) => {
          seen.push(`${type} ${object.metadata?.name ?? ''}`);
          if (seen.length === 4) stop?.();
        }, () => {
          resolve();
        })
        .then((controller) => {
          stop = () => {
            controller.abort();
          };
        });
    });
    // Three nodes listed, then a change pushed to the open stream.
    await new Promise((resolve) => setTimeout(resolve, 100));
    fixture.server.upsert({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'k8s04' } });
    await ended;
    expect(seen).toEqual(['ADDED k8s01', 'ADDED k8s02', 'ADDED k8s03', 'ADDED k8s04']);

    fixture.server.faults.push({ match: { verb: 'watch', resource: 'pods' }, watchGoneAfter: 1 });
    const events: { type: string; code?: number }[] = [];
    await new Promise<void>((resolve) => {
      void new Watch(chosen.kubeConfig).watch('/api/v1/pods', {}, (type, object: { code?: number }) => {
        events.push({ type, ...(object.code !== undefined ? { code: object.code } : {}) });
      }, () => {
        resolve();
      });
    });
    expect(events).toEqual([{ type: 'ADDED' }, { type: 'ERROR', code: 410 }]);
  });

  it('serves the list-then-watch of the API layer: events after the list version, 410 Gone as a reason to re-list', async () => {
    fixture = await startServer({ objects: seedObjects() });
    const api = apiFor(fixture);
    let version: string | undefined;
    await api.listPages(BUILTIN_RESOURCES.Node, {}, (page) => {
      version = page.resourceVersion;
    });
    const events: string[] = [];
    const handle = api.watch(BUILTIN_RESOURCES.Node, { ...(version !== undefined ? { resourceVersion: version } : {}) }, (e) => {
      events.push(`${e.type} ${String((e.object.metadata as { name?: unknown }).name)}`);
      if (events.length === 2) handle.stop();
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    fixture.server.upsert({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'k8s04' } });
    fixture.server.upsert({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'k8s01', labels: { changed: 'yes' } } });
    expect(await handle.ended).toMatchObject({ reason: 'stopped' });
    expect(events).toEqual(['ADDED k8s04', 'MODIFIED k8s01']);

    fixture.server.faults.push({ match: { verb: 'watch', resource: 'pods' }, watchGoneAfter: 0 });
    const gone = api.watch(BUILTIN_RESOURCES.Pod, { resourceVersion: '1' }, () => undefined);
    expect(await gone.ended).toMatchObject({ reason: 'gone', message: 'too old resource version' });
    fixture.server.faults.push({ match: { verb: 'watch', resource: 'services' }, status: 403 });
    const refused = api.watch(BUILTIN_RESOURCES.Service, {}, () => undefined);
    expect(await refused.ended).toMatchObject({ reason: 'refused', refusal: { status: 403 } });
  });

  it('replays the writes after a watch\'s version, answers 410 from before a compaction, and closes watches when told to', async () => {
    fixture = await startServer({ objects: seedObjects() });
    const api = apiFor(fixture);
    let listed: string | undefined;
    await api.listPages(BUILTIN_RESOURCES.Node, {}, (page) => {
      listed = page.resourceVersion;
    });
    fixture.server.upsert({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'k8s04' } });
    expect(fixture.server.delete('Node', undefined, 'k8s01')).toBe(true);
    expect(fixture.server.delete('Node', undefined, 'k8s01')).toBe(false);
    const replayed: string[] = [];
    const versions: number[] = [];
    fixture.server.faults.push({ match: { verb: 'watch', resource: 'nodes' }, watchCloseAfter: 2, times: 1 });
    const handle = api.watch(BUILTIN_RESOURCES.Node, listed !== undefined ? { resourceVersion: listed } : {}, (e) => {
      replayed.push(`${e.type} ${String((e.object.metadata as { name?: unknown }).name)}`);
      versions.push(Number((e.object.metadata as { resourceVersion?: unknown }).resourceVersion));
    });
    expect(await handle.ended).toMatchObject({ reason: 'closed' });
    expect(replayed).toEqual(['ADDED k8s04', 'DELETED k8s01']);
    expect(versions[1]).toBe((versions[0] ?? 0) + 1);
    expect(versions[0]).toBeGreaterThan(Number(listed));

    const open = api.watch(BUILTIN_RESOURCES.Node, { resourceVersion: String(versions[1]) }, () => undefined);
    const server = fixture.server;
    await vi.waitFor(() => {
      expect(server.openWatches).toBe(1);
    });
    server.closeWatches();
    expect(await open.ended).toMatchObject({ reason: 'closed' });

    fixture.server.compact();
    const gone = api.watch(BUILTIN_RESOURCES.Node, listed !== undefined ? { resourceVersion: listed } : {}, () => undefined);
    expect(await gone.ended).toMatchObject({ reason: 'gone' });
  });

  it('answers 401 without the right token, and refuses anything but GET', async () => {
    fixture = await startServer({ objects: [], token: 't0ken' });
    const r = await fetch(`${fixture.server.url}/api/v1/pods`);
    expect(r.status).toBe(401);
    const post = await fetch(`${fixture.server.url}/api/v1/namespaces/x/pods`, { method: 'POST', headers: { authorization: 'Bearer t0ken' }, body: '{}' });
    expect(post.status).toBe(405);
  });
});
