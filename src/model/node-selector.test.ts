import { describe, expect, it } from 'vitest';
import type { Node } from '../kube/types.ts';
import { describeTerms, nodeMatchesTerms, pvRequiredTerms, termMatches } from './node-selector.ts';

function node(name: string, labels: Record<string, string>): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } } };
}
const a = node('k8s01', { 'topology.kubernetes.io/zone': 'z1', 'example.com/disks': '4' });
const b = node('k8s02', { 'topology.kubernetes.io/zone': 'z2' });

describe('node selector terms (PV nodeAffinity)', () => {
  it('ANDs the requirements of a term and ORs the terms', () => {
    const both = { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['k8s01'] }, { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['z2'] }] };
    expect(termMatches(both, a)).toBe(false);
    const either = [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['k8s01'] }] }, { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['z2'] }] }];
    expect(nodeMatchesTerms(either, a)).toBe(true);
    expect(nodeMatchesTerms(either, b)).toBe(true);
  });

  it('supports NotIn, Exists, DoesNotExist, Gt, Lt and metadata.name fields', () => {
    expect(termMatches({ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'NotIn', values: ['z1'] }] }, b)).toBe(true);
    expect(termMatches({ matchExpressions: [{ key: 'example.com/disks', operator: 'Exists' }] }, b)).toBe(false);
    expect(termMatches({ matchExpressions: [{ key: 'example.com/disks', operator: 'DoesNotExist' }] }, b)).toBe(true);
    expect(termMatches({ matchExpressions: [{ key: 'example.com/disks', operator: 'Gt', values: ['3'] }] }, a)).toBe(true);
    expect(termMatches({ matchExpressions: [{ key: 'example.com/disks', operator: 'Lt', values: ['3'] }] }, a)).toBe(false);
    expect(termMatches({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['k8s02'] }] }, b)).toBe(true);
    expect(termMatches({ matchExpressions: [{ key: 'x', operator: 'Bogus' }] }, a)).toBe(false);
  });

  it('an empty term or an empty term list matches no node', () => {
    expect(termMatches({}, a)).toBe(false);
    expect(nodeMatchesTerms([], a)).toBe(false);
  });

  it('reads PV nodeAffinity and describes it', () => {
    const terms = pvRequiredTerms({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['k8s09'] }] }] } });
    expect(terms).toHaveLength(1);
    expect(describeTerms(terms ?? [])).toBe('kubernetes.io/hostname In [k8s09]');
    expect(pvRequiredTerms(undefined)).toBeUndefined();
    expect(pvRequiredTerms({})).toBeUndefined();
  });
});
