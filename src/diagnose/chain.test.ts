import { describe, expect, it } from 'vitest';
import { stuckOnCsi } from '../../test/support/node-scenarios.ts';
import { NOW } from '../../test/support/scenarios.ts';
import { contextOf } from '../../test/support/state.ts';
import { buildChain } from './chain.ts';

function volumeAnswer(reason: string, message: (pv: string) => string): { answer: string; pvName: string } {
  const s = stuckOnCsi({ reason, message });
  const steps = buildChain(contextOf(s.objects, NOW, s.pod), undefined, ['nothing']);
  const step = steps.find((x) => x.question === 'How did the container fail to start?');
  return { answer: step?.answer ?? '', pvName: s.pvName };
}

describe('buildChain: the volume step', () => {
  it('makes the volume the subject of an attach failure, named once', () => {
    // https://github.com/longhorn/longhorn/issues/2319: "AttachVolume.Attach failed for volume … : attachdetachment timeout for volume …"
    const { answer, pvName } = volumeAnswer('FailedAttachVolume', (pv) => `AttachVolume.Attach failed for volume "${pv}" : attachdetachment timeout for volume ${pv}`);
    expect(answer).toMatch(new RegExp(`^Volume "data" \\(claim prod/data, PV ${pvName}\\) could not be attached: 8 FailedAttachVolume occurrence\\(s\\)`));
    expect(answer).not.toMatch(/attached volume/);
  });

  it('makes the kubelet the subject of a mount failure', () => {
    // https://github.com/openebs-archive/cstor-operators/issues/410
    const { answer, pvName } = volumeAnswer('FailedMount', (pv) => `MountVolume.MountDevice failed for volume "${pv}" : rpc error: code = Internal desc = Volume ${pv} is not ready: Replicas yet to connect to controller`);
    expect(answer).toMatch(new RegExp(`^The kubelet could not mount volume "data" \\(claim prod/data, PV ${pvName}\\): 8 FailedMount occurrence\\(s\\)`));
  });
});
