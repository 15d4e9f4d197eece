/**
 * `kubehow collect` against the test API server: bundles (directory and .tar.gz) that every command
 * reads back with --snapshot to the same diagnosis, redaction that a grep for planted secrets proves,
 * hashed names that still diagnose, progress on stderr, refusals noted in the manifest.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extract } from 'tar';
import type { KubeObject } from '../src/sources/types.ts';
import type { Pod } from '../src/kube/types.ts';
import type { Diagnosis } from '../src/diagnose/report.ts';
import { readSnapshot } from '../src/sources/snapshot/read-snapshot.ts';
import { buildModel } from '../src/model/model.ts';
import { diagnose } from '../src/diagnose/diagnose.ts';
import { NOW, OUTPUT_FILE, SONARR } from '../examples/generate.ts';
import { runKubehow, seedObjects, startServer, type LiveFixture } from './support/live.ts';

const POD = `${SONARR.namespace}/${SONARR.pod}`;
const PLANTED = {
  secret: 'kubehow-planted-secret-value',
  configMap: 'kubehow-planted-configmap-value',
  env: 'kubehow-planted-env-value',
  lastApplied: 'kubehow-planted-last-applied',
};

let fixture: LiveFixture | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

/** The seed cluster with recognisable secrets planted where redaction must remove them. */
function plantedCluster(): KubeObject[] {
  const objects = seedObjects().map((o) => {
    if (o.kind === 'Pod' && o.metadata.name === SONARR.pod) {
      const copy = structuredClone(o) as KubeObject & { spec: { containers: { env?: { name: string; value?: string }[] }[] } };
      copy.spec.containers[0]?.env?.push({ name: 'API_KEY', value: PLANTED.env });
      return copy;
    }
    if (o.kind === 'Deployment' && o.metadata.name === 'sonarr') {
      return { ...o, metadata: { ...o.metadata, annotations: { ...(o.metadata.annotations ?? {}), 'kubectl.kubernetes.io/last-applied-configuration': `{"env":"${PLANTED.lastApplied}"}` } } };
    }
    return o;
  });
  objects.push(
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sonarr-api', namespace: 'media', uid: 'secret-1' }, type: 'Opaque', data: { key: Buffer.from(PLANTED.secret).toString('base64') }, stringData: { plain: PLANTED.secret } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sonarr-config', namespace: 'media', uid: 'cm-1' }, data: { 'config.xml': PLANTED.configMap } },
  );
  return objects;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

function grepBundle(dir: string, needle: string): string[] {
  return filesUnder(dir).filter((f) => readFileSync(f, 'utf8').includes(needle));
}

function diagnoseIn(objects: Awaited<ReturnType<typeof readSnapshot>>, pick: (pod: Pod) => boolean): Diagnosis {
  const model = buildModel(objects);
  const pod = model.pods.find(pick);
  if (pod === undefined) throw new Error('pod not in the bundle');
  return diagnose(model, pod);
}

function core(d: Diagnosis): unknown {
  return { pod: d.pod, hypotheses: d.hypotheses.map((h) => [h.id, h.verdict, h.summary]), chain: d.chain, staleEvents: d.staleEvents, dataPaths: d.dataPaths, observedAt: d.observedAt };
}

describe('kubehow collect', () => {
  it('writes a bundle that reads back to the same diagnosis, with no planted secret in it', async () => {
    fixture = await startServer({ objects: plantedCluster() });
    const out = join(fixture.dir, 'bundle');
    const r = await runKubehow(['collect', '-o', out, '--kubeconfig', fixture.kubeconfig], { clock: () => Date.parse(NOW) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`into ${out}`);
    expect(r.stderr).toMatch(/^collect: pods: 4\d objects$/m);
    expect(r.stderr).toMatch(/^collect: events: \d+ objects$/m);

    for (const needle of Object.values(PLANTED)) expect(grepBundle(out, needle), needle).toEqual([]);
    expect(grepBundle(out, '"kind":"Secret"')).toEqual([]);
    expect(grepBundle(out, Buffer.from(PLANTED.secret).toString('base64'))).toEqual([]);
    expect(fixture.server.requests.some((q) => q.resource === 'secrets')).toBe(false);
    expect(grepBundle(out, '"name":"API_KEY","value":"(redacted by kubehow)"')).toHaveLength(1);
    expect(grepBundle(out, '"config.xml":""')).toHaveLength(1);

    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ apiVersion: 'kubehow/v1alpha1', kind: 'BundleManifest', collectedAt: '2026-03-30T09:32:00.000Z', context: 'test-context', server: fixture.server.url, serverVersion: 'v1.30.2', kubehowVersion: '0.0.0-test', forbidden: [] });
    expect(manifest.notServed).toEqual(['JivaVolume', 'CStorVolume', 'CStorVolumeReplica', 'CStorVolumeAttachment']);

    const fromBundle = diagnoseIn(await readSnapshot(out), (p) => p.metadata.name === SONARR.pod);
    const fromExample = diagnoseIn(await readSnapshot(OUTPUT_FILE), (p) => p.metadata.name === SONARR.pod);
    expect(core(fromBundle)).toEqual(core(fromExample));
    // The whole cluster was collected, so the cluster-wide findings match the example's too.
    expect(fromBundle.secondary.map((f) => [f.id, f.subject.name])).toEqual(fromExample.secondary.map((f) => [f.id, f.subject.name]));

    const cli = await runKubehow(['diagnose', POD, '--snapshot', out]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/^LIKELY {2}hairpin-colocation/m);
  });

  it('writes a .tar.gz that --snapshot reads directly', async () => {
    fixture = await startServer({ objects: plantedCluster() });
    const archive = join(fixture.dir, 'incident.tar.gz');
    const r = await runKubehow(['collect', '--archive', archive, '--kubeconfig', fixture.kubeconfig]);
    expect(r.code).toBe(0);
    const unpacked = join(fixture.dir, 'unpacked');
    mkdirSync(unpacked);
    await extract({ file: archive, cwd: unpacked });
    expect(filesUnder(unpacked).some((f) => f.endsWith('manifest.json'))).toBe(true);
    for (const needle of Object.values(PLANTED)) expect(grepBundle(unpacked, needle), needle).toEqual([]);
    const cli = await runKubehow(['diagnose', POD, '--snapshot', archive, '-o', 'json']);
    expect(cli.code).toBe(0);
    expect((JSON.parse(cli.stdout) as Diagnosis).hypotheses[0]?.id).toBe('hairpin-colocation');
    expect(readdirSync(tmpdir()).filter((d) => d.startsWith('kubehow-bundle-') && statSync(join(tmpdir(), d)).mtimeMs > Date.now() - 5000)).toEqual([]);
  });

  it('--redact-names hashes namespaces and names consistently: the diagnosis still follows the data path', async () => {
    fixture = await startServer({ objects: plantedCluster() });
    const out = join(fixture.dir, 'hashed');
    expect((await runKubehow(['collect', '-o', out, '--redact-names', '--kubeconfig', fixture.kubeconfig], { clock: () => Date.parse(NOW) })).code).toBe(0);
    for (const name of [SONARR.pod, SONARR.claim, SONARR.controllerPod, '"namespace":"media"', '"namespace":"openebs"', '"nodeName":"k8s03"']) {
      expect(grepBundle(out, name), name).toEqual([]);
    }
    const d = diagnoseIn(await readSnapshot(out), (p) => p.metadata.labels?.['app.kubernetes.io/name'] === 'sonarr' && p.status?.phase === 'Pending');
    expect(d.hypotheses[0]).toMatchObject({ id: 'hairpin-colocation', verdict: 'likely' });
    expect(d.staleEvents).toHaveLength(1);
    expect(d.pod.name).toMatch(/^h-[0-9a-f]{16}$/);
  });

  it('collects only the namespaces asked for, and notes what RBAC forbids', async () => {
    fixture = await startServer({ objects: plantedCluster() });
    fixture.server.faults.push({ match: { resource: 'configmaps', namespace: 'openebs' }, status: 403 });
    const out = join(fixture.dir, 'two');
    const r = await runKubehow(['collect', '-o', out, '-n', 'media', '-n', 'openebs', '--kubeconfig', fixture.kubeconfig]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Could not read (1): could not read configmaps in namespace openebs: forbidden');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { namespaces: string[]; forbidden: { resource: string; namespace: string }[] };
    expect(manifest.namespaces).toEqual(['media', 'openebs']);
    expect(manifest.forbidden).toEqual([expect.objectContaining({ resource: 'ConfigMap', namespace: 'openebs' })]);
    const state = await readSnapshot(out);
    const namespaces = new Set([...(state.objects.get('Pod') ?? [])].map((p) => p.metadata.namespace));
    expect([...namespaces].sort()).toEqual(['media', 'openebs']);
    // Every namespaced list was scoped to a namespace.
    expect(fixture.server.requests.filter((q) => q.verb === 'list' && q.namespace === undefined && ['pods', 'events', 'services'].includes(q.resource ?? ''))).toEqual([]);
  });

  it('pages large lists and refuses to write into a non-empty directory', async () => {
    fixture = await startServer({ objects: plantedCluster() });
    const out = join(fixture.dir, 'paged');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const refused = await runKubehow(['collect', '-o', out, '--kubeconfig', fixture.kubeconfig]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is not empty');
    rmSync(out, { recursive: true });
    expect((await runKubehow(['collect', '-o', out, '--kubeconfig', fixture.kubeconfig], { pageSize: 10 } as never)).code).toBe(0);
  });
});

describe('kubehow collect --help', () => {
  it('teaches what a bundle holds, the redaction, and how to read it back', async () => {
    const r = await runKubehow(['collect', '--help']);
    expect(r.code).toBe(0);
    for (const phrase of ['manifest.json', 'Secrets are never read', '--archive', '--redact-names', '--snapshot incident.tar.gz', 'deploy/rbac-readonly.yaml']) expect(r.stdout).toContain(phrase);
  });

  it('rejects -o with --archive, -n with -A, and an archive name without .tar.gz', async () => {
    expect((await runKubehow(['collect', '-o', 'x', '--archive', 'y.tar.gz'])).code).toBe(2);
    expect((await runKubehow(['collect', '-n', 'a', '-A'])).code).toBe(2);
    expect((await runKubehow(['collect', '--archive', 'bundle.zip'])).stderr).toContain('must end in .tar.gz');
  });
});

describe('kubehow collect with core events forbidden', () => {
  it('reads the events through events.k8s.io and says so, and the bundle still diagnoses', async () => {
    fixture = await startServer({ objects: plantedCluster() });
    fixture.server.faults.push({ match: { group: '', resource: 'events' }, status: 403 });
    const out = join(fixture.dir, 'events-v1');
    const r = await runKubehow(['collect', '-o', out, '--kubeconfig', fixture.kubeconfig], { clock: () => Date.parse(NOW) });
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { forbidden: unknown[]; notes: { message: string }[] };
    expect(manifest.forbidden).toEqual([]);
    expect(manifest.notes.map((n) => n.message)).toContain('core/v1 events are forbidden; read the same events through events.k8s.io/v1 instead');
    // The events.k8s.io/v1 shape (regarding, note, deprecated*), not core's.
    expect(grepBundle(out, '"regarding":')).toHaveLength(1);
    expect(grepBundle(out, '"involvedObject":')).toEqual([]);
    const d = diagnoseIn(await readSnapshot(out), (p) => p.metadata.name === SONARR.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'hairpin-colocation', verdict: 'likely' });
    expect(d.staleEvents).toHaveLength(1);
  });
});
