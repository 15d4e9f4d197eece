import { describe, expect, it } from 'vitest';
import { ClusterBuilder, unscheduled, waiting } from '../../test/support/cluster-builder.ts';
import { NOW } from '../../test/support/scenarios.ts';
import { modelOf } from '../../test/support/state.ts';
import { stuckPod } from './stuck-pod.ts';

describe('stuck-pod', () => {
  it('flags a pod in ContainerCreating past the threshold, not one that just started, nor one failing for another reason', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('n1');
    c.deployment('media/slow', { image: 'x', node: 'n1', state: waiting('ContainerCreating'), podCreated: '-27m' });
    c.deployment('media/fresh', { image: 'x', node: 'n1', state: waiting('ContainerCreating'), podCreated: '-2m' });
    c.deployment('media/pull', { image: 'x', node: 'n1', state: waiting('ImagePullBackOff'), podCreated: '-40m' });
    const findings = stuckPod.run(modelOf(c.objects(), NOW));
    expect(findings.map((f) => [f.subject.name.split('-')[0], f.severity, f.node])).toEqual([['slow', 'high', 'n1']]);
    expect(findings[0]?.related).toEqual([expect.objectContaining({ kind: 'Deployment', name: 'slow' })]);
  });

  it('flags a pod left unscheduled past the threshold as a warning, with the scheduler\'s reason', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('n1');
    c.deployment('media/big', { image: 'x', state: unscheduled(), podCreated: '-20m' });
    c.deployment('media/new', { image: 'x', state: unscheduled(), podCreated: '-1m' });
    const findings = stuckPod.run(modelOf(c.objects(), NOW));
    expect(findings.map((f) => [f.subject.name.split('-')[0], f.severity])).toEqual([['big', 'warning']]);
    expect(findings[0]?.summary).toContain('Insufficient cpu');
  });
});
