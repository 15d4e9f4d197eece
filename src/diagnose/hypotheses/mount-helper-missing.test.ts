import { describe, expect, it } from 'vitest';
import { NOW, stuckOnJiva } from '../../../test/support/scenarios.ts';
import { stuckOnCsi } from '../../../test/support/node-scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { mountHelperMissing } from './mount-helper-missing.ts';

// Same text, two structures: a CSI driver's NodeStage failing with an unnamed missing program.
const stageNotFound = (pv: string) => `MountVolume.MountDevice failed for volume "${pv}" : rpc error: code = Internal desc = executable file not found in $PATH`;

describe('mount-helper-missing', () => {
  it('wins, confirmed, on a CSI format failure naming mkfs, and places it in the node-plugin image', () => {
    // https://github.com/kubernetes-csi/csi-driver-iscsi/issues/93
    const s = stuckOnCsi({
      driver: 'iscsi.csi.k8s.io',
      message: (pv) => `MountVolume.SetUp failed for volume "${pv}" : rpc error: code = Internal desc = format of disk "/dev/sdb" failed: type:("ext4") target:("/var/lib/kubelet/pods/3c4c4497-2867-42bc-917a-1041fa5dfc09/volumes/kubernetes.io~csi/${pv}/mount") options:("rw,defaults") errcode:(executable file not found in $PATH) output:()`,
    });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'mount-helper-missing', verdict: 'confirmed' });
    expect(d.hypotheses[0]?.summary).toMatch(/mkfs\.ext4 is missing in the node-plugin image of iscsi\.csi\.k8s\.io/);
    expect(d.hypotheses.find((h) => h.id === 'initiator-missing')?.verdict).toBe('ruled-out');
  });

  it('wins for a non-iSCSI CSI driver but stays open next to iscsiadm for an iSCSI one, on the same text', () => {
    const rbd = stuckOnCsi({ driver: 'rbd.csi.ceph.com', message: stageNotFound });
    const d = diagnosisOf(rbd.objects, NOW, rbd.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'mount-helper-missing', verdict: 'likely' });
    expect(d.hypotheses.find((h) => h.id === 'initiator-missing')?.verdict).toBe('ruled-out');
    const iscsi = stuckOnCsi({ driver: 'iscsi.csi.k8s.io', message: stageNotFound });
    expect(mountHelperMissing.assess(contextOf(iscsi.objects, NOW, iscsi.pod))?.verdict).toBe('possible');
  });

  it('is only likely for the "bad option … helper program" hint, which a bad mount option also prints', () => {
    const s = stuckOnJiva({ failedMount: (v) => `MountVolume.MountDevice failed for volume "${v.pvName}" : mount failed: exit status 32\nMounting command: mount\nMounting arguments: -t xfs -o defaults /dev/sdc /var/lib/kubelet/plugins/kubernetes.io/iscsi/iface-default/10.152.183.62:3260-iqn-lun-0\nOutput: mount: /var/lib/kubelet/plugins/kubernetes.io/iscsi/iface-default/10.152.183.62:3260-iqn-lun-0: bad option; for several filesystems (e.g. nfs, cifs) you might need a /sbin/mount.<type> helper program.` });
    const a = mountHelperMissing.assess(contextOf(s.objects, NOW, s.pod));
    expect(a).toMatchObject({ verdict: 'likely' });
    expect(a?.evidenceAgainst.map((e) => e.text).join('\n')).toMatch(/mount option/);
  });

  it('is ruled out when the missing program is iscsiadm', () => {
    const s = stuckOnJiva({ failedMount: (v) => `MountVolume.WaitForAttach failed for volume "${v.pvName}" : executable file not found in $PATH` });
    expect(mountHelperMissing.assess(contextOf(s.objects, NOW, s.pod))?.verdict).toBe('ruled-out');
  });
});
