/**
 * deploy/rbac-readonly.yaml against what the code really asks for: every request the live source makes
 * in these runs (diagnose around an in-tree iSCSI pod and around a CSI pod with Jiva and cStor custom
 * resources, a workload name, collect with the core-events fallback) must be allowed by the role; every
 * kind the cluster-wide read lists (the kinds `kubehow watch` informs on) can be listed and watched; the
 * role grants nothing beyond get/list/watch and nothing on secrets; and the watcher's ClusterRole in
 * deploy/watch has exactly the same rules.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeObject } from '../src/sources/types.ts';
import type { Diagnosis } from '../src/diagnose/report.ts';
import type { RecordedRequest } from './support/kube-api-server.ts';
import { runKubehow, seedObjects, startServer, type LiveFixture } from './support/live.ts';
import { SONARR } from '../examples/generate.ts';
import { CLUSTER_RESOURCES } from '../src/sources/live/cluster-read.ts';
import { BUILTIN_RESOURCES, STORAGE_CUSTOM_KINDS } from '../src/sources/live/resources.ts';

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

const ROLE_FILE = fileURLToPath(new URL('../deploy/rbac-readonly.yaml', import.meta.url));
const role = parse(readFileSync(ROLE_FILE, 'utf8')) as { kind: string; rules: Rule[] };
const WATCH_ROLE_FILE = fileURLToPath(new URL('../deploy/watch/clusterrole.yaml', import.meta.url));
const watchRole = parse(readFileSync(WATCH_ROLE_FILE, 'utf8')) as { kind: string; metadata: { name: string }; rules: Rule[] };

/** Group and plural of a CLUSTER_RESOURCES name: built-in from the table, custom kinds by the CRDs' plural (lower-case kind + s). */
function restResource(name: string): { group: string; resource: string } {
  const builtin = (BUILTIN_RESOURCES as Record<string, { group: string; plural: string } | undefined>)[name];
  if (builtin !== undefined) return { group: builtin.group, resource: builtin.plural };
  const custom = STORAGE_CUSTOM_KINDS.find((k) => k.kind === name);
  if (custom === undefined) throw new Error(`${name} is in CLUSTER_RESOURCES but neither built-in nor a storage custom kind`);
  return { group: custom.group, resource: `${custom.kind.toLowerCase()}s` };
}

function allowed(request: RecordedRequest): boolean {
  if (request.verb === 'discovery') {
    return role.rules.some((r) => r.verbs.includes('get') && (r.nonResourceURLs ?? []).some((u) => (u.endsWith('*') ? request.path.startsWith(u.slice(0, -1)) : request.path === u)));
  }
  return role.rules.some((r) => r.verbs.includes(request.verb) && (r.apiGroups ?? []).includes(request.group ?? '') && (r.resources ?? []).includes(request.resource ?? ''));
}

const meta = (kind: string, name: string, namespace?: string, extra: Record<string, unknown> = {}): KubeObject['metadata'] =>
  ({ name, ...(namespace !== undefined ? { namespace } : {}), uid: `${kind}-${namespace ?? ''}-${name}`, creationTimestamp: '2026-03-30T08:00:00Z', ...extra });

/** A StatefulSet pod with one Jiva CSI and one cStor CSI volume, and the engines' custom resources. */
function csiCluster(): KubeObject[] {
  const pvc = (name: string, pv: string): KubeObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('PersistentVolumeClaim', name, 'app'), spec: { volumeName: pv, storageClassName: 'sc' }, status: { phase: 'Bound' } });
  const pv = (name: string, driver: string): KubeObject => ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: meta('PersistentVolume', name), spec: { csi: { driver, volumeHandle: name } } });
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: meta('Namespace', 'app') },
    { apiVersion: 'v1', kind: 'Node', metadata: meta('Node', 'n1'), status: { addresses: [{ type: 'InternalIP', address: '192.168.0.1' }] } },
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('StatefulSet', 'db', 'app'), spec: { selector: { matchLabels: { app: 'db' } } } },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('Pod', 'db-0', 'app', { labels: { app: 'db' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'StatefulSet-app-db', controller: true }] }),
      spec: { nodeName: 'n1', volumes: [{ name: 'a', persistentVolumeClaim: { claimName: 'db-jiva' } }, { name: 'b', persistentVolumeClaim: { claimName: 'db-cstor' } }], containers: [{ name: 'db' }] },
      status: { phase: 'Pending', containerStatuses: [{ name: 'db', ready: false, state: { waiting: { reason: 'ContainerCreating' } } }] },
    },
    pvc('db-jiva', 'pv-jiva'),
    pvc('db-cstor', 'pv-cstor'),
    pv('pv-jiva', 'jiva.csi.openebs.io'),
    pv('pv-cstor', 'cstor.csi.openebs.io'),
    { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: meta('StorageClass', 'sc'), provisioner: 'jiva.csi.openebs.io' },
    { apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: meta('CSIDriver', 'jiva.csi.openebs.io'), spec: { attachRequired: false } },
    { apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttachment', metadata: meta('VolumeAttachment', 'csi-abc'), spec: { attacher: 'cstor.csi.openebs.io', nodeName: 'n1', source: { persistentVolumeName: 'pv-cstor' } }, status: { attached: true } },
    { apiVersion: 'openebs.io/v1', kind: 'JivaVolume', metadata: meta('JivaVolume', 'pv-jiva', 'openebs', { labels: { 'openebs.io/persistent-volume': 'pv-jiva' } }), spec: { pv: 'pv-jiva', iscsiSpec: { targetIP: '10.0.0.9', targetPort: 3260 } }, status: { phase: 'Ready', status: 'RW' } },
    { apiVersion: 'v1', kind: 'Service', metadata: meta('Service', 'pv-jiva-jiva-ctrl-svc', 'openebs'), spec: { clusterIP: '10.0.0.9', selector: { 'openebs.io/persistent-volume': 'pv-jiva', 'openebs.io/component': 'jiva-controller' } } },
    { apiVersion: 'cstor.openebs.io/v1', kind: 'CStorVolume', metadata: meta('CStorVolume', 'pv-cstor', 'openebs'), spec: { targetPortal: '10.0.0.10:3260', iqn: 'iqn.2016-09.com.openebs.cstor:pv-cstor' }, status: { phase: 'Healthy' } },
    { apiVersion: 'cstor.openebs.io/v1', kind: 'CStorVolumeReplica', metadata: meta('CStorVolumeReplica', 'pv-cstor-r1', 'openebs', { labels: { 'cstorvolume.openebs.io/name': 'pv-cstor' } }), status: { phase: 'Healthy' } },
  ];
}

const requests: RecordedRequest[] = [];
let csiDiagnosis: Diagnosis | undefined;
const fixtures: LiveFixture[] = [];

beforeAll(async () => {
  const seed = await startServer({ objects: seedObjects() });
  const csi = await startServer({ objects: csiCluster(), serviceClusterIPSelector: false });
  fixtures.push(seed, csi);
  expect((await runKubehow(['diagnose', `${SONARR.namespace}/${SONARR.pod}`, '--kubeconfig', seed.kubeconfig])).code).toBe(0);
  const csiRun = await runKubehow(['diagnose', 'db', '-n', 'app', '--kubeconfig', csi.kubeconfig, '-o', 'json']);
  expect(csiRun.code).toBe(0);
  csiDiagnosis = JSON.parse(csiRun.stdout) as Diagnosis;
  // Core events forbidden: collect falls back to events.k8s.io.
  seed.server.faults.push({ match: { group: '', resource: 'events' }, status: 403 });
  expect((await runKubehow(['collect', '-o', join(seed.dir, 'bundle'), '--kubeconfig', seed.kubeconfig])).code).toBe(0);
  expect((await runKubehow(['collect', '-o', join(csi.dir, 'bundle'), '--kubeconfig', csi.kubeconfig])).code).toBe(0);
  for (const f of fixtures) requests.push(...f.server.requests);
});

afterAll(async () => {
  for (const f of fixtures) await f.stop();
});

describe('deploy/rbac-readonly.yaml', () => {
  it('allows every API call the live source made', () => {
    const denied = [...new Set(requests.filter((r) => !allowed(r)).map((r) => `${r.verb} ${r.group ?? ''}/${r.resource ?? r.path}`))];
    expect(denied).toEqual([]);
    // The runs exercised the custom resources, both event APIs and every verb the role grants.
    const used = new Set(requests.map((r) => `${r.verb} ${r.group ?? ''}/${r.resource ?? ''}`));
    for (const call of ['list openebs.io/jivavolumes', 'list cstor.openebs.io/cstorvolumes', 'list cstor.openebs.io/cstorvolumereplicas', 'list events.k8s.io/events', 'list /events', 'get apps/statefulsets', 'list storage.k8s.io/volumeattachments', 'get storage.k8s.io/csidrivers']) {
      expect(used, call).toContain(call);
    }
  });

  it('followed the CSI volumes through the discovered custom resources', () => {
    const paths = csiDiagnosis?.dataPaths ?? [];
    expect(paths.map((p) => [p.volume, p.engine, p.service?.name ?? null])).toEqual([
      ['a', 'jiva', 'pv-jiva-jiva-ctrl-svc'],
      ['b', 'cstor', null],
    ]);
  });

  it('lets kubehow watch list and watch every kind of the cluster-wide read, both event APIs included', () => {
    const kinds = [...CLUSTER_RESOURCES, 'EventsV1'];
    expect(kinds).toContain('Event');
    const missing: string[] = [];
    for (const name of kinds) {
      const { group, resource } = restResource(name);
      for (const verb of ['list', 'watch'] as const) {
        if (!allowed({ method: 'GET', path: '', query: {}, verb, group, resource, status: 0 })) missing.push(`${verb} ${group}/${resource}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('is the ClusterRole the watcher is deployed with (deploy/watch/clusterrole.yaml, same rules)', () => {
    expect(watchRole.kind).toBe('ClusterRole');
    expect(watchRole.rules).toEqual(role.rules);
  });

  it('grants only get/list/watch, never on secrets, as one ClusterRole', () => {
    expect(role.kind).toBe('ClusterRole');
    for (const rule of role.rules) {
      expect(rule.verbs.every((v) => ['get', 'list', 'watch'].includes(v)), JSON.stringify(rule)).toBe(true);
      expect(rule.resources ?? []).not.toContain('secrets');
      expect(rule.resources ?? []).not.toContain('*');
      expect(rule.apiGroups ?? []).not.toContain('*');
    }
  });
});
