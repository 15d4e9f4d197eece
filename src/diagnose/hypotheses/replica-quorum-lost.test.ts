import { describe, expect, it } from 'vitest';
import { NOW, stuckOnJiva } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { replicaQuorumLost, quorumOf } from './replica-quorum-lost.ts';

describe('replica-quorum-lost', () => {
  it('computes the Jiva quorum as more than half', () => {
    expect([1, 2, 3, 4, 5].map(quorumOf)).toEqual([1, 2, 2, 3, 3]);
  });

  it('wins with two of three replicas down, even with the target co-located', () => {
    const s = stuckOnJiva({ downReplicas: [0, 1] });
    const a = replicaQuorumLost.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('likely');
    expect(a?.summary).toContain('1 of 3');
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]?.id).toBe('replica-quorum-lost');
  });

  it('takes mount\'s "is write-protected" as the target serving read-only, and wins when quorum is lost', () => {
    // https://github.com/openebs/openebs/issues/2737: "mount: cannot remount …-lun-0 read-write, is write-protected".
    const writeProtected = (v: { pvName: string; portal: string }) =>
      `MountVolume.SetUp failed for volume "${v.pvName}" : mount failed: exit status 32\nMounting command: mount\nMounting arguments: -o remount,bind /var/lib/kubelet/plugins/kubernetes.io/iscsi/iface-default/${v.portal}-iqn.2016-09.com.openebs.jiva:${v.pvName}-lun-0 /var/lib/kubelet/pods/0c6b/volumes/kubernetes.io~iscsi/${v.pvName}\nOutput: mount: cannot remount /dev/sdb read-write, is write-protected\n`;
    const s = stuckOnJiva({ downReplicas: [0, 1], controllerNode: 'k8s01', failedMount: writeProtected });
    const a = replicaQuorumLost.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('likely');
    expect(diagnosisOf(s.objects, NOW, s.pod).hypotheses[0]?.id).toBe('replica-quorum-lost');
    // The same text with every replica ready: the quorum explanation is ruled out, not assumed.
    const healthy = stuckOnJiva({ controllerNode: 'k8s01', failedMount: writeProtected });
    expect(replicaQuorumLost.assess(contextOf(healthy.objects, NOW, healthy.pod))?.verdict).toBe('ruled-out');
  });

  it('takes the CSI driver\'s "Replicas yet to connect to controller" as a quorum symptom and judges the replicas', () => {
    // https://github.com/openebs-archive/cstor-operators/issues/410; the jiva-operator docs list the same text for Jiva CSI volumes.
    const notReady = (v: { pvName: string }) => `MountVolume.MountDevice failed for volume "${v.pvName}" : rpc error: code = Internal desc = Volume ${v.pvName} is not ready: Replicas yet to connect to controller`;
    const lost = stuckOnJiva({ downReplicas: [0, 1], failedMount: notReady });
    expect(replicaQuorumLost.assess(contextOf(lost.objects, NOW, lost.pod))?.verdict).toBe('likely');
    // Same text, every replica ready: the replica count contradicts it.
    const healthy = stuckOnJiva({ failedMount: notReady });
    expect(replicaQuorumLost.assess(contextOf(healthy.objects, NOW, healthy.pod))?.verdict).toBe('ruled-out');
  });

  it('is possible, not a cause, when one of three is down and quorum holds', () => {
    const s = stuckOnJiva({ downReplicas: [2], controllerNode: 'k8s01' });
    expect(replicaQuorumLost.assess(contextOf(s.objects, NOW, s.pod))?.verdict).toBe('possible');
  });

  it('is ruled out when every replica is ready', () => {
    const s = stuckOnJiva();
    const a = replicaQuorumLost.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('ruled-out');
    expect(a?.evidenceAgainst).toHaveLength(3);
  });
});
