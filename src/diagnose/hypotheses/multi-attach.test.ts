import { describe, expect, it } from 'vitest';
import { ClusterBuilder, pvcVolume, running, waiting } from '../../../test/support/cluster-builder.ts';
import { NOW } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { multiAttach } from './multi-attach.ts';

/** A rolling update: the old pod still runs on k8s01 with the RWO volume, the new one waits on k8s02. */
function rollingUpdate(withOldPod: boolean, extra?: (c: ClusterBuilder) => void) {
  const c = new ClusterBuilder({ now: NOW });
  for (const n of ['k8s01', 'k8s02']) c.node(n);
  extra?.(c);
  const { pv } = c.boundClaim('prod/data', { source: { csi: { driver: 'rbd.csi.ceph.com', volumeHandle: '0001-0009-rook-ceph-0000000000000002-5f2a' } }, storageClass: 'ceph-block', accessModes: ['ReadWriteOnce'] });
  const app = c.deployment('prod/db', {
    image: 'postgres:16',
    volumes: [pvcVolume('data', 'data')],
    pods: [
      ...(withOldPod ? [{ node: 'k8s01', state: running(), suffix: 'old01' }] : []),
      { node: 'k8s02', state: waiting('ContainerCreating'), suffix: 'new01', created: '-10m' },
    ],
    replicas: withOldPod ? 2 : 1,
  });
  c.attachVolume({ pv, node: 'k8s01' });
  const newPod = app.pods[app.pods.length - 1];
  if (newPod === undefined) throw new Error('setup');
  c.event({
    on: newPod,
    reason: 'FailedAttachVolume',
    message: `Multi-Attach error for volume "${pv.metadata.name}" Volume is already used by pod(s) ${withOldPod ? (app.pods[0]?.metadata.name ?? '') : 'gone-pod'}`,
    source: { component: 'attachdetach-controller' },
    last: '-2m',
  });
  return { objects: c.objects(), pod: `prod/${newPod.metadata.name}` };
}

describe('multi-attach', () => {
  it('is confirmed when another live pod on another node uses the RWO claim', () => {
    const s = rollingUpdate(true);
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'multi-attach', verdict: 'confirmed' });
    expect(d.hypotheses[0]?.evidenceFor.some((e) => e.text.includes('k8s01'))).toBe(true);
  });

  it('stays likely when the attachment\'s node shows no pods at all (its pods may not have been collected)', () => {
    const s = rollingUpdate(false);
    const a = multiAttach.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('likely');
    expect(a?.evidenceAgainst.map((e) => e.text).join('\n')).toMatch(/may be stale/);
  });

  it('is ruled out when the attachment\'s node is listed with pods and none of them uses the claim (stale-volume-attachment)', () => {
    // Every node runs DaemonSet pods; seeing kube-proxy on k8s01 shows its pods were read, and none holds the claim.
    const s = rollingUpdate(false, (c) => c.daemonSet('kube-system/kube-proxy', { image: 'registry.k8s.io/kube-proxy:v1.29.2', state: running() }));
    const a = multiAttach.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('ruled-out');
    expect(a?.evidenceAgainst.map((e) => e.text).join('\n')).toMatch(/k8s01 runs 1 listed pod\(s\), none of which uses claim data/);
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]?.id).toBe('stale-volume-attachment');
  });

  it('does not apply without a Multi-Attach event', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('k8s01');
    const app = c.deployment('prod/web', { image: 'nginx', node: 'k8s01', state: waiting('ContainerCreating') });
    expect(multiAttach.assess(contextOf(c.objects(), NOW, `prod/${app.pod.metadata.name}`))).toBeUndefined();
  });
});
