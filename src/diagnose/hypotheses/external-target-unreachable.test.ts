import { describe, expect, it } from 'vitest';
import { NOW, nfsMountFailure, stuckOnJiva, stuckOnNfs } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { stuckOnCsi } from '../../../test/support/node-scenarios.ts';
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

describe('external-target-unreachable for a generic iSCSI CSI driver', () => {
  // democratic-csi records the portal in the PV's volumeAttributes.portal (https://github.com/democratic-csi/democratic-csi/issues/126)
  // and relays iscsiadm as JSON (https://github.com/democratic-csi/democratic-csi/issues/227); the report of a TrueNAS
  // server whose network was removed: https://github.com/democratic-csi/democratic-csi/issues/305.
  const message = (pv: string) =>
    `MountVolume.MountDevice failed for volume "${pv}" : rpc error: code = Internal desc = {"code":4,"stdout":"","stderr":"iscsiadm: connect to 192.168.10.5 timed out\\niscsiadm: connection login retries (reopen_max) 5 exceeded\\niscsiadm: Could not perform SendTargets discovery: encountered connection failure\\n","timeout":false}`;
  function truenas(attributeKey: 'portal' | 'targetPortal') {
    // The API server's Service gives the cluster a ClusterIP to compare the portal with (10.96.0.0/12 is kubeadm's default range).
    const s = stuckOnCsi({ driver: 'org.democratic-csi.iscsi', message, extra: (c) => c.service('default/kubernetes', { selector: null, clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443 }], addresses: [{ ip: '192.168.1.10' }] }) });
    const objects = s.objects.map((o) => {
      if (o.kind !== 'PersistentVolume' || o.metadata.name !== s.pvName) return o;
      const spec = o.spec as { csi: Record<string, unknown> };
      return { ...o, spec: { ...spec, csi: { ...spec.csi, volumeAttributes: { [attributeKey]: '192.168.10.5:3260', iqn: 'iqn.2005-10.org.freenas.ctl:csi-data', lun: '0', node_attach_driver: 'iscsi' } } } };
    });
    return { ...s, objects };
  }

  it('reads the portal from volumeAttributes and wins, with portal-stale and target-not-ready ruled out by the Service range', () => {
    const s = truenas('portal');
    expect(externalTargetUnreachable.assess(contextOf(s.objects, NOW, s.pod))?.verdict).toBe('likely');
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'external-target-unreachable', verdict: 'likely' });
    expect(d.hypotheses.find((h) => h.id === 'portal-stale')?.verdict).toBe('ruled-out');
    expect(d.hypotheses.find((h) => h.id === 'target-not-ready')?.verdict).toBe('ruled-out');
  });

  it('reads the kubernetes-csi/csi-driver-iscsi key targetPortal too', () => {
    const s = truenas('targetPortal');
    expect(externalTargetUnreachable.assess(contextOf(s.objects, NOW, s.pod))?.verdict).toBe('likely');
  });
});
