import { describe, expect, it } from 'vitest';
import { NOW, stuckOnJiva } from '../../../test/support/scenarios.ts';
import { stuckOnCsi } from '../../../test/support/node-scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { multipathClaimsDevice } from './multipath-claims-device.ts';

// https://github.com/longhorn/longhorn/issues/1819 (the device path varies with the driver)
const busy = (pv: string, device: string) =>
  `MountVolume.MountDevice failed for volume "${pv}" : rpc error: code = Internal desc = mount failed: exit status 32 Mounting command: mount Mounting arguments: -t ext4 -o defaults ${device} /var/lib/kubelet/plugins/kubernetes.io/csi/pv/${pv}/globalmount Output: mount: /var/lib/kubelet/plugins/kubernetes.io/csi/pv/${pv}/globalmount: ${device} already mounted or mount point busy.`;

describe('multipath-claims-device', () => {
  it('wins for a Longhorn device', () => {
    const s = stuckOnCsi({ driver: 'driver.longhorn.io', message: (pv) => busy(pv, `/dev/longhorn/${pv}`) });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'multipath-claims-device', verdict: 'likely' });
    expect(d.hypotheses[0]?.evidenceAgainst.some((e) => e.kind === 'gap')).toBe(true);
  });

  it('wins for an in-tree iSCSI volume', () => {
    const s = stuckOnJiva({ controllerNode: 'k8s01', failedMount: (v) => busy(v.pvName, '/dev/sdc').replace('rpc error: code = Internal desc = ', '') });
    expect(diagnosisOf(s.objects, NOW, s.pod).hypotheses[0]?.id).toBe('multipath-claims-device');
  });

  it('is ruled out for the same text on a device that is not iSCSI-backed', () => {
    const s = stuckOnCsi({ driver: 'rbd.csi.ceph.com', message: (pv) => busy(pv, '/dev/rbd0') });
    expect(multipathClaimsDevice.assess(contextOf(s.objects, NOW, s.pod))?.verdict).toBe('ruled-out');
  });

  it('says it cannot tell, instead of ruling out, when the PersistentVolume was not read', () => {
    const s = stuckOnCsi({ driver: 'driver.longhorn.io', message: (pv) => busy(pv, '/dev/sdc') });
    const withoutPvs = s.objects.filter((o) => o.kind !== 'PersistentVolume');
    const a = multipathClaimsDevice.assess(contextOf(withoutPvs, NOW, s.pod));
    expect(a?.verdict).toBe('possible');
    expect(a?.evidenceAgainst.some((e) => e.kind === 'gap')).toBe(true);
  });
});
