import { describe, expect, it } from 'vitest';
import { NOW, stuckOnJiva } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { ClusterBuilder, pvcVolume, waiting, type JivaVolume } from '../../../test/support/cluster-builder.ts';
import { initiatorMisconfigured } from './initiator-misconfigured.ts';

// iscsiadm output as quoted in a public iSCSI setup note (code search); open-iscsi usr/idbm.c.
const noIface = (v: JivaVolume) =>
  `MountVolume.WaitForAttach failed for volume "${v.pvName}" : iscsi: failed to sendtargets to portal ${v.portal} output: iscsiadm: Could not read iface info for 10.1.2.2. Make sure a iface config with the file name and iface.iscsi_ifacename 10.1.2.2 is in /var/lib/iscsi/ifaces.\n, err exit status 6`;
// https://github.com/k3s-io/k3s/issues/11708
const dropped = (v: Pick<JivaVolume, 'pvName'>) =>
  `MountVolume.WaitForAttach failed for volume "${v.pvName}" : failed to get any path for iscsi disk, last err seen:\niscsi: failed to attach disk: Error: iscsiadm: read error (0/2), daemon died?\niscsiadm: initiator reported error (18 - could not communicate to iscsid)\niscsiadm: Could not log into all portals`;

describe('initiator-misconfigured', () => {
  it('wins when iscsiadm reports a configuration problem of its own', () => {
    const s = stuckOnJiva({ failedMount: noIface, controllerNode: 'k8s01' });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'initiator-misconfigured', verdict: 'likely' });
  });

  it('wins for "Invalid Initiatorname", which iscsiadm reports as a failed SendTargets discovery (not a network failure)', () => {
    // https://github.com/hpe-storage/csi-driver/issues/235: fixed by writing /etc/iscsi/initiatorname.iscsi and restarting iscsid.
    const invalidName = (v: JivaVolume) =>
      `MountVolume.WaitForAttach failed for volume "${v.pvName}" : failed to get any path for iscsi disk, last err seen:\niscsi: failed to sendtargets to portal ${v.portal} output: iscsiadm: Cannot perform discovery. Invalid Initiatorname.\niscsiadm: Could not perform SendTargets discovery: invalid parameter\n, err exit status 7`;
    const s = stuckOnJiva({ failedMount: invalidName, controllerNode: 'k8s01' });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'initiator-misconfigured', verdict: 'likely' });
    // Not a connection-class failure: the data-path hypotheses see no symptom.
    expect(d.hypotheses.some((h) => h.id === 'hairpin-colocation' || h.id === 'target-not-ready')).toBe(false);
  });

  it('outranks iscsid-not-running for a dropped exchange on a containerized kubelet (RKE1)', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('rke01', { annotations: { 'rke.cattle.io/external-ip': '192.168.1.30' } });
    const portal = '192.168.40.6:3260';
    const iqn = 'iqn.2004-04.com.qnap:ts-420:iscsi.mariadb.d8e754';
    const { pv } = c.boundClaim('prod/data', { source: { iscsi: { targetPortal: portal, iqn } } });
    const app = c.deployment('prod/db', { image: 'mariadb:11', node: 'rke01', state: waiting('ContainerCreating'), podCreated: '-20m', volumes: [pvcVolume('data', 'data')] });
    c.event({ on: app.pod, reason: 'FailedMount', message: dropped({ pvName: pv.metadata.name }), count: 6, first: '-15m', last: '-1m' });
    const d = diagnosisOf(c.objects(), NOW, `prod/${app.pod.metadata.name}`);
    expect(d.hypotheses[0]).toMatchObject({ id: 'initiator-misconfigured', verdict: 'likely' });
    expect(d.hypotheses[0]?.evidenceFor.map((e) => e.text).join('\n')).toMatch(/runs rke/);
    expect(d.hypotheses.find((h) => h.id === 'iscsid-not-running')?.verdict).toBe('possible');
  });

  it('is ruled out when the missing initiator name comes from iscsid not running', () => {
    const s = stuckOnJiva({ failedMount: (v) => `MountVolume.WaitForAttach failed for volume "${v.pvName}" : iscsi: failed to sendtargets to portal ${v.portal} output: iscsiadm: can not connect to iSCSI daemon (111)!\niscsiadm: Cannot perform discovery. Initiatorname required.\n, err exit status 20` });
    expect(initiatorMisconfigured.assess(contextOf(s.objects, NOW, s.pod))?.verdict).toBe('ruled-out');
  });
});
