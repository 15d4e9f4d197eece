import { describe, expect, it } from 'vitest';
import { NOW, stuckOnJiva, type StuckOnJivaOptions } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { nodeNotReady } from './node-not-ready.ts';

function run(opts: StuckOnJivaOptions) {
  const s = stuckOnJiva({ controllerNode: 'k8s01', ...opts });
  return { a: nodeNotReady.assess(contextOf(s.objects, NOW, s.pod)), d: diagnosisOf(s.objects, NOW, s.pod) };
}

describe('node-not-ready', () => {
  it('wins over the storage causes when the consumer\'s node stopped reporting before the last mount error', () => {
    // The kubelet's last FailedMount is from before the node went silent: the mount errors are history.
    const { a, d } = run({ nodes: { k8s03: { ready: 'Unknown', heartbeat: '-12m' } }, failedMountLast: '-13m' });
    expect(a?.verdict).toBe('confirmed');
    expect(a?.evidenceFor.some((e) => e.text.includes('node.kubernetes.io/unreachable'))).toBe(true);
    expect(d.hypotheses[0]?.id).toBe('node-not-ready');
  });

  it('does not steal the top spot when the kubelet still reports mount errors after the node turned NotReady', () => {
    const { a, d } = run({ consumerNode: 'k8s03', controllerNode: 'k8s03', nodes: { k8s03: { ready: 'Unknown', heartbeat: '-12m' } }, failedMountLast: '-1m' });
    expect(a?.verdict).toBe('possible');
    expect(a?.evidenceAgainst.some((e) => e.kind === 'event' && /still reported/.test(e.text))).toBe(true);
    expect(d.hypotheses[0]?.id).toBe('hairpin-colocation');
  });

  it('is likely for Ready=False with a fresh heartbeat (kubelet up, runtime or CNI not ready)', () => {
    const { a } = run({ nodes: { k8s03: { ready: false } }, failedMountLast: '-30m' });
    expect(a?.verdict).toBe('likely');
    expect(a?.evidenceFor[0]?.text).toContain('cni plugin not initialized');
  });

  it('is possible when the node says Ready but its heartbeat is stale', () => {
    const { a } = run({ nodes: { k8s03: { heartbeat: '-25m' } } });
    expect(a?.verdict).toBe('possible');
  });

  it('is ruled out for a Ready node that reports on time', () => {
    const { a } = run({});
    expect(a?.verdict).toBe('ruled-out');
  });
});
