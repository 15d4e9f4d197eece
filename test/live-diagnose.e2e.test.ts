/**
 * `kubehow diagnose` against a live API (the test API server serving the seed example, driven by the
 * real @kubernetes/client-node): the same diagnosis as from the snapshot, a bounded number of requests,
 * and honest behaviour under faults (forbidden namespace or kind, 429 storms, 500s, timeouts, 401,
 * server down).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readSnapshot } from '../src/sources/snapshot/read-snapshot.ts';
import { readLive } from '../src/sources/live/read-live.ts';
import { buildModel } from '../src/model/model.ts';
import { diagnose } from '../src/diagnose/diagnose.ts';
import type { Diagnosis } from '../src/diagnose/report.ts';
import type { Pod } from '../src/kube/types.ts';
import type { ClusterState } from '../src/sources/types.ts';
import { NOW, OUTPUT_FILE, SONARR } from '../examples/generate.ts';
import { recordingSleep, runKubehow, seedObjects, startServer, type LiveFixture } from './support/live.ts';

const POD = `${SONARR.namespace}/${SONARR.pod}`;
let fixture: LiveFixture | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

async function seedServer(options: { serviceClusterIPSelector?: boolean; token?: string } = {}): Promise<LiveFixture> {
  fixture = await startServer({ objects: seedObjects(), ...options });
  return fixture;
}

function diagnosisOf(state: ClusterState): Diagnosis {
  const model = buildModel(state);
  return diagnose(model, model.pod(SONARR.namespace, SONARR.pod) as Pod);
}

async function liveState(f: LiveFixture, extra: { sleep?: (ms: number) => Promise<void>; timeoutMs?: number } = {}): Promise<ClusterState> {
  return readLive({ kubeconfig: f.kubeconfig, env: {}, clock: () => Date.parse(NOW), sleep: extra.sleep ?? (() => Promise.resolve()), ...(extra.timeoutMs !== undefined ? { timeoutMs: extra.timeoutMs } : {}) }, { scope: 'pod', namespace: SONARR.namespace, name: SONARR.pod });
}

/** The parts of a diagnosis about the pod itself (secondary findings are cluster-wide; live reads only around the pod). */
function core(d: Diagnosis): unknown {
  return { pod: d.pod, hypotheses: d.hypotheses, chain: d.chain, staleEvents: d.staleEvents, dataPaths: d.dataPaths, observedAt: d.observedAt };
}

describe('live diagnose of the seed incident', () => {
  it('gives the same diagnosis as the snapshot, from targeted reads only', async () => {
    const f = await seedServer();
    const live = diagnosisOf(await liveState(f));
    const snapshot = diagnosisOf(await readSnapshot(OUTPUT_FILE));
    expect(core(live)).toEqual(core(snapshot));
    expect(live.hypotheses[0]).toMatchObject({ id: 'hairpin-colocation', verdict: 'likely' });
    // The findings about this pod's own path are there; the other apps' findings need an audit.
    expect(live.secondary.map((s) => s.id)).toEqual(expect.arrayContaining(['colocation-exposure', 'missing-anti-affinity', 'node-disk-pressure']));
    expect(live.notes.some((n) => n.message.includes('kubehow audit'))).toBe(true);
    // Nothing cluster-wide without a selector: every list is narrowed by a field/label selector, except the
    // NetworkPolicies of the target's namespace (a policy selects pods; pods cannot select their policies).
    const unnarrowed = f.server.requests.filter((r) => r.verb === 'list' && r.query.fieldSelector === undefined && r.query.labelSelector === undefined);
    expect(unnarrowed.map((r) => r.path)).toEqual(['/apis/networking.k8s.io/v1/namespaces/openebs/networkpolicies']);
    expect(f.server.requests.some((r) => r.resource === 'secrets')).toBe(false);
  });

  it('makes the same number of requests whatever the size of the cluster', async () => {
    const { syntheticCluster } = await import('../bench/live-cluster.ts');
    const counts: number[] = [];
    for (const objects of [seedObjects(), syntheticCluster(2_000)]) {
      fixture = await startServer({ objects });
      const state = await readLive({ kubeconfig: fixture.kubeconfig, env: {}, clock: () => Date.parse(NOW) }, { scope: 'pod', namespace: SONARR.namespace, name: SONARR.pod });
      expect(diagnosisOf(state).hypotheses[0]?.id).toBe('hairpin-colocation');
      counts.push(fixture.server.requests.length);
      await fixture.stop();
      fixture = undefined;
    }
    expect(counts[1]).toBe(counts[0]);
  });

  it('finds the Service without the spec.clusterIP field selector on servers before 1.30', async () => {
    const f = await seedServer({ serviceClusterIPSelector: false });
    const live = diagnosisOf(await liveState(f));
    expect(live.hypotheses[0]).toMatchObject({ id: 'hairpin-colocation', verdict: 'likely' });
    expect(f.server.requests.some((r) => r.resource === 'services' && r.status === 400)).toBe(true);
  });

  it('prints the diagnosis through the CLI, and resolves a workload name to its only pod', async () => {
    const f = await seedServer();
    const r = await runKubehow(['diagnose', 'sonarr', '-n', 'media', '--kubeconfig', f.kubeconfig, '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as Diagnosis;
    expect(d.pod).toMatchObject({ name: SONARR.pod, resolvedFrom: 'Deployment media/sonarr' });
    expect(d.hypotheses.map((h) => h.id)).toContain('hairpin-colocation');
  });

  it('names the pods of a namespace when the pod does not exist', async () => {
    const f = await seedServer();
    const r = await runKubehow(['diagnose', 'media/nosuchpod', '--kubeconfig', f.kubeconfig]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pod media\/nosuchpod not found; pods in media: .*sonarr-dd4cb4f69-8kmhv/);
  });

  it('refuses --now and --snapshot mixed with a live context', async () => {
    const f = await seedServer();
    expect((await runKubehow(['diagnose', POD, '--kubeconfig', f.kubeconfig, '--now', NOW])).code).toBe(2);
    expect((await runKubehow(['diagnose', POD, '--context', 'x', '--snapshot', OUTPUT_FILE])).code).toBe(2);
  });

  it('rejects an unknown --context, listing the contexts', async () => {
    const f = await seedServer();
    const r = await runKubehow(['diagnose', POD, '--kubeconfig', f.kubeconfig, '--context', 'prod']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('contexts: test-context');
  });
});

describe('faults', () => {
  it('forbidden namespace: RoleBindings everywhere but openebs (so no all-namespace lists either); honest output, no crash', async () => {
    const f = await seedServer();
    // RBAC cannot deny one namespace: without openebs, a user has no cluster-wide read of namespaced kinds either.
    const namespaced = new Set(['pods', 'services', 'endpoints', 'endpointslices', 'events', 'persistentvolumeclaims', 'replicasets', 'deployments', 'configmaps']);
    f.server.faults.push({ match: { where: (q) => q.resource !== undefined && namespaced.has(q.resource) && (q.namespace === 'openebs' || q.namespace === undefined) }, status: 403 });
    const r = await runKubehow(['diagnose', POD, '--kubeconfig', f.kubeconfig]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Could not check[\s\S]*could not read pods in any namespace: forbidden/);
    expect(r.stdout).toMatch(/could not read services in any namespace: forbidden/);
    // Without the serving pod, hairpin-colocation cannot be claimed.
    expect(r.stdout).not.toMatch(/^LIKELY {2}hairpin-colocation/m);
  });

  it('forbidden kind: EndpointSlices cluster-wide; visible in text and JSON, Endpoints used instead', async () => {
    const f = await seedServer();
    f.server.faults.push({ match: { resource: 'endpointslices' }, status: 403 });
    const json = await runKubehow(['diagnose', POD, '--kubeconfig', f.kubeconfig, '-o', 'json']);
    expect(json.code).toBe(0);
    const d = JSON.parse(json.stdout) as Diagnosis;
    expect(d.notes.some((n) => n.kind === 'forbidden' && n.message.startsWith('could not read endpointslices.discovery.k8s.io'))).toBe(true);
    expect(d.hypotheses[0]).toMatchObject({ id: 'hairpin-colocation' });
    const text = await runKubehow(['diagnose', POD, '--kubeconfig', f.kubeconfig]);
    expect(text.stdout).toContain('? could not read endpointslices.discovery.k8s.io in namespace openebs: forbidden');
  });

  it('429 storm: retries honour Retry-After and the diagnosis completes', async () => {
    const f = await seedServer();
    f.server.faults.push({ match: { verb: 'list' }, status: 429, retryAfter: 2, times: 6 });
    const { sleep, delays } = recordingSleep();
    const d = diagnosisOf(await liveState(f, { sleep }));
    expect(d.hypotheses[0]).toMatchObject({ id: 'hairpin-colocation' });
    expect(delays.filter((ms) => ms === 2000)).toHaveLength(6);
    expect(f.server.requests.filter((r) => r.status === 429)).toHaveLength(6);
  });

  it('transient 500s are retried; persistent ones become an honest "could not read"', async () => {
    const f = await seedServer();
    f.server.faults.push({ match: { resource: 'persistentvolumes' }, status: 500, times: 2 });
    expect(diagnosisOf(await liveState(f)).hypotheses[0]?.id).toBe('hairpin-colocation');
    f.server.faults.push({ match: { resource: 'persistentvolumeclaims' }, status: 500 });
    const d = diagnosisOf(await liveState(f));
    expect(d.notes.some((n) => n.kind === 'unavailable' && /could not read persistentvolumeclaims sonarr-config in namespace media: the server answered 500/.test(n.message))).toBe(true);
  });

  it('a slow server: requests time out and are retried', async () => {
    const f = await seedServer();
    f.server.faults.push({ match: { resource: 'persistentvolumes' }, delayMs: 400, times: 1 });
    const d = diagnosisOf(await liveState(f, { timeoutMs: 150 }));
    expect(d.hypotheses[0]?.id).toBe('hairpin-colocation');
    expect(f.server.requests.filter((r) => r.resource === 'persistentvolumes').length).toBeGreaterThanOrEqual(2);
  });

  it('401: exit 3 naming the context and the server', async () => {
    const f = await seedServer({ token: 'right' });
    const kc = f.server.kubeconfig({ token: 'wrong' });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(f.kubeconfig, kc);
    const r = await runKubehow(['diagnose', POD, '--kubeconfig', f.kubeconfig]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`the API server ${f.server.url} (context "test-context") refused our credentials (401 Unauthorized)`);
  });

  it('server down: exit 3 naming the context and the server', async () => {
    const f = await seedServer();
    const url = f.server.url;
    await f.server.stop();
    const r = await runKubehow(['diagnose', POD, '--kubeconfig', f.kubeconfig]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`the API server ${url.replace(/[.]/g, '\\.')} \\(context "test-context"\\) cannot be reached: ECONNREFUSED`));
  });

  it('no cluster configured at all: exit 3 saying what to pass', async () => {
    const r = await runKubehow(['diagnose', POD]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('no cluster configured');
  });
});

describe('live cluster scope (what audit reads)', () => {
  it('lists every kind page by page; the whole-cluster diagnosis equals the snapshot one, secondary findings included', async () => {
    const f = await seedServer();
    const { loadState } = await import('../src/cli/source-options.ts');
    const state = await loadState({ kubeconfig: f.kubeconfig }, { scope: 'cluster' }, { env: {}, clock: () => Date.parse(NOW) });
    const snapshot = await readSnapshot(OUTPUT_FILE);
    for (const [kind, objects] of snapshot.objects) expect(state.objects.get(kind)?.length ?? 0, kind).toBe(objects.length);
    const live = diagnosisOf(state);
    const fromFile = diagnosisOf(snapshot);
    expect(core(live)).toEqual(core(fromFile));
    expect(live.secondary.map((s) => [s.id, s.subject.name])).toEqual(fromFile.secondary.map((s) => [s.id, s.subject.name]));
    expect(state.kindsRead?.has('EndpointSlice')).toBe(true);
    expect(f.server.requests.filter((r) => r.verb === 'list').every((r) => r.query.limit === '500')).toBe(true);
  });

  it('restricted to namespaces, lists namespaced kinds per namespace only', async () => {
    const f = await seedServer();
    const { loadState } = await import('../src/cli/source-options.ts');
    const state = await loadState({ kubeconfig: f.kubeconfig }, { scope: 'cluster', namespaces: ['media'] }, { env: {} });
    expect(new Set((state.objects.get('Pod') ?? []).map((p) => p.metadata.namespace))).toEqual(new Set(['media']));
    expect(f.server.requests.filter((r) => r.verb === 'list' && r.resource === 'pods').map((r) => r.namespace)).toEqual(['media']);
  });
});

describe('a forbidden PersistentVolume', () => {
  it('is followed from the portal the kubelet reported, as from a dump without PVs', async () => {
    const f = await seedServer();
    f.server.faults.push({ match: { resource: 'persistentvolumes' }, status: 403 });
    const d = diagnosisOf(await liveState(f));
    const withoutPvs = diagnosisOf(await readSnapshot(OUTPUT_FILE).then((s) => ({ ...s, objects: new Map([...s.objects].filter(([kind]) => kind !== 'PersistentVolume')) })));
    expect(d.hypotheses.map((h) => [h.id, h.verdict])).toEqual(withoutPvs.hypotheses.map((h) => [h.id, h.verdict]));
    expect(d.hypotheses[0]?.id).toBe('hairpin-colocation');
    expect(d.notes.some((n) => n.kind === 'forbidden' && n.message.startsWith('could not read persistentvolumes pvc-17e6'))).toBe(true);
  });
});

describe('the bin entry, live', () => {
  it('diagnoses through a real kubehow process and a kubeconfig from $KUBECONFIG', async () => {
    const f = await seedServer();
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const main = new URL('../src/cli/main.ts', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [main, 'diagnose', POD, '-o', 'json'], { env: { PATH: process.env.PATH ?? '', HOME: f.dir, KUBECONFIG: f.kubeconfig } });
    const d = JSON.parse(stdout) as Diagnosis;
    expect(d.hypotheses[0]?.id).toBe('hairpin-colocation');
    expect(f.server.requests.length).toBeGreaterThan(0);
  });
});
