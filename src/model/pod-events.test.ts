import { describe, expect, it } from 'vitest';
import { ClusterBuilder, pvcVolume, running, unscheduled, waiting } from '../../test/support/cluster-builder.ts';
import { NOW } from '../../test/support/scenarios.ts';
import { modelOf } from '../../test/support/state.ts';
import type { Pod } from '../kube/types.ts';
import { resolveDataPaths } from './datapath/resolve.ts';
import { judgePodEvents } from './pod-events.ts';

/** A StatefulSet pod recreated 10 minutes ago on k8s02 under the same name as its predecessor. */
function recreated() {
  const c = new ClusterBuilder({ now: NOW });
  for (const n of ['k8s01', 'k8s02']) c.node(n);
  const { pv } = c.boundClaim('db/data-pg-0', { source: { csi: { driver: 'driver.longhorn.io', volumeHandle: 'pvc-x' } }, storageClass: 'longhorn' });
  const sts = c.statefulSet('db/pg', { image: 'postgres:16', node: 'k8s02', state: waiting('ContainerCreating'), podCreated: '-10m', volumes: [pvcVolume('data', 'data-pg-0')] });
  const pod = sts.pod;
  const predecessor = c.goneRef('Pod', `db/${pod.metadata.name}`, 'aaaaaaaa-0000-0000-0000-000000000001');
  return { c, pod, pv, predecessor };
}

function judged(c: ClusterBuilder, podName: string) {
  const model = modelOf(c.objects(), NOW);
  const pod = model.pod('db', podName) as Pod;
  return judgePodEvents(model, pod, resolveDataPaths(model, pod));
}

describe('judgePodEvents staleness rules', () => {
  it('sets aside an event for a predecessor with the same name (different uid)', () => {
    const { c, pod, predecessor } = recreated();
    c.event({ on: predecessor, reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "data" : rpc error: code = Internal', source: { component: 'kubelet', host: 'k8s02' }, last: '-2m' });
    const [e] = judged(c, pod.metadata.name);
    expect(e?.stale?.why).toMatch(/earlier pod that no longer exists/);
  });

  it('sets aside a scheduling failure that a later attempt with a different reason superseded', () => {
    // Messages as reported in https://github.com/kubernetes/website/issues/4124 (GKE, 1.6): first the claim was unbound, then CPU ran out.
    const c = new ClusterBuilder({ now: NOW });
    c.node('k8s01');
    c.boundClaim('db/data-pg-0', { source: { csi: { driver: 'driver.longhorn.io', volumeHandle: 'pvc-x' } }, storageClass: 'longhorn' });
    const sts = c.statefulSet('db/pg', { image: 'postgres:16', state: unscheduled(), podCreated: '-10m', volumes: [pvcVolume('data', 'data-pg-0')] });
    const unbound = '[SchedulerPredicates failed due to PersistentVolumeClaim is not bound: "data-pg-0", which is unexpected.]';
    const cpu = 'No nodes are available that match all of the following predicates:: Insufficient cpu (1).';
    c.event({ on: sts.pod, reason: 'FailedScheduling', source: { component: 'default-scheduler' }, message: unbound, count: 4, first: '-9m', last: '-8m' });
    c.event({ on: sts.pod, reason: 'FailedScheduling', source: { component: 'default-scheduler' }, message: cpu, count: 3, first: '-7m', last: '-1m' });
    const events = judged(c, sts.pod.metadata.name);
    expect(events.find((j) => j.event.message === unbound)?.stale?.why).toMatch(/later scheduling attempt.*Insufficient cpu/);
    expect(events.find((j) => j.event.message === cpu)?.stale).toBeUndefined();
  });

  it('keeps alternating scheduling failures current when they overlap in time', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('k8s01');
    const sts = c.statefulSet('db/pg', { image: 'postgres:16', state: unscheduled(), podCreated: '-10m' });
    c.event({ on: sts.pod, reason: 'FailedScheduling', source: { component: 'default-scheduler' }, message: '0/1 nodes are available: 1 Insufficient cpu.', count: 4, first: '-9m', last: '-1m' });
    c.event({ on: sts.pod, reason: 'FailedScheduling', source: { component: 'default-scheduler' }, message: '0/1 nodes are available: 1 Insufficient memory.', count: 3, first: '-8m', last: '-2m' });
    expect(judged(c, sts.pod.metadata.name).every((j) => j.stale === undefined)).toBe(true);
  });

  it('sets aside an event reported by another node', () => {
    const { c, pod, pv } = recreated();
    c.event({ on: pod, reason: 'FailedMount', message: `MountVolume.MountDevice failed for volume "${pv.metadata.name}" : timed out`, source: { component: 'kubelet', host: 'k8s01' }, last: '-1m' });
    const [e] = judged(c, pod.metadata.name);
    expect(e?.stale?.why).toBe('it was reported by node k8s01, but the pod runs on k8s02');
  });

  it('sets aside an event last seen before the pod was scheduled', () => {
    const { c, pod, pv } = recreated();
    c.event({ on: { kind: 'PersistentVolume', name: pv.metadata.name, uid: pv.metadata.uid ?? '' }, reason: 'VolumeFailedDelete', message: `error deleting ${pv.metadata.name}`, source: { component: 'persistentvolume-controller' }, last: '-30m' });
    const [e] = judged(c, pod.metadata.name);
    expect(e?.stale?.why).toMatch(/before the current pod was scheduled/);
  });

  it('sets aside a failure that a later success for the same volume resolved', () => {
    const { c, pod, pv } = recreated();
    c.event({ on: pod, reason: 'FailedAttachVolume', message: `AttachVolume.Attach failed for volume "${pv.metadata.name}" : rpc error: code = DeadlineExceeded`, last: '-8m' });
    c.event({ on: pod, reason: 'SuccessfulAttachVolume', message: `AttachVolume.Attach succeeded for volume "${pv.metadata.name}"`, source: { component: 'attachdetach-controller' }, last: '-7m' });
    const events = judged(c, pod.metadata.name);
    expect(events.find((e) => e.event.reason === 'FailedAttachVolume')?.stale?.why).toMatch(/a later event shows it resolved/);
    expect(events.find((e) => e.event.reason === 'SuccessfulAttachVolume')?.stale).toBeUndefined();
  });

  it('does not let a successful attach resolve a failed mount (the seed lesson)', () => {
    const { c, pod, pv } = recreated();
    c.event({ on: pod, reason: 'FailedMount', message: `MountVolume.WaitForAttach failed for volume "${pv.metadata.name}" : iscsi: failed to sendtargets to portal 10.0.0.1:3260`, last: '-8m' });
    c.event({ on: pod, reason: 'SuccessfulAttachVolume', message: `AttachVolume.Attach succeeded for volume "${pv.metadata.name}"`, source: { component: 'attachdetach-controller' }, last: '-7m' });
    expect(judged(c, pod.metadata.name).find((e) => e.event.reason === 'FailedMount')?.stale).toBeUndefined();
  });

  it('sets aside a mount failure older than the start of the pod containers', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('k8s01');
    const app = c.deployment('db/web', { image: 'nginx', node: 'k8s01', state: running({ since: '-5m' }), podCreated: '-20m' });
    c.event({ on: app.pod, reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "cfg" : configmap "web" not found', last: '-10m' });
    const [e] = judged(c, app.pod.metadata.name);
    expect(e?.stale?.why).toMatch(/containers started at .* after it/);
  });

  it('keeps current events current, including events.k8s.io ones whose time is in series.lastObservedTime', () => {
    const { c, pod, pv } = recreated();
    c.event({ on: pod, reason: 'FailedMount', message: `MountVolume.MountDevice failed for volume "${pv.metadata.name}" : timed out`, style: 'events-api', count: 5, first: '-9m', last: '-30s' });
    const [e] = judged(c, pod.metadata.name);
    expect(e?.stale).toBeUndefined();
    expect(Math.abs((e?.event.last ?? 0) - (Date.parse(NOW) - 30_000))).toBeLessThan(1000);
  });
});
