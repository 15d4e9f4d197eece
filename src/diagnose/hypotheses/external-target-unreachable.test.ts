import { describe, expect, it } from 'vitest';
import { NOW, nfsMountFailure, stuckOnJiva, stuckOnNfs } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { externalTargetUnreachable } from './external-target-unreachable.ts';

const timeout = (server: string) => nfsMountFailure('app-data-nfs', server, 'mount.nfs: Connection timed out');

describe('external-target-unreachable', () => {
  it('wins (at most likely) for a NAS address that is no Service, pod, node or pod CIDR of the cluster', () => {
    const s = stuckOnNfs({ server: () => '172.20.5.9', failedMount: timeout });
    const a = externalTargetUnreachable.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('likely');
    expect(a?.evidenceAgainst.some((e) => e.kind === 'gap')).toBe(true);
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'external-target-unreachable', verdict: 'likely' });
  });

  it('is ruled out when the portal lies in a node\'s pod CIDR (a pod address that is gone)', () => {
    const s = stuckOnNfs({ server: () => '10.1.2.77', failedMount: timeout });
    const a = externalTargetUnreachable.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('ruled-out');
    expect(a?.evidenceAgainst[0]?.text).toContain('podCIDR 10.1.2.0/24');
  });

  it('is ruled out when the portal is a Service ClusterIP of the cluster', () => {
    const s = stuckOnJiva();
    expect(externalTargetUnreachable.assess(contextOf(s.objects, NOW, s.pod))?.verdict).toBe('ruled-out');
  });

  it('steps back to possible for an in-cluster engine whose portal matches nothing (portal-stale explains it better)', () => {
    const s = stuckOnJiva({ failedMount: (v) => `MountVolume.WaitForAttach failed for volume "${v.pvName}" : failed to get any path for iscsi disk, last err seen:\niscsi: failed to sendtargets to portal 10.152.183.250:3260 output: iscsiadm: connect to 10.152.183.250 timed out\niscsiadm: Login I/O error, failed to receive a PDU\n, err exit status 4` });
    // Re-point the PV at the dead address, as a recreated Service leaves it.
    const objects = s.objects.map((o) => (o.kind === 'PersistentVolume' && o.metadata.name === s.volume.pvName ? { ...o, spec: { ...(o.spec as object), iscsi: { ...((o.spec as { iscsi: object }).iscsi), targetPortal: '10.152.183.250:3260' } } } : o));
    const a = externalTargetUnreachable.assess(contextOf(objects, NOW, s.pod));
    expect(a?.verdict).toBe('possible');
  });
});

describe('the same "mount.nfs: Connection timed out", different winners by structure', () => {
  const winner = (opts: Parameters<typeof stuckOnNfs>[0]) => {
    const s = stuckOnNfs(opts);
    return diagnosisOf(s.objects, NOW, s.pod).hypotheses[0]?.id;
  };
  it('a NAS outside the cluster: external-target-unreachable', () => {
    expect(winner({ server: () => '172.20.5.9', failedMount: timeout })).toBe('external-target-unreachable');
  });
  it('the in-cluster server on the consumer node: hairpin-colocation', () => {
    expect(winner({ serverNode: 'k8s03', consumerNode: 'k8s03', failedMount: timeout })).toBe('hairpin-colocation');
  });
  it('the in-cluster server on another node behind a deny-all policy: network-policy-blocks-target', () => {
    expect(winner({ serverNode: 'k8s01', consumerNode: 'k8s03', failedMount: timeout, extra: (c) => { c.networkPolicy('storage/deny', { policyTypes: ['Ingress'] }); } })).toBe('network-policy-blocks-target');
  });
});
