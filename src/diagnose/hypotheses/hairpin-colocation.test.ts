import { describe, expect, it } from 'vitest';
import { NOW, stuckOnJiva } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { hairpinColocation } from './hairpin-colocation.ts';

function assess(opts: Parameters<typeof stuckOnJiva>[0]) {
  const s = stuckOnJiva(opts);
  return { s, a: hairpinColocation.assess(contextOf(s.objects, NOW, s.pod)) };
}

describe('hairpin-colocation', () => {
  it('is likely, never confirmed without a probe, when the ready target runs on the consumer node', () => {
    const { s, a } = assess({ consumerNode: 'k8s03', controllerNode: 'k8s03' });
    expect(a?.verdict).toBe('likely');
    const ctrl = s.volume.controllerPod.metadata;
    expect(a?.evidenceFor.some((e) => e.ref?.uid === ctrl.uid)).toBe(true);
    expect(a?.evidenceAgainst.some((e) => e.kind === 'gap')).toBe(true);
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]?.id).toBe('hairpin-colocation');
  });

  it('is ruled out when the target runs on another node', () => {
    const { s, a } = assess({ consumerNode: 'k8s03', controllerNode: 'k8s01' });
    expect(a?.verdict).toBe('ruled-out');
    expect(a?.evidenceAgainst.some((e) => e.ref?.uid === s.volume.controllerPod.metadata.uid && e.text.includes('k8s01'))).toBe(true);
  });

  it('is only possible when the co-located target is not ready (target-not-ready explains it alone)', () => {
    const { a } = assess({ targetReady: false });
    expect(a?.verdict).toBe('possible');
  });

  it('drops to possible when a later event shows the node reached the target', () => {
    const { a } = assess({
      extra: (c, v, app) => {
        c.event({ on: app.pod, reason: 'FailedMount', message: `MountVolume.MountDevice failed for volume "${v.pvName}" : 'fsck' found errors on device /dev/sdb but could not correct them: fsck from util-linux 2.37.2`, last: '-20s' });
      },
    });
    expect(a?.verdict).toBe('possible');
  });

  it('does not apply without a connection-class failure', () => {
    const { a } = assess({ failedMount: () => 'MountVolume.SetUp failed for volume "creds" : secret "db" not found' });
    expect(a).toBeUndefined();
  });

  it('says "one of N backends", not "the only backend", when the Service also has a remote backend', () => {
    const s = stuckOnJiva({
      extra: (c) => {
        // A second controller-labelled pod on k8s01 that the Service selector also matches.
        c.pod('openebs/second-target', { node: 'k8s01', labels: {}, image: 'openebs/jiva:2.12.2' });
      },
    });
    const second = s.objects.find((o) => o.metadata.name === 'second-target');
    if (second === undefined) throw new Error('setup');
    second.metadata.labels = { ...s.volume.controllerPod.metadata.labels };
    const ctx = contextOf(s.objects, NOW, s.pod);
    const a = hairpinColocation.assess(ctx);
    if (a === undefined) throw new Error('expected an assessment');
    expect(a.verdict).toBe('likely');
    expect(a.score).toBeLessThan(0.85);
    const chain = hairpinColocation.explain?.(ctx, a) ?? [];
    expect(chain.map((c) => c.answer).join(' ')).toContain('one of 2 backends');
  });
});
