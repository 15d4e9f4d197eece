import { describe, expect, it } from 'vitest';
import { ClusterBuilder, nfsVolume, pvcVolume, waiting } from '../../../test/support/cluster-builder.ts';
import { NOW, stuckOnJiva } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { initiatorMissing } from './initiator-missing.ts';

// https://github.com/siderolabs/extensions/issues/490 (Talos 1.8 slim kubelet)
const waitForAttachNotFound = (pv: string) => `MountVolume.WaitForAttach failed for volume "${pv}" : executable file not found in $PATH`;
// https://github.com/rancher/rancher/issues/9885 (older kubelets: SetUp)
const SETUP_NOT_FOUND = 'MountVolume.SetUp failed for volume "data" : executable file not found in $PATH';

/** An in-tree NFS consumer with the given FailedMount text. */
function nfsConsumer(message: string) {
  const c = new ClusterBuilder({ now: NOW });
  c.node('k8s01');
  const app = c.deployment('prod/web', { image: 'nginx:1', node: 'k8s01', state: waiting('ContainerCreating'), podCreated: '-20m', volumes: [nfsVolume('data', '192.168.1.50', '/exports/web')] });
  c.event({ on: app.pod, reason: 'FailedMount', message, count: 5, first: '-15m', last: '-1m' });
  return { objects: c.objects(), pod: `prod/${app.pod.metadata.name}` };
}

describe('initiator-missing', () => {
  it('wins on an in-tree iSCSI WaitForAttach, which runs nothing but iscsiadm', () => {
    const s = stuckOnJiva({ failedMount: (v) => waitForAttachNotFound(v.pvName) });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'initiator-missing', verdict: 'likely' });
    expect(d.hypotheses.find((h) => h.id === 'mount-helper-missing')?.verdict).toBe('ruled-out');
  });

  it('mentions the containerized kubelet of Talos', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('talos01', { osImage: 'Talos (v1.8.1)' });
    const { pv } = c.boundClaim('prod/data', { source: { iscsi: { targetPortal: '192.168.1.60:3260', iqn: 'iqn.2004-04.com.qnap:ts-420:iscsi.data' } } });
    const app = c.deployment('prod/db', { image: 'postgres:16', node: 'talos01', state: waiting('ContainerCreating'), podCreated: '-20m', volumes: [pvcVolume('data', 'data')] });
    c.event({ on: app.pod, reason: 'FailedMount', message: waitForAttachNotFound(pv.metadata.name), count: 10, first: '-15m', last: '-1m' });
    const a = initiatorMissing.assess(contextOf(c.objects(), NOW, `prod/${app.pod.metadata.name}`));
    expect(a?.evidenceFor.map((e) => e.text).join('\n')).toMatch(/runs talos \(osImage Talos \(v1\.8\.1\)\), whose kubelet runs from an image/);
    expect(a?.nextSteps.join('\n')).toMatch(/iscsi-tools/);
  });

  it('is confirmed when the message names iscsiadm', () => {
    const s = stuckOnJiva({ failedMount: (v) => `MountVolume.WaitForAttach failed for volume "${v.pvName}" : exec: "iscsiadm": executable file not found in $PATH` });
    expect(initiatorMissing.assess(contextOf(s.objects, NOW, s.pod))?.verdict).toBe('confirmed');
  });

  it('separates the same SetUp text by protocol: iSCSI points at iscsiadm, NFS at a mount helper', () => {
    const iscsi = stuckOnJiva({ failedMount: () => SETUP_NOT_FOUND.replace('"data"', '"config"') });
    expect(diagnosisOf(iscsi.objects, NOW, iscsi.pod).hypotheses[0]?.id).toBe('initiator-missing');
    const nfs = nfsConsumer(SETUP_NOT_FOUND);
    const d = diagnosisOf(nfs.objects, NOW, nfs.pod);
    expect(d.hypotheses[0]?.id).toBe('mount-helper-missing');
    expect(d.hypotheses.find((h) => h.id === 'initiator-missing')?.verdict).toBe('ruled-out');
  });

  it('is ruled out when the message names a filesystem helper', () => {
    const s = stuckOnJiva({ failedMount: (v) => `MountVolume.MountDevice failed for volume "${v.pvName}" : exec: "fsck.ext4": executable file not found in $PATH` });
    expect(initiatorMissing.assess(contextOf(s.objects, NOW, s.pod))?.verdict).toBe('ruled-out');
  });

  it('does not apply without a missing-executable message', () => {
    const s = stuckOnJiva();
    expect(initiatorMissing.assess(contextOf(s.objects, NOW, s.pod))).toBeUndefined();
  });

  it('names what it could not read when the PersistentVolume is missing from the snapshot', () => {
    const s = stuckOnJiva({ failedMount: (v) => waitForAttachNotFound(v.pvName) });
    const withoutPvs = s.objects.filter((o) => o.kind !== 'PersistentVolume');
    const a = initiatorMissing.assess(contextOf(withoutPvs, NOW, s.pod));
    expect(a?.verdict).toBe('possible');
    expect(a?.evidenceAgainst.some((e) => e.kind === 'gap' && /could not be read/.test(e.text))).toBe(true);
  });
});
