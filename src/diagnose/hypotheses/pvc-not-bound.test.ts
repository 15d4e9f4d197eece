import { describe, expect, it } from 'vitest';
import { ClusterBuilder, crashLoop, pvcVolume, running, unscheduled, type ClaimOptions, type PodState } from '../../../test/support/cluster-builder.ts';
import { csiNodePlugin, DEFAULT_ROOT } from '../../../test/support/node-scenarios.ts';
import { NOW } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { pvcNotBound } from './pvc-not-bound.ts';

// Scheduler text of radondb/radondb-mysql-kubernetes#524.
const UNBOUND = '0/3 nodes are available: 3 pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';

/** `media/db`, Pending, with claim `db-data` as given; `extra` adds classes, drivers, events. */
function pendingOnClaim(claim: ClaimOptions, extra: (c: ClusterBuilder) => void = () => undefined, schedulerMessage = UNBOUND) {
  const c = new ClusterBuilder({ now: NOW });
  for (const n of ['node-1', 'node-2', 'node-3']) c.node(n);
  c.storageClass('standard', { provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer' });
  const pvc = c.claim('media/db-data', claim);
  const app = c.deployment('media/db', { image: 'postgres:16', state: unscheduled(schedulerMessage), podCreated: '-15m', volumes: [pvcVolume('data', 'db-data')] });
  c.event({ on: app.pod, reason: 'FailedScheduling', message: schedulerMessage, count: 14, first: '-15m', last: '-30s' });
  extra(c);
  const objects = c.objects();
  const pod = `media/${app.pod.metadata.name}`;
  return { c, pvc, objects, pod, a: pvcNotBound.assess(contextOf(objects, NOW, pod)), d: diagnosisOf(objects, NOW, pod) };
}

describe('pvc-not-bound', () => {
  it('wins when the claim asks for a StorageClass that does not exist', () => {
    const { a, d } = pendingOnClaim({ storageClass: 'fast-ssd' });
    expect(a?.verdict).toBe('confirmed');
    expect(a?.summary).toContain('"fast-ssd"');
    expect(d.hypotheses[0]).toMatchObject({ id: 'pvc-not-bound', verdict: 'confirmed' });
  });

  it('reads ProvisioningFailed on the claim (rook/rook#6795 wording)', () => {
    const { a } = pendingOnClaim({ storageClass: 'rook-cephfs' }, (c) => {
      c.event({ on: c.get('PersistentVolumeClaim', 'media/db-data'), reason: 'ProvisioningFailed', message: 'storageclass.storage.k8s.io "rook-cephfs" not found', count: 218, first: '-14m', last: '-40s' });
    });
    expect(a?.verdict).toBe('confirmed');
    expect(a?.evidenceFor.some((e) => e.kind === 'event')).toBe(true);
  });

  it('is likely with the provisioner\'s error when provisioning fails (openebs/openebs#3668 wording)', () => {
    const { a } = pendingOnClaim({ storageClass: 'openebs-lvmpv', provisioner: 'local.csi.openebs.io' }, (c) => {
      c.storageClass('openebs-lvmpv', { provisioner: 'local.csi.openebs.io' });
      c.event({ on: c.get('PersistentVolumeClaim', 'media/db-data'), reason: 'ProvisioningFailed', message: 'failed to provision volume with StorageClass "openebs-lvmpv": rpc error: code = DeadlineExceeded desc = context deadline exceeded', source: { component: 'local.csi.openebs.io_openebs-lvm-controller-0_76e07e7d' }, last: '-1m' });
    });
    expect(a).toMatchObject({ verdict: 'likely' });
    expect(a?.summary).toContain('DeadlineExceeded');
  });

  it('is confirmed when the claim names no class and no class is the default', () => {
    const { a } = pendingOnClaim({});
    expect(a?.verdict).toBe('confirmed');
    expect(a?.summary).toMatch(/no default class/);
  });

  it('is likely when nothing serves the class\'s provisioner, and steps back when a CSIDriver does', () => {
    const absent = pendingOnClaim({ storageClass: 'nas' }, (c) => c.storageClass('nas', { provisioner: 'nas.example.com' }));
    expect(absent.a?.verdict).toBe('likely');
    const present = pendingOnClaim({ storageClass: 'nas' }, (c) => {
      c.storageClass('nas', { provisioner: 'nas.example.com' });
      c.pod('storage/nas-provisioner', { node: 'node-1', containers: [{ name: 'provisioner', image: 'example/nas-provisioner:1', args: ['--provisioner=nas.example.com'] }] });
    });
    expect(present.a?.verdict).toBe('possible');
  });

  it('only says "waits for the scheduler" for WaitForFirstConsumer when the pod is unschedulable for other reasons', () => {
    const { a } = pendingOnClaim({ storageClass: 'standard' }, undefined, '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..');
    expect(a?.verdict).toBe('possible');
    expect(a?.summary).toContain('3 Insufficient memory');
  });

  it('is likely for a static WaitForFirstConsumer class when the scheduler finds no volume to bind (Oteemo/charts#122 wording)', () => {
    const { a } = pendingOnClaim(
      { storageClass: 'local-storage' },
      (c) => c.storageClass('local-storage', { provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' }),
      "0/3 nodes are available: 3 node(s) didn't find available persistent volumes to bind.",
    );
    expect(a?.verdict).toBe('likely');
  });

  it('is ruled out when every claim is Bound', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('node-1');
    c.boundClaim('media/db-data', { source: { nfs: { server: '172.20.5.9', path: '/db' } } });
    const message = '0/1 nodes are available: 1 node(s) had volume node affinity conflict.';
    const app = c.deployment('media/db', { image: 'postgres:16', state: unscheduled(message), volumes: [pvcVolume('data', 'db-data')] });
    c.event({ on: app.pod, reason: 'FailedScheduling', message });
    const a = pvcNotBound.assess(contextOf(c.objects(), NOW, `media/${app.pod.metadata.name}`));
    expect(a?.verdict).toBe('ruled-out');
  });

  it('cannot tell why when the scheduler reports an unbound claim but claims were not collected', () => {
    const { objects, pod } = pendingOnClaim({ storageClass: 'fast-ssd' });
    const withoutClaims = objects.filter((o) => o.kind !== 'PersistentVolumeClaim');
    const d = diagnosisOf(withoutClaims, NOW, pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'pvc-not-bound', verdict: 'possible' });
    expect(d.missingData.find((m) => m.kind === 'PersistentVolumeClaim')?.neededBy).toContain('pvc-not-bound');
  });
});

describe('pvc-not-bound once the scheduler has selected a node', () => {
  // https://github.com/hetznercloud/csi-driver/issues/188: the claim carries volume.kubernetes.io/selected-node,
  // the PV controller repeats ExternalProvisioning, the scheduler's PreBind times out, and the controller crash-loops.
  const PREBIND = 'running PreBind plugin "VolumeBinding": binding volumes: timed out waiting for the condition';
  const EXTERNAL = 'waiting for a volume to be created, either by external provisioner "csi.hetzner.cloud" or manually created by system administrator';
  function hcloud(controllerState: PodState, opts: { selectedNode?: string; providerArg?: boolean } = {}) {
    return pendingOnClaim(
      { storageClass: 'hcloud-volumes', provisioner: 'csi.hetzner.cloud', ...(opts.selectedNode !== undefined ? { selectedNode: opts.selectedNode } : {}) },
      (c) => {
        c.storageClass('hcloud-volumes', { provisioner: 'csi.hetzner.cloud', volumeBindingMode: 'WaitForFirstConsumer' });
        csiNodePlugin(c, { driver: 'csi.hetzner.cloud', root: DEFAULT_ROOT, name: 'hcloud-csi-node' });
        const nodeImage = 'example.com/csi-plugin:v1.0.0';
        c.pod('kube-system/hcloud-csi-controller-0', {
          node: 'node-1',
          containers: [
            { name: 'csi-provisioner', image: 'registry.k8s.io/sig-storage/csi-provisioner:v3.6.0', args: [...(opts.providerArg !== false ? ['--provisioner=csi.hetzner.cloud'] : []), '--csi-address=/run/csi/socket'] },
            { name: 'hcloud-csi-driver', image: nodeImage },
          ],
          state: controllerState,
        });
        c.event({ on: c.get('PersistentVolumeClaim', 'media/db-data'), reason: 'ExternalProvisioning', type: 'Normal', message: EXTERNAL, count: 162, first: '-14m', last: '-10s' });
      },
      PREBIND,
    );
  }

  it('blames the crash-looping provisioner, not the scheduler, when selected-node is set', () => {
    const { a, d } = hcloud(crashLoop(212, { reason: 'Error', exitCode: 255 }), { selectedNode: 'node-2' });
    expect(a?.verdict).toBe('likely');
    expect(a?.summary).toContain('The scheduler picked node-2');
    expect(a?.summary).toContain('CrashLoopBackOff');
    expect(a?.summary).not.toContain('WaitForFirstConsumer');
    const texts = a?.evidenceFor.map((e) => e.text).join('\n') ?? '';
    expect(texts).toContain('volume.kubernetes.io/selected-node: node-2');
    expect(texts).toContain('ExternalProvisioning');
    expect(d.hypotheses[0]?.id).toBe('pvc-not-bound');
  });

  it('finds a CSI controller with no --provisioner argument by its csi-provisioner sidecar beside the driver\'s image', () => {
    const { a } = hcloud(running({ ready: false, restarts: 7 }), { selectedNode: 'node-2', providerArg: false });
    expect(a?.verdict).toBe('likely');
    expect(a?.evidenceFor.map((e) => e.text).join('\n')).toMatch(/hcloud-csi-controller-0 on node-1 \(Running, not Ready, \d+ restart\(s\)\) runs the csi-provisioner sidecar/);
  });

  it('stays possible when the provisioner runs and is Ready, and lists it against', () => {
    const { a } = hcloud(running(), { selectedNode: 'node-2' });
    expect(a?.verdict).toBe('possible');
    expect(a?.summary).not.toContain('waits for the pod to be scheduled');
    expect(a?.evidenceAgainst.map((e) => e.text).join('\n')).toMatch(/hcloud-csi-controller-0 on node-1 \(Running, Ready\)/);
  });

  it('keeps the WaitForFirstConsumer explanation while no node is selected', () => {
    const { a } = hcloud(crashLoop(3), {});
    expect(a?.summary).toContain('WaitForFirstConsumer');
  });
});
