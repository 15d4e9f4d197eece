import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../src/sources/types.ts';
import { ClusterBuilder, hostPathVolume, pvcVolume, running, waiting } from './cluster-builder.ts';
import {
  clusterInfoDump,
  formatList,
  kubectlGetOrder,
  resourceName,
  writeClusterInfoDump,
  writeClusterInfoDumpDirectory,
  writeGetJsonDirectory,
  writeListFile,
  writeMultiDocYaml,
} from './snapshot-formats.ts';

const dir = mkdtempSync(join(tmpdir(), 'kubehow-snapshot-formats-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function cluster(): KubeObject[] {
  const c = new ClusterBuilder({ now: '2026-03-30T09:32:00Z', flavor: 'microk8s' });
  c.node('k8s01');
  c.node('k8s03');
  const vol = c.jivaVolume({ claim: 'media/sonarr-config', controllerNode: 'k8s03', replicaNodes: ['k8s01', 'k8s03'] });
  const app = c.deployment('media/sonarr', { image: 'lscr.io/linuxserver/sonarr:latest', node: 'k8s03', podCreated: '-27m', state: waiting('ContainerCreating'), volumes: [pvcVolume('config', 'sonarr-config')] });
  c.daemonSet('kube-system/calico-node', {
    hostNetwork: true,
    initContainers: [{ name: 'install-cni', image: 'docker.io/calico/cni:v3.25.1' }],
    containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.25.1' }],
    volumes: [hostPathVolume('lib-modules', '/lib/modules')],
    state: running(),
  });
  c.service('media/sonarr', { ports: [{ name: 'http', port: 8989 }] });
  c.statefulSet('db/pg', { image: 'postgres:16', node: 'k8s01' });
  c.attachVolume({ pv: vol.pv, node: 'k8s03' });
  c.event({ on: app.pod, reason: 'FailedMount', count: 3, first: '-20m', last: '-1m', message: 'MountVolume.WaitForAttach failed for volume "x" : failed to get any path for iscsi disk, last err seen:\niscsi: {weird} [text]\n, err exit status 4' });
  c.event({ on: app.pod, reason: 'Scheduled', message: 'Successfully assigned media/sonarr to k8s03', last: '-27m' });
  c.event({ on: c.get('Node', 'k8s01'), reason: 'ImageGCFailed', message: 'Failed to garbage collect', count: 9 });
  c.event({ on: c.goneRef('Pod', 'media/sonarr-old'), source: { component: 'kubelet', host: 'k8s01' }, reason: 'FailedMount', message: "'fsck' found errors on device /dev/sdb: Inodes that were part of a corrupted orphan linked list found.  \n\n\t(i.e., without -a or -p options)\n" });
  return c.objects();
}

const objects = cluster();

/** Concatenated JSON documents with the log blocks (and their `{`/`}` lines) cut out first, as a careful reader would. */
function documents(text: string): Record<string, unknown>[] {
  const withoutLogs = text.replace(/^==== START logs for container (\S+) of pod (\S+) ====\n[\s\S]*?^==== END logs for container \1 of pod \2 ====\n/gm, '');
  const docs: Record<string, unknown>[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < withoutLogs.length; i++) {
    const ch = withoutLogs[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}') {
      depth--;
      if (depth === 0) docs.push(JSON.parse(withoutLogs.slice(start, i + 1)) as Record<string, unknown>);
    } else if (depth === 0 && ch !== '\n') {
      throw new Error(`text outside documents and log blocks at ${String(i)}: ${withoutLogs.slice(i, i + 40)}`);
    }
  }
  return docs;
}

function items(doc: Record<string, unknown>): Record<string, unknown>[] {
  return doc.items as Record<string, unknown>[];
}

const DUMPED = new Set(['Node', 'Event', 'ReplicationController', 'Service', 'DaemonSet', 'Deployment', 'ReplicaSet', 'Pod']);
const PER_NAMESPACE = ['EventList', 'ReplicationControllerList', 'ServiceList', 'DaemonSetList', 'DeploymentList', 'ReplicaSetList', 'PodList'];

describe('writeListFile / formatList', () => {
  it('writes one kubectl get -o json List with sorted keys and a trailing newline', () => {
    const file = join(dir, 'list.json');
    writeListFile(objects, file);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(formatList(objects));
    expect(text.endsWith('}\n')).toBe(true);
    const list = JSON.parse(text) as { apiVersion: string; kind: string; metadata: unknown; items: KubeObject[] };
    expect(Object.keys(list)).toEqual(['apiVersion', 'items', 'kind', 'metadata']);
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' } });
    expect(list.items).toEqual(objects);
    expect(Object.keys(list.items[0]?.metadata ?? {})).toEqual([...Object.keys(list.items[0]?.metadata ?? {})].sort());
  });

  it('orders objects like kubectl get over several resource types', () => {
    const kinds = kubectlGetOrder(objects).map((o) => o.kind);
    expect(kinds.indexOf('Node')).toBeLessThan(kinds.indexOf('Pod'));
    expect(kinds.lastIndexOf('Pod')).toBeLessThan(kinds.indexOf('Event'));
    expect(kinds.at(-1)).toBe('Event');
  });
});

describe('writeGetJsonDirectory', () => {
  it('writes one List per resource, items carrying kind and apiVersion', () => {
    const out = join(dir, 'get-json');
    const files = writeGetJsonDirectory(objects, out);
    expect(readdirSync(out).sort()).toEqual(expect.arrayContaining(['pods.json', 'events.json', 'persistentvolumes.json', 'persistentvolumeclaims.json', 'endpoints.json', 'endpointslices.json', 'storageclasses.json', 'nodes.json', 'statefulsets.json']));
    let total = 0;
    for (const file of files) {
      const list = JSON.parse(readFileSync(file, 'utf8')) as { kind: string; items: KubeObject[] };
      expect(list.kind).toBe('List');
      for (const item of list.items) {
        expect(item.kind).toMatch(/^[A-Z]/);
        expect(item.apiVersion).not.toBe('');
        expect(`${resourceName(item.kind, item.apiVersion)}.json`).toBe(file.slice(out.length + 1));
      }
      total += list.items.length;
    }
    expect(total).toBe(objects.length);
  });

  it('names resources as kubectl does', () => {
    expect(resourceName('Endpoints', 'v1')).toBe('endpoints');
    expect(resourceName('StorageClass', 'storage.k8s.io/v1')).toBe('storageclasses');
    expect(resourceName('JivaVolume', 'openebs.io/v1alpha1')).toBe('jivavolumes.openebs.io');
    expect(resourceName('Policy', 'example.com/v1')).toBe('policies.example.com');
  });
});

describe('writeClusterInfoDump (stdout)', () => {
  const file = join(dir, 'dump.txt');
  const omitted = writeClusterInfoDump(objects, file);
  const text = readFileSync(file, 'utf8');
  const docs = documents(text);

  it('starts with a 4-space-indented NodeList whose items lack kind and apiVersion', () => {
    expect(text.startsWith('{\n    "kind": "NodeList",\n    "apiVersion": "v1",\n    "metadata": {\n        "resourceVersion": "')).toBe(true);
    expect(docs[0]?.kind).toBe('NodeList');
    expect(items(docs[0] ?? {}).map((n) => (n.metadata as { name: string }).name)).toEqual(['k8s01', 'k8s03']);
    for (const doc of docs) {
      for (const item of items(doc)) {
        expect(item.kind).toBeUndefined();
        expect(item.apiVersion).toBeUndefined();
        expect(Object.keys(item)[0]).toBe('metadata');
      }
    }
  });

  it('lists, per namespace in sorted order, events, RCs, services, daemonsets, deployments, replicasets, pods', () => {
    const namespaces = ['db', 'default', 'kube-system', 'media', 'openebs'];
    expect(docs.map((d) => d.kind)).toEqual(['NodeList', ...namespaces.flatMap(() => PER_NAMESPACE)]);
    expect(docs.map((d) => d.apiVersion)).toEqual(['v1', ...namespaces.flatMap(() => ['v1', 'v1', 'v1', 'apps/v1', 'apps/v1', 'apps/v1', 'v1'])]);
    const events = docs.filter((d) => d.kind === 'EventList').flatMap(items);
    expect(events).toHaveLength(4);
    expect(Object.keys(events[0] ?? {}).slice(0, 4)).toEqual(['metadata', 'involvedObject', 'reason', 'message']);
    // Node events live in the default namespace.
    expect(items(docs[1 + PER_NAMESPACE.length] ?? {}).map((e) => e.reason)).toEqual(['ImageGCFailed']);
  });

  it('carries every object of the dumped kinds exactly once, and returns all the others', () => {
    const dumpedUids = docs.flatMap(items).map((i) => (i.metadata as { uid: string }).uid).sort();
    expect(dumpedUids).toEqual(objects.filter((o) => DUMPED.has(o.kind)).map((o) => o.metadata.uid).sort());
    expect(omitted).toEqual(objects.filter((o) => !DUMPED.has(o.kind)));
    expect(new Set(omitted.map((o) => o.kind))).toEqual(new Set(['Namespace', 'StorageClass', 'PersistentVolumeClaim', 'PersistentVolume', 'Endpoints', 'EndpointSlice', 'StatefulSet']));
  });

  it('writes a log block per container (init containers first) after each namespace PodList', () => {
    const blocks = [...text.matchAll(/^==== START logs for container (\S+) of pod (\S+) ====$/gm)].map((m) => `${m[2] ?? ''}:${m[1] ?? ''}`);
    const calico = blocks.filter((b) => b.startsWith('kube-system/calico-node-'));
    expect(calico.map((b) => b.split(':')[1])).toEqual(['install-cni', 'calico-node', 'install-cni', 'calico-node']);
    expect([...text.matchAll(/^==== END logs for container \S+ of pod \S+ ====$/gm)]).toHaveLength(blocks.length);
    const pods = objects.filter((o) => o.kind === 'Pod');
    expect(blocks).toHaveLength(pods.reduce((n, p) => n + ((p.spec as { containers: unknown[]; initContainers?: unknown[] }).containers.length + ((p.spec as { initContainers?: unknown[] }).initContainers?.length ?? 0)), 0));
    // Log text contains braces, brackets and JSON-looking lines, which a reader must not take for documents.
    expect(text).toMatch(/^\{"level":"info",/m);
    expect(text).toMatch(/^config: \{$/m);
    expect(text).toMatch(/^\}$/m);
    expect(text.indexOf('==== START logs for container calico-node')).toBeGreaterThan(text.indexOf('"kind": "PodList"'));
  });

  it('writes the log request error for containers that never started, between the markers as kubectl does', () => {
    const sonarr = objects.find((o) => o.kind === 'Pod' && o.metadata.name.startsWith('sonarr-'));
    const name = sonarr?.metadata.name ?? '';
    expect(text).toContain(
      `==== START logs for container sonarr of pod media/${name} ====\n` +
        `Create log request error: container "sonarr" in pod "${name}" is waiting to start: ContainerCreating\n` +
        `==== END logs for container sonarr of pod media/${name} ====\n`,
    );
  });

  it('is the same text clusterInfoDump returns', () => {
    expect(clusterInfoDump(objects).text).toBe(text);
  });

  it('takes custom log lines', () => {
    const { text: custom } = clusterInfoDump(objects, { logs: (pod, container) => [`${pod.metadata.name}/${container}: [Info] Application started.`] });
    expect(custom).toMatch(/^calico-node-\w+\/calico-node: \[Info\] Application started\.$/m);
  });
});

describe('writeClusterInfoDumpDirectory', () => {
  it('writes the --output-directory layout and returns the omitted objects', () => {
    const out = join(dir, 'dump-dir');
    const omitted = writeClusterInfoDumpDirectory(objects, out);
    expect(existsSync(join(out, 'nodes.json'))).toBe(true);
    for (const ns of ['db', 'default', 'kube-system', 'media', 'openebs']) {
      expect(readdirSync(join(out, ns)).filter((f) => f.endsWith('.json')).sort()).toEqual(['daemonsets.json', 'deployments.json', 'events.json', 'pods.json', 'replicasets.json', 'replication-controllers.json', 'services.json']);
    }
    const pods = JSON.parse(readFileSync(join(out, 'media', 'pods.json'), 'utf8')) as { kind: string; items: { metadata: { name: string } }[] };
    expect(pods.kind).toBe('PodList');
    for (const pod of pods.items) expect(readFileSync(join(out, 'media', pod.metadata.name, 'logs.txt'), 'utf8')).toMatch(/^==== START logs for container /);
    expect(readFileSync(join(out, 'nodes.json'), 'utf8')).toBe(clusterInfoDump(objects).text.slice(0, readFileSync(join(out, 'nodes.json'), 'utf8').length));
    expect(omitted).toEqual(objects.filter((o) => !DUMPED.has(o.kind)));
  });
});

describe('writeMultiDocYaml', () => {
  it('writes one YAML document per object that reads back to the same objects', () => {
    const file = join(dir, 'cluster.yaml');
    writeMultiDocYaml(objects, file);
    const text = readFileSync(file, 'utf8');
    const docs = parseAllDocuments(text);
    expect(docs).toHaveLength(objects.length);
    expect(docs.map((d) => d.toJS() as unknown)).toEqual(objects);
    expect(text.split('\n---\n')).toHaveLength(objects.length);
  });
});
