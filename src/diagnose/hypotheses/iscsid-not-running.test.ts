import { describe, expect, it } from 'vitest';
import { NOW, stuckOnJiva } from '../../../test/support/scenarios.ts';
import { stuckOnCsi } from '../../../test/support/node-scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import type { JivaVolume } from '../../../test/support/cluster-builder.ts';
import { iscsidNotRunning } from './iscsid-not-running.ts';

// A public RHCOS write-up (iscsid disabled by default), found by code search; open-iscsi usr/iscsid_req.c.
const notConnected = (v: JivaVolume) =>
  `MountVolume.WaitForAttach failed for volume "${v.pvName}" : failed to get any path for iscsi disk, last err seen:\niscsi: failed to sendtargets to portal ${v.portal} output: Failed to connect to bus: No data available\niscsiadm: can not connect to iSCSI daemon (111)!\niscsiadm: Cannot perform discovery. Initiatorname required.\niscsiadm: Could not perform SendTargets discovery: could not connect to iscsid\n, err exit status 20`;
// https://github.com/k3s-io/k3s/issues/11708
const dropped = (v: JivaVolume) =>
  `MountVolume.WaitForAttach failed for volume "${v.pvName}" : failed to get any path for iscsi disk, last err seen:\niscsi: failed to attach disk: Error: iscsiadm: read error (0/2), daemon died?\niscsiadm: Could not login to [iface: default, target: ${v.iqn}, portal: ${v.portal.replace(':', ',')}].\niscsiadm: initiator reported error (18 - could not communicate to iscsid)\niscsiadm: Could not log into all portals`;

describe('iscsid-not-running', () => {
  it('wins, confirmed, when iscsiadm finds nothing on the iscsid socket, even with the target co-located', () => {
    // The consumer shares k8s03 with the Jiva controller: the message must not be read as a hairpin.
    const s = stuckOnJiva({ failedMount: notConnected });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'iscsid-not-running', verdict: 'confirmed' });
    expect(d.hypotheses.some((h) => h.id === 'hairpin-colocation')).toBe(false);
    expect(d.hypotheses.find((h) => h.id === 'initiator-misconfigured')?.verdict).toBe('ruled-out');
  });

  it('is only possible when iscsid answered and dropped the exchange', () => {
    const s = stuckOnJiva({ failedMount: dropped });
    const a = iscsidNotRunning.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('possible');
    expect(a?.evidenceAgainst.map((e) => e.text).join('\n')).toMatch(/initiator-misconfigured/);
  });

  it('does not apply to a connection failure with the target', () => {
    const s = stuckOnJiva();
    expect(iscsidNotRunning.assess(contextOf(s.objects, NOW, s.pod))).toBeUndefined();
  });

  it('is only likely when a CSI node plugin reports it (its network namespace may hide a running iscsid)', () => {
    const s = stuckOnCsi({
      driver: 'iscsi.csi.k8s.io',
      message: (pv) => `MountVolume.MountDevice failed for volume "${pv}" : rpc error: code = Internal desc = iscsi: failed to sendtargets to portal 192.168.42.58:3260 output: iscsiadm: can not connect to iSCSI daemon (111)!\niscsiadm: Could not perform SendTargets discovery: could not connect to iscsid , err exit status 20`,
    });
    const a = iscsidNotRunning.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('likely');
  });
});
