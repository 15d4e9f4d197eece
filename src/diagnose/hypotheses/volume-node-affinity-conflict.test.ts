import { describe, expect, it } from 'vitest';
import { ClusterBuilder, pvcVolume, unscheduled, type NodeOptions, type PVSource } from '../../../test/support/cluster-builder.ts';
import { NOW } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { volumeNodeAffinityConflict } from './volume-node-affinity-conflict.ts';

// Scheduler wording of kubernetes/kubernetes#81020 and yugabyte/yugabyte-db#20349 (1.24+ with the preemption suffix).
const CONFLICT = "0/3 nodes are available: 1 node(s) had volume node affinity conflict, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..";

function pinned(opts: { pvNode?: string; source?: PVSource; nodes?: Record<string, NodeOptions>; nodeAffinity?: Record<string, unknown> }) {
  const c = new ClusterBuilder({ now: NOW });
  for (const [name, o] of Object.entries(opts.nodes ?? { 'node-1': {}, 'node-2': {}, 'node-3': {} })) c.node(name, o);
  c.storageClass('local-storage', { provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' });
  const source = opts.source ?? { local: { path: '/mnt/disks/ssd1' } };
  c.boundClaim('media/db-data', { source, storageClass: 'local-storage', ...(opts.pvNode !== undefined ? { node: opts.pvNode } : {}), ...(opts.nodeAffinity !== undefined ? { nodeAffinity: opts.nodeAffinity } : {}), pvName: 'local-pv-1' });
  const app = c.statefulSet('media/db', { image: 'postgres:16', state: unscheduled(CONFLICT), volumes: [pvcVolume('data', 'db-data')] });
  c.event({ on: app.pod, reason: 'FailedScheduling', message: CONFLICT, count: 30, first: '-20m', last: '-20s' });
  const objects = c.objects();
  const pod = `media/${app.pod.metadata.name}`;
  return { a: volumeNodeAffinityConflict.assess(contextOf(objects, NOW, pod)), d: diagnosisOf(objects, NOW, pod) };
}

describe('volume-node-affinity-conflict', () => {
  it('wins when the local PV is pinned to a node that no longer exists', () => {
    const { a, d } = pinned({ pvNode: 'node-9' });
    expect(a?.verdict).toBe('confirmed');
    expect(a?.evidenceFor.some((e) => e.text.includes('kubernetes.io/hostname In [node-9]') && e.text.includes('no node of the cluster matches'))).toBe(true);
    expect(d.hypotheses[0]).toMatchObject({ id: 'volume-node-affinity-conflict' });
    expect(d.hypotheses.find((h) => h.id === 'pvc-not-bound')?.verdict).toBe('ruled-out');
  });

  it('wins when the PV\'s only node is cordoned or NotReady, and says which', () => {
    const { a } = pinned({ pvNode: 'node-2', nodes: { 'node-1': {}, 'node-2': { ready: 'Unknown' }, 'node-3': {} } });
    expect(a?.verdict).toBe('confirmed');
    expect(a?.evidenceFor.some((e) => e.text.includes('node-2 (Ready=Unknown)'))).toBe(true);
    const cordoned = pinned({ pvNode: 'node-3', nodes: { 'node-1': {}, 'node-2': {}, 'node-3': { unschedulable: true } } });
    expect(cordoned.a?.evidenceFor.some((e) => e.text.includes('node-3 (cordoned)'))).toBe(true);
  });

  it('evaluates zone terms against node labels', () => {
    const zone = (z: string): NodeOptions => ({ labels: { 'topology.kubernetes.io/zone': z } });
    const affinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-1c'] }] }] } };
    const none = pinned({ nodes: { 'node-1': zone('eu-1a'), 'node-2': zone('eu-1b') }, nodeAffinity: affinity, source: { csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-1' } } });
    expect(none.a?.verdict).toBe('confirmed');
    const fits = pinned({ nodes: { 'node-1': zone('eu-1a'), 'node-2': zone('eu-1c') }, nodeAffinity: affinity, source: { csi: { driver: 'ebs.csi.aws.com', volumeHandle: 'vol-1' } } });
    expect(fits.a?.verdict).toBe('possible');
  });

  it('is ruled out when no volume of the pod has node affinity', () => {
    const { a } = pinned({ source: { nfs: { server: '172.20.5.9', path: '/db' } } });
    expect(a?.verdict).toBe('ruled-out');
  });

  it('is not ruled out, only possible, when the pod\'s PersistentVolumes were not collected', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('node-1');
    c.boundClaim('media/db-data', { source: { local: { path: '/mnt/disks/ssd1' } }, node: 'node-9', pvName: 'local-pv-1' });
    const app = c.statefulSet('media/db', { image: 'postgres:16', state: unscheduled(CONFLICT), volumes: [pvcVolume('data', 'db-data')] });
    c.event({ on: app.pod, reason: 'FailedScheduling', message: CONFLICT });
    const objects = c.objects().filter((o) => o.kind !== 'PersistentVolume');
    const d = diagnosisOf(objects, NOW, `media/${app.pod.metadata.name}`);
    expect(d.hypotheses.find((h) => h.id === 'volume-node-affinity-conflict')?.verdict).toBe('possible');
    expect(d.missingData.find((m) => m.kind === 'PersistentVolume')?.neededBy).toContain('volume-node-affinity-conflict');
  });
});
