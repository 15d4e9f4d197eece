import { describe, expect, it } from 'vitest';
import { NOW, stuckOnJiva } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { targetNotReady } from './target-not-ready.ts';

describe('target-not-ready', () => {
  it('wins when the controller pod is gone', () => {
    const s = stuckOnJiva({ deleteController: true });
    const a = targetNotReady.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('likely');
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]?.id).toBe('target-not-ready');
    expect(d.hypotheses.find((h) => h.id === 'hairpin-colocation')?.verdict).toBe('ruled-out');
  });

  it('wins when the controller is not ready, wherever it runs', () => {
    const s = stuckOnJiva({ controllerNode: 'k8s03', controllerReady: false });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'target-not-ready', verdict: 'likely' });
  });

  it('is ruled out when the controller is Ready, not restarted, and listed in the endpoints', () => {
    const s = stuckOnJiva();
    const a = targetNotReady.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('ruled-out');
    expect(a?.evidenceAgainst.some((e) => e.ref?.uid === s.volume.controllerPod.metadata.uid && e.text.includes('Ready, 0 restarts'))).toBe(true);
  });

  it('is possible when the controller restarted around the time the errors began', () => {
    const s = stuckOnJiva({ controllerNode: 'k8s01' });
    // Restart the controller 24 minutes ago: after the first FailedMount (25m ago).
    const objects = s.objects.map((o) => {
      if (o.metadata.uid !== s.volume.controllerPod.metadata.uid) return o;
      const copy = structuredClone(o) as typeof o & { status: { containerStatuses: { restartCount: number; state: { running: { startedAt: string } }; lastState: unknown }[] } };
      for (const cs of copy.status.containerStatuses) {
        cs.restartCount = 1;
        cs.state = { running: { startedAt: '2026-03-30T09:08:00Z' } };
        cs.lastState = { terminated: { reason: 'Error', exitCode: 1, startedAt: '2026-03-30T03:00:00Z', finishedAt: '2026-03-30T09:07:50Z' } };
      }
      return copy;
    });
    const a = targetNotReady.assess(contextOf(objects, NOW, s.pod));
    expect(a?.verdict).toBe('possible');
  });
});
