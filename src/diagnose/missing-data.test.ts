import { describe, expect, it } from 'vitest';
import { NOW, stuckOnJiva } from '../../test/support/scenarios.ts';
import { stateOf } from '../../test/support/state.ts';
import { buildModel } from '../model/model.ts';
import type { ClusterState, SourceNote } from '../sources/types.ts';
import type { Pod } from '../kube/types.ts';
import { diagnose } from './diagnose.ts';
import type { Hypothesis } from './types.ts';

/** A hypothesis that needs NetworkPolicy and, on its own, would say `likely`. */
const needsPolicies: Hypothesis = {
  id: 'network-policy-blocks-target',
  title: 'test',
  needs: ['NetworkPolicy', 'Event'],
  reads: ['CSIDriver'],
  assess: () => ({ verdict: 'likely', score: 0.8, summary: 's', evidenceFor: [], evidenceAgainst: [], nextSteps: [] }),
};
const ruledOut: Hypothesis = { ...needsPolicies, id: 'portal-stale', assess: () => ({ verdict: 'ruled-out', score: 0, summary: 'r', evidenceFor: [], evidenceAgainst: [], nextSteps: [] }) };
const silent: Hypothesis = { ...needsPolicies, id: 'multi-attach', assess: () => undefined };

function run(adjust: (s: ClusterState) => ClusterState, withPolicy = false) {
  const s = stuckOnJiva({ controllerNode: 'k8s01', extra: withPolicy ? (c) => { c.networkPolicy('openebs/allow-all', { ingress: [{}] }); } : undefined });
  const model = buildModel(adjust(stateOf(s.objects, NOW)));
  const [ns, name] = s.pod.split('/');
  return diagnose(model, model.pod(ns ?? '', name ?? '') as Pod, { hypotheses: [needsPolicies, ruledOut, silent] });
}
const forbidden: SourceNote = { kind: 'forbidden', resource: 'NetworkPolicy', message: 'networkpolicies is forbidden' };

describe('missing data, from each hypothesis’s needs', () => {
  it('a kind absent from a snapshot of unknown coverage: cannot tell, capped at possible, listed', () => {
    const d = run((s) => s);
    const h = d.hypotheses.find((x) => x.id === 'network-policy-blocks-target');
    expect(h?.verdict).toBe('possible');
    expect(h?.evidenceAgainst.some((e) => e.kind === 'gap' && e.text.includes('NetworkPolicy'))).toBe(true);
    expect(d.missingData).toEqual([expect.objectContaining({ kind: 'NetworkPolicy', reason: 'not-in-snapshot', neededBy: ['network-policy-blocks-target'] })]);
  });

  it('a kind the source listed and found empty is read: no gap, no cap', () => {
    const d = run((s) => ({ ...s, kindsRead: new Set([...s.objects.keys(), 'NetworkPolicy']) }));
    expect(d.hypotheses.find((x) => x.id === 'network-policy-blocks-target')?.verdict).toBe('likely');
    expect(d.missingData).toEqual([]);
  });

  it('a kind the source knows it did not collect is missing', () => {
    const d = run((s) => ({ ...s, kindsRead: new Set(s.objects.keys()) }));
    expect(d.missingData[0]).toMatchObject({ kind: 'NetworkPolicy', reason: 'not-collected' });
    expect(d.hypotheses.find((x) => x.id === 'network-policy-blocks-target')?.verdict).toBe('possible');
  });

  it('a forbidden kind is missing even when some objects were read', () => {
    const d = run((s) => ({ ...s, notes: [forbidden] }), true);
    expect(d.missingData[0]).toMatchObject({ kind: 'NetworkPolicy', reason: 'forbidden' });
    expect(d.hypotheses.find((x) => x.id === 'network-policy-blocks-target')?.verdict).toBe('possible');
  });

  it('objects present in a snapshot of unknown coverage make the kind read', () => {
    const d = run((s) => s, true);
    expect(d.missingData).toEqual([]);
  });

  it('never lifts or annotates a ruled-out hypothesis, and ignores kinds a hypothesis only reads', () => {
    const d = run((s) => s);
    const r = d.hypotheses.find((x) => x.id === 'portal-stale');
    expect(r?.verdict).toBe('ruled-out');
    expect(r?.evidenceAgainst).toEqual([]);
    expect(d.missingData.some((m) => m.kind === 'CSIDriver')).toBe(false);
  });

  it('a missing Event kind is reported for every hypothesis that needs events, applicable or not', () => {
    const d = run((s) => ({ ...s, notes: [{ kind: 'forbidden', resource: 'Event', message: 'events is forbidden' }] }));
    expect(d.missingData.find((m) => m.kind === 'Event')?.neededBy).toEqual(['network-policy-blocks-target', 'multi-attach']);
  });
});
