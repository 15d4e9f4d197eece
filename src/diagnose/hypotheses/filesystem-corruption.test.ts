import { describe, expect, it } from 'vitest';
import { NOW, stuckOnJiva } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { filesystemCorruption } from './filesystem-corruption.ts';

const fsck = (pv: string): string =>
  `MountVolume.MountDevice failed for volume "${pv}" : 'fsck' found errors on device /dev/disk/by-path/ip-10.152.183.62:3260-iscsi-iqn.2016-09.com.openebs.jiva:${pv}-lun-0 but could not correct them: fsck from util-linux 2.37.2\n/dev/sdb: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.`;

describe('filesystem-corruption', () => {
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
