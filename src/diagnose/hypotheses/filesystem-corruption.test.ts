import { describe, expect, it } from 'vitest';
import { NOW, stuckOnJiva } from '../../../test/support/scenarios.ts';
import { stuckOnCsi } from '../../../test/support/node-scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { filesystemCorruption } from './filesystem-corruption.ts';

const fsck = (pv: string): string =>
  `MountVolume.MountDevice failed for volume "${pv}" : 'fsck' found errors on device /dev/disk/by-path/ip-10.152.183.62:3260-iscsi-iqn.2016-09.com.openebs.jiva:${pv}-lun-0 but could not correct them: fsck from util-linux 2.37.2\n/dev/sdb: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.`;

// util-linux's EBADMSG text as Longhorn relays it: https://github.com/longhorn/longhorn/issues/6607
const corrupted = (pv: string): string => {
  const gm = `/var/lib/kubelet/plugins/kubernetes.io/csi/driver.longhorn.io/${pv}/globalmount`;
  return `MountVolume.MountDevice failed for volume "${pv}" : rpc error: code = Internal desc = mount failed: exit status 32\nMounting command: mount\nMounting arguments: -t ext4 -o defaults /dev/longhorn/${pv} ${gm}\nOutput: mount: ${gm}: cannot mount; probably corrupted filesystem on /dev/longhorn/${pv}.\n`;
};

describe('filesystem-corruption', () => {
  it('is confirmed when the kernel refuses the current mount as a corrupted filesystem', () => {
    const s = stuckOnCsi({ driver: 'driver.longhorn.io', message: corrupted });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'filesystem-corruption', verdict: 'confirmed' });
    expect(d.hypotheses[0]?.summary).toMatch(/probably corrupted filesystem on \/dev\/longhorn\//);
  });

  it('leaves the deeper cause to lost replicas when the kernel reports corruption on a degraded volume', () => {
    const s = stuckOnJiva({ controllerNode: 'k8s01', downReplicas: [0, 1], failedMount: (v) => corrupted(v.pvName) });
    const a = filesystemCorruption.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('possible');
    expect(a?.evidenceAgainst.some((e) => /replica-quorum-lost/.test(e.text))).toBe(true);
  });

  it('is ruled out when the only corruption report is stale', () => {
    const s = stuckOnJiva({
      extra: (c, v) => {
        const gone = c.goneRef('Pod', 'media/app-546d649966-old01');
        c.event({ on: gone, reason: 'FailedMount', message: corrupted(v.pvName), source: { component: 'kubelet', host: 'k8s01' }, last: '-45m' });
      },
    });
    expect(filesystemCorruption.assess(contextOf(s.objects, NOW, s.pod))?.verdict).toBe('ruled-out');
  });

  it('is confirmed by a current fsck failure on this pod and node with healthy replicas', () => {
    const s = stuckOnJiva({ controllerNode: 'k8s01', failedMount: (v) => fsck(v.pvName) });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'filesystem-corruption', verdict: 'confirmed' });
  });

  it('beats the connection-class causes when fsck ran after the last PDU error (the node reached the target)', () => {
    const s = stuckOnJiva({
      extra: (c, v, app) => {
        c.event({ on: app.pod, reason: 'FailedMount', message: fsck(v.pvName), count: 2, first: '-50s', last: '-20s' });
      },
    });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]?.id).toBe('filesystem-corruption');
    expect(d.hypotheses.find((h) => h.id === 'hairpin-colocation')?.verdict).toBe('possible');
  });

  it('is ruled out when the only fsck event belongs to an earlier pod on another node', () => {
    const s = stuckOnJiva({
      extra: (c, v) => {
        const gone = c.goneRef('Pod', 'media/app-546d649966-old01');
        c.event({ on: gone, reason: 'FailedMount', message: fsck(v.pvName), source: { component: 'kubelet', host: 'k8s01' }, last: '-45m' });
      },
    });
    const a = filesystemCorruption.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('ruled-out');
    expect(a?.evidenceAgainst[0]?.stale?.why).toMatch(/earlier pod/);
    expect(a?.evidenceAgainst[0]?.stale?.why).toMatch(/reported by node k8s01/);
  });

  it('does not apply without any fsck event', () => {
    const s = stuckOnJiva();
    expect(filesystemCorruption.assess(contextOf(s.objects, NOW, s.pod))).toBeUndefined();
  });
});
