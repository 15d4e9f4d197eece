import { describe, expect, it } from 'vitest';
import { ClusterBuilder, unscheduled, waiting } from '../../test/support/cluster-builder.ts';
import { NOW } from '../../test/support/scenarios.ts';
import { modelOf } from '../../test/support/state.ts';
import { stuckPod, stuckPodCheck } from './stuck-pod.ts';
import type { Pod } from '../kube/types.ts';

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

  it('flags a scheduled pod the kubelet never reported on (Pending, no container status) as stuck starting', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('n1');
    const { pod } = c.deployment('media/silent', { image: 'x', node: 'n1', state: waiting('ContainerCreating'), podCreated: '-12m' });
    const status = pod.status as Record<string, unknown>;
    delete status.containerStatuses;
    const findings = stuckPod.run(modelOf(c.objects(), NOW));
    expect(findings.map((f) => f.subject.name.split('-')[0])).toEqual(['silent']);
    expect(findings[0]?.summary).toContain('Pending with no container status reported on n1 for 12m');
  });

  it('takes its threshold per pod, so a namespace of big images can wait longer than the rest', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('n1');
    c.deployment('media/app', { image: 'x', node: 'n1', state: waiting('ContainerCreating'), podCreated: '-12m' });
    c.deployment('ml/trainer', { image: 'x', node: 'n1', state: waiting('ContainerCreating'), podCreated: '-12m' });
    const check = stuckPodCheck((pod: Pod) => (pod.metadata.namespace === 'ml' ? 30 * 60_000 : 5 * 60_000));
    expect(check.run(modelOf(c.objects(), NOW)).map((f) => f.subject.namespace)).toEqual(['media']);
  });
});
