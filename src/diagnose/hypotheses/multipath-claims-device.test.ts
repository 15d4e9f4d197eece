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

  // https://github.com/longhorn/longhorn/issues/1210: older Longhorn CSI plugins relay only the exit status.
  const opaque = (pv: string) => `MountVolume.SetUp failed for volume "${pv}" : rpc error: code = Internal desc = exit status 1`;

  it('stays possible, with a low score, for an iSCSI-backed volume whose mount failure names no cause', () => {
    const s = stuckOnCsi({ driver: 'driver.longhorn.io', message: opaque });
    const a = multipathClaimsDevice.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('possible');
    expect(a?.score).toBeLessThan(0.5);
    expect(a?.summary).toMatch(/multipath -ll/);
    expect(a?.evidenceAgainst.some((e) => e.kind === 'gap' && /not say the device is busy/.test(e.text))).toBe(true);
    expect(diagnosisOf(s.objects, NOW, s.pod).hypotheses[0]?.id).toBe('multipath-claims-device');
  });

  it('does not guess multipathd for an opaque failure of a volume that is not iSCSI-backed', () => {
    const s = stuckOnCsi({ driver: 'rbd.csi.ceph.com', message: opaque });
    expect(multipathClaimsDevice.assess(contextOf(s.objects, NOW, s.pod))).toBeUndefined();
  });

  it('does not guess multipathd when the failure text names a cause, or another current event does', () => {
    // mount-utils' formatAndMountSensitive: `format of disk %q failed: type:(%q) target:(%q) options:(%q) errcode:(%v) output:(%v)`
    // (https://github.com/kubernetes/mount-utils/blob/master/mount_linux.go)
    const named = stuckOnCsi({ driver: 'driver.longhorn.io', message: (pv) => `MountVolume.MountDevice failed for volume "${pv}" : rpc error: code = Internal desc = format of disk "/dev/longhorn/${pv}" failed: type:("ext4") target:("/var/lib/kubelet/plugins/kubernetes.io/csi/pv/${pv}/globalmount") options:("defaults") errcode:(exit status 1) output:(mke2fs 1.45.5: Device size reported to be zero.)` });
    expect(multipathClaimsDevice.assess(contextOf(named.objects, NOW, named.pod))).toBeUndefined();
    // The same pod also reports a missing executable (the kubelet text parsed in node-side-messages.test.ts).
    const explained = stuckOnCsi({
      driver: 'driver.longhorn.io',
      message: opaque,
      extra: (c, pv, app) => {
        c.event({ on: app.pod, reason: 'FailedMount', message: `MountVolume.WaitForAttach failed for volume "${pv.metadata.name}" : executable file not found in $PATH`, count: 3, first: '-10m', last: '-30s' });
      },
    });
    expect(multipathClaimsDevice.assess(contextOf(explained.objects, NOW, explained.pod))).toBeUndefined();
  });
});
