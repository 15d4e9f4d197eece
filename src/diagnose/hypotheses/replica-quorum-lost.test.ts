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
