import { describe, expect, it } from 'vitest';
import { pvcVolume, running, waiting } from '../../../test/support/cluster-builder.ts';
import { NOW, stuckOnJiva } from '../../../test/support/scenarios.ts';
import { stuckOnCsi } from '../../../test/support/node-scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { staleVolumeAttachment } from './stale-volume-attachment.ts';

// The attach/detach controller's text (pkg/controller/volume/attachdetach/reconciler, reference §5.4).
const multiAttach = (pv: string) => `Multi-Attach error for volume "${pv}" Volume is already exclusively attached to one node and can't be attached to another`;

describe('stale-volume-attachment', () => {
  it('wins over multi-attach when the VolumeAttachment points at a node that runs no consumer', () => {
    const s = stuckOnCsi({ reason: 'FailedAttachVolume', message: multiAttach, extra: (c, pv) => c.attachVolume({ pv, node: 'k8s01' }) });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'stale-volume-attachment', verdict: 'likely' });
    expect(d.hypotheses[0]?.evidenceFor.map((e) => e.text).join('\n')).toMatch(/no pod using claim data runs on k8s01/);
    expect(d.hypotheses[1]?.id).toBe('multi-attach');
  });

  it('is ruled out by the same message when a live consumer runs there (multi-attach wins)', () => {
    const s = stuckOnCsi({
      reason: 'FailedAttachVolume',
      message: multiAttach,
      extra: (c, pv) => {
        c.attachVolume({ pv, node: 'k8s01' });
        c.deployment('prod/old', { image: 'example/app:0', node: 'k8s01', state: running(), volumes: [pvcVolume('data', 'data')] });
      },
    });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'multi-attach', verdict: 'confirmed' });
    expect(d.hypotheses.find((h) => h.id === 'stale-volume-attachment')?.verdict).toBe('ruled-out');
  });

  it('treats a pod stuck Terminating on a NotReady node as a live consumer', () => {
    const s = stuckOnCsi({
      reason: 'FailedAttachVolume',
      message: multiAttach,
      nodes: { k8s01: { ready: 'Unknown' } },
      extra: (c, pv) => {
        c.attachVolume({ pv, node: 'k8s01' });
        const old = c.deployment('prod/old', { image: 'example/app:0', node: 'k8s01', state: running(), volumes: [pvcVolume('data', 'data')] });
        old.pod.metadata.deletionTimestamp = c.time('-10m');
      },
    });
    expect(staleVolumeAttachment.assess(contextOf(s.objects, NOW, s.pod))?.verdict).toBe('ruled-out');
  });

  it('is confirmed from a Jiva CSI refusal when the JivaVolume still names another node without a consumer', () => {
    // https://github.com/openebs/openebs/issues/3632: remove mountInfo and the nodeID label.
    const s = stuckOnCsi({
      driver: 'jiva.csi.openebs.io',
      flavor: 'microk8s',
      message: (pv) => `MountVolume.MountDevice failed for volume "${pv}" : rpc error: code = FailedPrecondition desc = volume {${pv}} is already mounted at more than one place: {{/var/snap/microk8s/common/var/lib/kubelet/plugins/kubernetes.io/csi/jiva.csi.openebs.io/0f4d/globalmount  ext4 /dev/disk/by-path/ip-10.152.183.209:3260-iscsi-iqn.2016-09.com.openebs.jiva:${pv}-lun-0}}`,
      extra: (c, pv) =>
        c.custom({
          apiVersion: 'openebs.io/v1',
          kind: 'JivaVolume',
          namespace: 'openebs',
          name: pv.metadata.name,
          labels: { 'openebs.io/persistent-volume': pv.metadata.name, 'openebs.io/component': 'jiva-volume', nodeID: 'k8s01' },
          body: { spec: { pv: pv.metadata.name, iscsiSpec: { targetIP: '10.152.183.209', targetPort: 3260, iqn: `iqn.2016-09.com.openebs.jiva:${pv.metadata.name}` }, mountInfo: { stagingPath: '/var/snap/microk8s/common/var/lib/kubelet/plugins/kubernetes.io/csi/jiva.csi.openebs.io/0f4d/globalmount', fsType: 'ext4' } }, status: { phase: 'Ready', status: 'RW' } },
        }),
    });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'stale-volume-attachment', verdict: 'confirmed' });
    expect(d.hypotheses[0]?.nextSteps.join('\n')).toMatch(/remove `spec.mountInfo` and the `nodeID` label/);
  });

  it('reads a CStorVolumeAttachment to a NotReady node', () => {
    // https://github.com/openebs-archive/cstor-csi/pull/157
    const s = stuckOnCsi({
      driver: 'cstor.csi.openebs.io',
      nodes: { k8s03: { ready: false } },
      message: (pv) => `MountVolume.MountDevice failed for volume "${pv}" : rpc error: code = Internal desc = Volume ${pv} still mounted on node k8s03`,
      extra: (c, pv) =>
        c.custom({
          apiVersion: 'cstor.openebs.io/v1',
          kind: 'CStorVolumeAttachment',
          namespace: 'openebs',
          name: `${pv.metadata.name}-k8s03`,
          labels: { nodeID: 'k8s03', Volname: pv.metadata.name },
          body: { spec: { volume: { name: pv.metadata.name, ownerNodeID: 'k8s03' }, iscsi: { iqn: `iqn.2016-09.com.openebs.cstor:${pv.metadata.name}`, targetPortal: '10.96.0.40:3260' } } },
        }),
    });
    const a = staleVolumeAttachment.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('confirmed');
    expect(a?.evidenceFor.map((e) => e.text).join('\n')).toMatch(/CStorVolumeAttachment openebs\/pvc-.*-k8s03 records the volume staged on k8s03; node k8s03 is not Ready/);
  });

  it('says what it could not read when no record was found', () => {
    const s = stuckOnCsi({ driver: 'jiva.csi.openebs.io', message: (pv) => `MountVolume.MountDevice failed for volume "${pv}" : rpc error: code = FailedPrecondition desc = volume {${pv}} is already mounted at more than one place: {{   }}` });
    const a = staleVolumeAttachment.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('possible');
    expect(a?.evidenceAgainst.some((e) => e.kind === 'gap' && e.text.includes('JivaVolume objects were not in the snapshot'))).toBe(true);
  });

  describe('when the attach error is a missing CSI registration', () => {
    // https://github.com/longhorn/longhorn/issues/2580 (external-attacher getNodeID: "CSINode %s does not contain driver %s")
    const notRegistered = (pv: string) => `AttachVolume.Attach failed for volume "${pv}" : CSINode k8s02 does not contain driver rbd.csi.ceph.com`;

    it('is ruled out when no record puts the volume on another node', () => {
      const s = stuckOnCsi({ reason: 'FailedAttachVolume', message: notRegistered, extra: (c, pv) => c.attachVolume({ pv, node: 'k8s02', attached: false, attachError: 'CSINode k8s02 does not contain driver rbd.csi.ceph.com' }) });
      const a = staleVolumeAttachment.assess(contextOf(s.objects, NOW, s.pod));
      expect(a?.verdict).toBe('ruled-out');
      expect(a?.evidenceAgainst.map((e) => e.text).join('\n')).toMatch(/rbd\.csi\.ceph\.com is not registered on k8s02/);
    });

    it('still weighs a record on another node that runs no consumer', () => {
      const s = stuckOnCsi({ reason: 'FailedAttachVolume', message: notRegistered, extra: (c, pv) => c.attachVolume({ pv, node: 'k8s01' }) });
      expect(staleVolumeAttachment.assess(contextOf(s.objects, NOW, s.pod))?.verdict).toBe('likely');
    });

    // https://github.com/minio/directpv/issues/701
    const attachTimeout = (pv: string) => `AttachVolume.Attach failed for volume "${pv}" : timed out waiting for external-attacher of rbd.csi.ceph.com CSI driver to attach volume ${pv}`;

    it('is ruled out for a bare attach failure when every record was read and none puts the volume elsewhere', () => {
      const s = stuckOnCsi({ reason: 'FailedAttachVolume', message: attachTimeout, extra: (c, pv) => c.attachVolume({ pv, node: 'k8s02', attached: false }) });
      const a = staleVolumeAttachment.assess(contextOf(s.objects, NOW, s.pod));
      expect(a?.verdict).toBe('ruled-out');
      expect(a?.evidenceAgainst.map((e) => e.text).join('\n')).toMatch(/No VolumeAttachment.*puts the volume on a node other than k8s02/);
    });

    it('stays possible for the same failure when the attachment records could not be read', () => {
      const s = stuckOnCsi({ reason: 'FailedAttachVolume', message: attachTimeout });
      const a = staleVolumeAttachment.assess(contextOf(s.objects, NOW, s.pod));
      expect(a?.verdict).toBe('possible');
      expect(a?.evidenceAgainst.some((e) => e.kind === 'gap' && e.text.includes('VolumeAttachment objects were not in the snapshot'))).toBe(true);
    });
  });

  it('does not apply without an attach or staging refusal', () => {
    const s = stuckOnCsi({ message: (pv) => `MountVolume.MountDevice failed for volume "${pv}" : rpc error: code = Internal desc = exit status 1` });
    expect(staleVolumeAttachment.assess(contextOf(s.objects, NOW, s.pod))).toBeUndefined();
  });
});

describe('stale-volume-attachment with waiting pods elsewhere', () => {
  it('does not count another waiting pod of the claim on this node as a holder elsewhere', () => {
    const s = stuckOnCsi({
      reason: 'FailedAttachVolume',
      message: multiAttach,
      extra: (c, pv) => {
        c.attachVolume({ pv, node: 'k8s01' });
        c.deployment('prod/sidecar', { image: 'example/side:1', node: 'k8s02', state: waiting('ContainerCreating'), volumes: [pvcVolume('data', 'data')] });
      },
    });
    expect(staleVolumeAttachment.assess(contextOf(s.objects, NOW, s.pod))?.verdict).toBe('confirmed');
  });

  it('reads an in-tree iSCSI attachment from another node\'s status.volumesAttached', () => {
    const s = stuckOnJiva({
      controllerNode: 'k8s01',
      failedMount: (v) => multiAttach(v.pvName),
      extra: (c, v) => c.attachVolume({ pv: v.pv, node: 'k8s02' }),
    });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'stale-volume-attachment' });
    expect(d.hypotheses[0]?.evidenceFor.map((e) => e.text).join('\n')).toMatch(/Node k8s02 lists kubernetes\.io\/iscsi\/.* in status\.volumesAttached; no pod using claim app-config runs on k8s02/);
  });
});
