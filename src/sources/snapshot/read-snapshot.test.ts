import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../errors.ts';
import type { ClusterState } from '../types.ts';
import { readSnapshot } from './read-snapshot.ts';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'kubehow-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeTree(files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    const path = join(root, relative);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
}

async function inputError(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputError) {
      expect(error.message).not.toMatch(/[\r\n]/);
      return error;
    }
    throw error;
  }
  throw new Error('expected an InputError');
}

/** Everything the state holds, Maps and Sets included (JSON.stringify alone prints a Map as {}). */
function serialise(state: ClusterState): string {
  return JSON.stringify(state, (_key, value: unknown) => (value instanceof Map || value instanceof Set ? [...value] : value));
}

function names(state: ClusterState, kind: string): string[] {
  return (state.objects.get(kind) ?? []).map((object) => `${object.metadata.namespace ?? ''}/${object.metadata.name}`);
}

const pretty = (value: unknown): string => `${JSON.stringify(value, null, 4)}\n`;

const node = {
    metadata: { name: 'node-a', uid: 'n-1', resourceVersion: '100', creationTimestamp: '2026-01-01T00:00:00Z' },
    status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2026-03-30T09:20:00Z' }] },
};
const event = {
  metadata: { name: 'web-0.1823', namespace: 'default', uid: 'e-1', creationTimestamp: '2026-03-30T09:00:00Z' },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-0', uid: 'p-0' },
  reason: 'FailedMount',
  firstTimestamp: '2026-03-30T09:00:00Z',
  lastTimestamp: '2026-03-30T09:31:00Z',
};
const webPod = (name: string, uid: string): Record<string, unknown> => ({
  metadata: { name, namespace: 'default', uid, resourceVersion: '500', creationTimestamp: '2026-03-30T08:00:00Z' },
  spec: { nodeName: 'node-a', containers: [{ name: 'app' }] },
  status: { phase: 'Pending', containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ContainerCreating' } } }] },
});

/** The stdout of `kubectl cluster-info dump`: 4-space JSON Lists whose items lack kind, log blocks and log errors between them. */
function clusterInfoDump(): string {
  return [
    pretty({ kind: 'NodeList', apiVersion: 'v1', metadata: { resourceVersion: '900' }, items: [node] }),
    pretty({ kind: 'EventList', apiVersion: 'v1', metadata: { resourceVersion: '900' }, items: [event] }),
    pretty({ kind: 'ReplicationControllerList', apiVersion: 'v1', metadata: { resourceVersion: '900' }, items: [] }),
    pretty({ kind: 'ServiceList', apiVersion: 'v1', metadata: { resourceVersion: '900' }, items: [{ metadata: { name: 'web', namespace: 'default', uid: 's-1' }, spec: { clusterIP: '10.0.0.9' } }] }),
    pretty({ kind: 'DaemonSetList', apiVersion: 'apps/v1', metadata: { resourceVersion: '900' }, items: [] }),
    pretty({ kind: 'DeploymentList', apiVersion: 'apps/v1', metadata: { resourceVersion: '900' }, items: [] }),
    pretty({ kind: 'ReplicaSetList', apiVersion: 'apps/v1', metadata: { resourceVersion: '900' }, items: [{ metadata: { name: 'web-5d9', namespace: 'default', uid: 'rs-1' } }] }),
    pretty({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '900' }, items: [webPod('web-0', 'p-0'), webPod('web-1', 'p-1')] }),
    '==== START logs for container app of pod default/web-0 ====\n',
    '{"level":"info","msg":"starting"}\n',
    '}\n',
    '[\n',
    '    "metadata": {"name": "not-an-object"}\n',
    '==== END logs for container app of pod default/web-0 ====\n',
    '==== START logs for container app of pod default/web-1 ====\n',
    '{"level":"info"}\n',
    'Create log request error: container "app" in pod "web-1" is waiting to start: ContainerCreating\n',
    '==== END logs for container app of pod default/web-1 ====\n',
    'Create log request error: the server could not find the requested resource\n',
    pretty({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '901' }, items: [{ metadata: { name: 'coredns-1', namespace: 'kube-system', uid: 'p-9' } }] }),
  ].join('');
}

describe('readSnapshot: formats', () => {
  it('reads a single object in JSON', async () => {
    const file = join(root, 'pod.json');
    await writeFile(file, JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'ns', creationTimestamp: '2026-03-30T09:00:00Z' } }));
    const state = await readSnapshot(file);
    expect([...state.objects.keys()]).toEqual(['Pod']);
    expect(state.objects.get('Pod')).toEqual([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'ns', creationTimestamp: '2026-03-30T09:00:00Z' } }]);
    expect(state).toMatchObject({ observedAt: '2026-03-30T09:00:00.000Z', nowSource: 'latest-timestamp', notes: [], kindsRead: undefined });
    expect(state.origin).toEqual({ type: 'snapshot', paths: [file] });
  });

  it('reads the List printed by `kubectl get -o json`', async () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      metadata: { resourceVersion: '' },
      items: [
        { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'media', creationTimestamp: '2026-03-01T00:00:00Z' } },
        { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pvc-1' } },
        { apiVersion: 'openebs.io/v1alpha1', kind: 'JivaVolume', metadata: { name: 'pvc-1', namespace: 'openebs' } },
      ],
    };
    await writeFile(join(root, 'get.json'), pretty(list));
    const state = await readSnapshot(join(root, 'get.json'));
    expect([...state.objects.keys()]).toEqual(['PersistentVolumeClaim', 'PersistentVolume', 'JivaVolume']);
    expect(state.objects.get('JivaVolume')?.[0]?.apiVersion).toBe('openebs.io/v1alpha1');
  });

  it('gives PodList items without kind the kind Pod and the List apiVersion', async () => {
    await writeFile(join(root, 'pods.json'), pretty({ kind: 'PodList', apiVersion: 'v1', items: [webPod('web-0', 'p-0'), webPod('web-1', 'p-1')] }));
    const pods = (await readSnapshot(join(root, 'pods.json'))).objects.get('Pod') ?? [];
    expect(pods.map((pod) => [pod.apiVersion, pod.kind, pod.metadata.name])).toEqual([
      ['v1', 'Pod', 'web-0'],
      ['v1', 'Pod', 'web-1'],
    ]);
  });

  it('reads multi-document YAML with empty and comment-only documents', async () => {
    const yaml = [
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: jiva-ctrl',
      '  namespace: openebs',
      '  creationTimestamp: "2026-03-30T07:00:00Z"',
      '---',
      '---',
      '# nothing here',
      '---',
      'apiVersion: v1',
      'kind: PodList',
      'items:',
      '  - metadata: {name: ctrl-0, namespace: openebs}',
      '',
    ].join('\n');
    await writeFile(join(root, 'objects.yaml'), yaml);
    const state = await readSnapshot(join(root, 'objects.yaml'));
    expect(names(state, 'Service')).toEqual(['openebs/jiva-ctrl']);
    expect(names(state, 'Pod')).toEqual(['openebs/ctrl-0']);
    expect(state.observedAt).toBe('2026-03-30T07:00:00.000Z');
  });

  it('reads `kubectl cluster-info dump` stdout, skipping log blocks and text', async () => {
    await writeFile(join(root, 'dump.txt'), clusterInfoDump());
    const state = await readSnapshot(join(root, 'dump.txt'));
    expect([...state.objects.keys()]).toEqual(['Node', 'Event', 'Service', 'ReplicaSet', 'Pod']);
    expect(names(state, 'Pod')).toEqual(['default/web-0', 'default/web-1', 'kube-system/coredns-1']);
    expect(state.objects.get('ReplicaSet')?.[0]).toMatchObject({ apiVersion: 'apps/v1', kind: 'ReplicaSet' });
    expect(state.objects.get('Event')?.[0]).toEqual({ apiVersion: 'v1', kind: 'Event', ...event });
    expect(state.notes).toEqual([{ kind: 'skipped', message: 'skipped 2 container log blocks and 1 text line', file: join(root, 'dump.txt') }]);
    expect(serialise(state)).not.toContain('not-an-object');
    expect(state).toMatchObject({ observedAt: '2026-03-30T09:31:00.000Z', nowSource: 'latest-timestamp' });
  });

  it('reads UTF-16 text with a byte order mark, as Windows PowerShell writes it', async () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'é', creationTimestamp: '2026-03-30T09:00:00Z' } });
    await writeFile(join(root, 'ns.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]));
    expect(names(await readSnapshot(join(root, 'ns.json')), 'Namespace')).toEqual(['/é']);
  });

  it('keeps a real U+FFFD and drops a UTF-8 byte order mark', async () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a\ufffdb', creationTimestamp: '2026-03-30T09:00:00Z' } });
    await writeFile(join(root, 'replacement.json'), json);
    await writeFile(join(root, 'bom.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json.replace('a\ufffdb', 'bom'))]));
    expect(names(await readSnapshot(join(root, 'replacement.json')), 'Namespace')).toEqual(['/a\ufffdb']);
    expect(names(await readSnapshot(join(root, 'bom.json')), 'Namespace')).toEqual(['/bom']);
  });
});

describe('readSnapshot: directories', () => {
  it('reads the --output-directory layout in sorted order and ignores logs.txt', async () => {
    const list = (kind: string, apiVersion: string, items: unknown[]): string => pretty({ kind, apiVersion, metadata: { resourceVersion: '1' }, items });
    await writeTree({
      'nodes.json': list('NodeList', 'v1', [node]),
      'default/events.json': list('EventList', 'v1', [event]),
      'default/replication-controllers.json': list('ReplicationControllerList', 'v1', []),
      'default/services.json': list('ServiceList', 'v1', [{ metadata: { name: 'web', namespace: 'default' } }]),
      'default/daemonsets.json': list('DaemonSetList', 'apps/v1', []),
      'default/deployments.json': list('DeploymentList', 'apps/v1', []),
      'default/replicasets.json': list('ReplicaSetList', 'apps/v1', []),
      'default/pods.json': list('PodList', 'v1', [webPod('web-0', 'p-0')]),
      'default/web-0/logs.txt': '==== START logs for container app of pod default/web-0 ====\n{\n==== END logs for container app of pod default/web-0 ====\n',
      'kube-system/pods.json': list('PodList', 'v1', [{ metadata: { name: 'coredns-1', namespace: 'kube-system' } }]),
    });
    const state = await readSnapshot(`${root}/`);
    expect(state.origin).toEqual({
      type: 'snapshot',
      paths: ['daemonsets', 'deployments', 'events', 'pods', 'replicasets', 'replication-controllers', 'services']
        .map((name) => `${root}/default/${name}.json`)
        .concat([`${root}/kube-system/pods.json`, `${root}/nodes.json`]),
    });
    expect([...state.objects.keys()]).toEqual(['Event', 'Pod', 'Service', 'Node']);
    expect(names(state, 'Pod')).toEqual(['default/web-0', 'kube-system/coredns-1']);
    expect(state.notes).toEqual([
      { kind: 'skipped', message: `skipped 1 file without a .json, .yaml or .yml extension (${root}/default/web-0/logs.txt)`, file: `${root}/` },
    ]);
  });

  it('reads JSON and YAML side by side', async () => {
    await writeTree({
      'a/pvc.yaml': 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: media}\n',
      'b/pv.YML': 'apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pvc-1, creationTimestamp: "2026-03-02T00:00:00Z"}\n',
      'c/sc.json': '{"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"jiva"}}',
    });
    const state = await readSnapshot(root);
    expect([...state.objects.keys()]).toEqual(['PersistentVolumeClaim', 'PersistentVolume', 'StorageClass']);
    expect(state.origin).toEqual({ type: 'snapshot', paths: [join(root, 'a/pvc.yaml'), join(root, 'b/pv.YML'), join(root, 'c/sc.json')] });
  });

  it('keeps one copy of an object read twice, the newer one, and says so once', async () => {
    const pod = (resourceVersion: string, phase: string): unknown => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'default', uid: 'p-0', resourceVersion, creationTimestamp: '2026-03-30T08:00:00Z' }, status: { phase } });
    await writeTree({
      'dump/default/pods.json': pretty({ kind: 'PodList', apiVersion: 'v1', items: [webPod('web-0', 'p-0'), webPod('web-1', 'p-1')] }),
      'extra.json': pretty({ apiVersion: 'v1', kind: 'List', items: [pod('400', 'Old'), pod('600', 'Running')] }),
    });
    const state = await readSnapshot(root);
    const pods = state.objects.get('Pod') ?? [];
    expect(pods.map((p) => [p.metadata.name, p.metadata.resourceVersion])).toEqual([
      ['web-0', '600'],
      ['web-1', '500'],
    ]);
    expect(state.notes.filter((note) => note.kind === 'duplicate')).toEqual([
      { kind: 'duplicate', message: 'dropped 2 duplicate copies of objects read more than once (same kind, namespace, name and uid); kept the newest resourceVersion' },
    ]);
  });

  it('keeps two incarnations of a name with different uids', async () => {
    await writeTree({
      'old.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: web-0, namespace: default, uid: aaa, creationTimestamp: "2026-03-29T00:00:00Z"}\n',
      'new.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: web-0, namespace: default, uid: bbb, creationTimestamp: "2026-03-30T00:00:00Z"}\n',
    });
    const state = await readSnapshot(root);
    expect((state.objects.get('Pod') ?? []).map((pod) => pod.metadata.uid)).toEqual(['bbb', 'aaa']);
    expect(state.notes).toEqual([]);
  });

  it('follows symbolic links without looping and reads each file once', async () => {
    await writeTree({ 'real/pod.json': JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', creationTimestamp: '2026-03-30T00:00:00Z' } }) });
    await symlink(join(root, 'real'), join(root, 'real', 'loop'));
    await symlink(join(root, 'real', 'pod.json'), join(root, 'alias.json'));
    await symlink(join(root, 'missing.json'), join(root, 'broken.json'));
    const state = await readSnapshot(root);
    expect(state.origin).toEqual({ type: 'snapshot', paths: [join(root, 'alias.json')] });
    expect(names(state, 'Pod')).toEqual(['/a']);
    expect(state.notes).toEqual([
      { kind: 'skipped', message: 'skipped a symbolic link that cannot be followed (no such file or directory)', file: join(root, 'broken.json') },
    ]);
  });
});

describe('readSnapshot: secrets', () => {
  it('never holds Secret or ConfigMap values, only their keys', async () => {
    await writeTree({
      'secret.yaml': [
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        '  name: chap',
        '  namespace: openebs',
        '  annotations:',
        '    kubectl.kubernetes.io/last-applied-configuration: \'{"stringData":{"password":"swordfish-applied"}}\'',
        'data:',
        '  username: c3VwZXJzZWNyZXQtdXNlcg==',
        'stringData:',
        '  password: swordfish-plain',
        '',
      ].join('\n'),
      'cm.json': pretty({
        apiVersion: 'v1',
        kind: 'List',
        items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', creationTimestamp: '2026-03-30T00:00:00Z' }, data: { 'db.conf': 'password=swordfish-cm' }, binaryData: { 'key.bin': 'c3dvcmRmaXNoLWJpbg==' } }],
      }),
    });
    const text = serialise(await readSnapshot(root));
    for (const value of ['c3VwZXJzZWNyZXQtdXNlcg==', 'swordfish']) expect(text).not.toContain(value);
    for (const key of ['"username":""', '"password":""', '"db.conf":""', '"key.bin":""']) expect(text).toContain(key);
  });
});

describe('readSnapshot: now', () => {
  const manifest = { apiVersion: 'kubehow/v1alpha1', kind: 'BundleManifest', metadata: { name: 'bundle' }, collectedAt: '2026-03-30T09:32:00Z' };
  const laterEvent = (fields: Record<string, unknown>): string =>
    pretty({ kind: 'EventList', apiVersion: 'v1', items: [{ metadata: { name: 'e', namespace: 'default', creationTimestamp: '2026-03-30T09:00:00Z' }, ...fields }] });

  it('measures from the kept copies only: a dropped or replaced duplicate\'s times do not count', async () => {
    const pod = (resourceVersion: string, startTime: string): unknown => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'default', uid: 'p-0', resourceVersion, creationTimestamp: '2026-03-30T08:00:00Z' }, status: { startTime } });
    // Replaced: the first copy (latest time 11:00) gives way to a newer resourceVersion that started at 09:00.
    await writeTree({ 'a.json': pretty(pod('1', '2026-03-30T11:00:00Z')), 'b.json': pretty(pod('2', '2026-03-30T09:00:00Z')) });
    expect((await readSnapshot(root)).observedAt).toBe('2026-03-30T09:00:00.000Z');
    // Dropped: the second copy (12:00) is older than the kept one.
    await writeTree({ 'a.json': pretty(pod('3', '2026-03-30T09:30:00Z')), 'b.json': pretty(pod('2', '2026-03-30T12:00:00Z')) });
    expect((await readSnapshot(root)).observedAt).toBe('2026-03-30T09:30:00.000Z');
  });

  it('takes the bundle manifest collectedAt, and keeps the manifest out of the objects', async () => {
    await writeTree({ 'manifest.json': pretty(manifest), 'objects/events.json': laterEvent({ lastTimestamp: '2026-03-30T10:00:00Z' }) });
    const state = await readSnapshot(root);
    expect(state).toMatchObject({ observedAt: '2026-03-30T09:32:00.000Z', nowSource: 'manifest' });
    expect([...state.objects.keys()]).toEqual(['Event']);
  });

  it('prefers --now over the manifest', async () => {
    await writeTree({ 'manifest.json': pretty(manifest), 'events.json': laterEvent({}) });
    const state = await readSnapshot(root, { now: '2026-04-01T12:00:00+02:00' });
    expect(state).toMatchObject({ observedAt: '2026-04-01T10:00:00.000Z', nowSource: 'flag' });
  });

  it.each([
    ['series.lastObservedTime', { lastTimestamp: '2026-03-30T09:10:00Z', series: { count: 3, lastObservedTime: '2026-03-30T09:45:00.123456Z' } }, '2026-03-30T09:45:00.123Z'],
    ['eventTime', { eventTime: '2026-03-30T09:50:00.000001Z', firstTimestamp: null, lastTimestamp: null }, '2026-03-30T09:50:00.000Z'],
  ])('uses %s when it is the latest time in the snapshot', async (_name, fields, expected) => {
    await writeTree({ 'events.json': laterEvent(fields) });
    expect(await readSnapshot(root)).toMatchObject({ observedAt: expected, nowSource: 'latest-timestamp' });
  });

  it('accepts two manifests that agree and refuses two that do not', async () => {
    await writeTree({ 'a/manifest.json': pretty(manifest), 'b/manifest.yaml': 'apiVersion: kubehow/v1alpha1\nkind: BundleManifest\nmetadata: {name: b}\ncollectedAt: "2026-03-30T11:32:00+02:00"\n' });
    expect((await readSnapshot(root)).observedAt).toBe('2026-03-30T09:32:00.000Z');
    await writeTree({ 'c/manifest.json': pretty({ ...manifest, collectedAt: '2026-03-31T00:00:00Z' }) });
    expect((await inputError(readSnapshot(root))).message).toBe(
      `${join(root, 'c/manifest.json')}:1:1: BundleManifest: collectedAt 2026-03-31T00:00:00Z contradicts 2026-03-30T09:32:00Z in ${join(root, 'a/manifest.json')}:1:1; a snapshot must come from one collection`,
    );
  });

  it('refuses a manifest with an invalid collectedAt', async () => {
    await writeTree({ 'manifest.json': pretty({ ...manifest, collectedAt: '30 March' }) });
    expect((await inputError(readSnapshot(root))).message).toBe(
      `${join(root, 'manifest.json')}:1:1: BundleManifest: expected "collectedAt" to be an RFC 3339 time such as 2026-03-30T09:32:00Z, found "30 March"`,
    );
  });

  it('refuses a bad --now before reading anything', async () => {
    expect((await inputError(readSnapshot(join(root, 'nope'), { now: '2026-03-30 09:32' }))).message).toBe(
      '--now: expected an RFC 3339 time such as 2026-03-30T09:32:00Z, got "2026-03-30 09:32"',
    );
  });

  it('asks for --now when the snapshot has no time, and works with it', async () => {
    await writeTree({ 'sc.yaml': 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: jiva}\n' });
    expect((await inputError(readSnapshot(root))).message).toContain(`${root}: no timestamp found in the snapshot`);
    expect((await inputError(readSnapshot(root))).message).toContain('--now');
    expect(await readSnapshot(root, { now: '2026-03-30T09:32:00Z' })).toMatchObject({ nowSource: 'flag', observedAt: '2026-03-30T09:32:00.000Z' });
  });
});

describe('readSnapshot: bad input', () => {
  it('names the line and column where a truncated JSON document ends', async () => {
    const truncated = ['{', '    "kind": "PodList",', '    "apiVersion": "v1",', '    "items": [', '        {', '            "metadata": {', '                "name": "web-0",', '                "namespace": "def'].join('\n');
    await writeFile(join(root, 'pods.json'), truncated);
    expect((await inputError(readSnapshot(join(root, 'pods.json')))).message).toBe(
      `${join(root, 'pods.json')}:8:34: expected '"' to close the string started at 8:30, found end of file`,
    );
    await writeFile(join(root, 'pods.json'), `${truncated}ault"\n            },\n`);
    expect((await inputError(readSnapshot(join(root, 'pods.json')))).message).toBe(
      `${join(root, 'pods.json')}:10:1: expected a property name in double quotes, found end of file (the "{" at 5:9 is never closed)`,
    );
  });

  it('points a syntax error in the second document of a stream at its line', async () => {
    const dump = clusterInfoDump().replace('"name": "web-1"', '"name": "web-1",,');
    const lines = dump.split('\n');
    const line = lines.findIndex((text) => text.includes('"web-1",,')) + 1;
    expect(lines.slice(0, line).filter((text) => text === '{')).toHaveLength(8);
    await writeFile(join(root, 'dump.json'), dump);
    expect((await inputError(readSnapshot(join(root, 'dump.json')))).message).toBe(
      `${join(root, 'dump.json')}:${line}:33: expected a property name in double quotes, found ","`,
    );
  });

  it('reports invalid YAML with its position', async () => {
    await writeFile(join(root, 'bad.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n   labels: {}\n');
    expect((await inputError(readSnapshot(join(root, 'bad.yaml')))).message).toBe(
      `${join(root, 'bad.yaml')}:4:9: invalid YAML: Nested mappings are not allowed in compact mappings`,
    );
  });

  it.each<[string, string, string, string]>([
    ['a top-level array', 'list.json', '[{"kind": "Pod"}]', '1:1: expected a Kubernetes object or List, found an array'],
    ['an object without kind', 'nokind.yaml', 'apiVersion: v1\nmetadata:\n  name: a\n', '1:1: expected "kind" to be a string, found nothing'],
    [
      'a PodList item of kind Service',
      'pods.json',
      pretty({ kind: 'PodList', apiVersion: 'v1', items: [{ metadata: { name: 'a' } }, { kind: 'Service', metadata: { name: 's' } }] }),
      '10:9: item 1 of PodList: expected kind "Pod" in a PodList, found "Service"',
    ],
    [
      'an item without metadata.name',
      'pods.json',
      pretty({ kind: 'PodList', apiVersion: 'v1', items: [{ metadata: { name: 'a' } }, { metadata: { namespace: 'default' } }] }),
      '10:9: item 1 of PodList: expected "metadata.name" to be a string, found nothing',
    ],
    ['an item without metadata.name in YAML', 'pods.yaml', 'kind: PodList\napiVersion: v1\nitems:\n- metadata: {name: a}\n- metadata: {}\n', '5:3: item 1 of PodList: expected "metadata.name" to be a string, found nothing'],
    ['a .json file holding YAML', 'yaml.json', '\n  kind: Pod\n', '2:3: expected a JSON object ("{"), found "kind"'],
  ])('refuses %s', async (_name, file, content, expected) => {
    await writeFile(join(root, file), content);
    expect((await inputError(readSnapshot(join(root, file)))).message).toBe(`${join(root, file)}:${expected}`);
  });

  it('refuses binary files', async () => {
    await writeFile(join(root, 'image.json'), Uint8Array.from([0x7b, 0x22, 0x00, 0xff, 0x22, 0x7d]));
    expect((await inputError(readSnapshot(join(root, 'image.json')))).message).toBe(`${join(root, 'image.json')}: not a text file (NUL byte at offset 2)`);
    // Valid UTF-8 with a NUL, after a whole JSON object and inside a JSON string.
    await writeFile(join(root, 'trailing.json'), Uint8Array.from([0x7b, 0x7d, 0x00]));
    expect((await inputError(readSnapshot(join(root, 'trailing.json')))).message).toBe(`${join(root, 'trailing.json')}: not a text file (NUL byte at offset 2)`);
    await writeFile(join(root, 'in-string.json'), Uint8Array.from([0x7b, 0x22, 0x61, 0x00, 0x22, 0x3a, 0x31, 0x7d]));
    expect((await inputError(readSnapshot(join(root, 'in-string.json')))).message).toBe(`${join(root, 'in-string.json')}: not a text file (NUL byte at offset 3)`);
    await writeFile(join(root, 'latin1.yaml'), Uint8Array.from([0x6b, 0x3a, 0x20, 0xe9, 0x0a]));
    expect((await inputError(readSnapshot(join(root, 'latin1.yaml')))).message).toBe(`${join(root, 'latin1.yaml')}: not a text file (invalid UTF-8)`);
  });

  it('refuses empty and comment-only files', async () => {
    await writeFile(join(root, 'empty.json'), '');
    expect((await inputError(readSnapshot(join(root, 'empty.json')))).message).toBe(`${join(root, 'empty.json')}: no Kubernetes objects found`);
    await writeFile(join(root, 'comments.yaml'), '\n# nothing\n---\n  \n');
    expect((await inputError(readSnapshot(join(root, 'comments.yaml')))).message).toBe(`${join(root, 'comments.yaml')}: no Kubernetes objects found`);
  });

  it('refuses an empty directory and one without snapshot files', async () => {
    await mkdir(join(root, 'empty'));
    expect((await inputError(readSnapshot(join(root, 'empty')))).message).toBe(`${join(root, 'empty')}: no .json, .yaml or .yml files found`);
    await writeTree({ 'logs/web-0/logs.txt': 'hello\n' });
    expect((await inputError(readSnapshot(join(root, 'logs')))).message).toBe(`${join(root, 'logs')}: no .json, .yaml or .yml files found`);
  });

  it('refuses a path that does not exist', async () => {
    expect((await inputError(readSnapshot(join(root, 'missing')))).message).toBe(`${join(root, 'missing')}: no such file or directory`);
  });
});

