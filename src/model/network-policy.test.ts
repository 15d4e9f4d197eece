import { describe, expect, it } from 'vitest';
import type { NetworkPolicy, Pod } from '../kube/types.ts';
import { hostIngressVerdict, isolatesIngress, policiesSelecting, type TargetPort } from './network-policy.ts';

const target: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ctrl', namespace: 'openebs', labels: { app: 'jiva', 'openebs.io/persistent-volume': 'pvc-1' } } };
const ISCSI: TargetPort = { number: 3260, name: 'iscsi' };
const NODE = ['192.168.1.12'];

function policy(spec: NonNullable<NetworkPolicy['spec']>, namespace = 'openebs', name = 'p'): NetworkPolicy {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}
const admitted = (ps: NetworkPolicy[], sameNode = false, port = ISCSI, sources = NODE) => hostIngressVerdict(ps, target, port, sources, sameNode).admitted;

describe('NetworkPolicy evaluation for node → pod traffic', () => {
  it('admits everything when no policy selects the pod', () => {
    expect(admitted([])).toBe(true);
    expect(admitted([policy({ podSelector: { matchLabels: { app: 'other' } }, ingress: [] })])).toBe(true);
    expect(admitted([policy({ podSelector: {}, ingress: [] }, 'media')])).toBe(true); // another namespace
  });

  it('an empty ingress list denies all; an empty podSelector selects every pod of the namespace', () => {
    const v = hostIngressVerdict([policy({ podSelector: {}, policyTypes: ['Ingress'] })], target, ISCSI, NODE, false);
    expect(v.admitted).toBe(false);
    expect(v.selecting).toHaveLength(1);
  });

  it('a rule with no from and no ports ({}) admits everything', () => {
    expect(admitted([policy({ podSelector: {}, ingress: [{}] })])).toBe(true);
  });

  it('Egress-only policies do not isolate ingress; absent policyTypes always does', () => {
    expect(isolatesIngress(policy({ podSelector: {}, policyTypes: ['Egress'] }))).toBe(false);
    expect(isolatesIngress(policy({ podSelector: {}, egress: [{}] }))).toBe(true);
    expect(admitted([policy({ podSelector: {}, policyTypes: ['Egress'] })])).toBe(true);
  });

  it('always admits traffic from the pod\'s own node', () => {
    expect(admitted([policy({ podSelector: {}, ingress: [] })], true)).toBe(true);
  });

  it('pod and namespace selector peers do not match the kubelet in the host network namespace', () => {
    const ps = [policy({ podSelector: {}, ingress: [{ from: [{ podSelector: {} }, { namespaceSelector: {} }] }] })];
    const v = hostIngressVerdict(ps, target, ISCSI, NODE, false);
    expect(v.admitted).toBe(false);
    expect(v.reasons.join(' ')).toMatch(/selectors/);
  });

  it('an ipBlock admits the node address unless an except excludes it', () => {
    expect(admitted([policy({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '192.168.1.0/24' } }] }] })])).toBe(true);
    expect(admitted([policy({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '192.168.1.0/24', except: ['192.168.1.12/32'] } }] }] })])).toBe(false);
    expect(admitted([policy({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] })])).toBe(false);
    // A second candidate source address (an overlay tunnel address) is enough.
    expect(admitted([policy({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.1.0.0/16' } }] }] })], false, ISCSI, ['192.168.1.12', '10.1.2.1'])).toBe(true);
  });

  it('matches ports by number, by name, by range (endPort) and by protocol', () => {
    const on = (ports: NonNullable<NonNullable<NetworkPolicy['spec']>['ingress']>[number]['ports']) => admitted([policy({ podSelector: {}, ingress: [{ ports }] })]);
    expect(on([{ port: 3260 }])).toBe(true);
    expect(on([{ port: 9501 }])).toBe(false);
    expect(on([{ port: 'iscsi' }])).toBe(true);
    expect(on([{ port: 'api' }])).toBe(false);
    expect(on([{ port: '3260' }])).toBe(true);
    expect(on([{ port: 3000, endPort: 4000 }])).toBe(true);
    expect(on([{ port: 9500, endPort: 9600 }])).toBe(false);
    expect(on([{ port: 3260, protocol: 'UDP' }])).toBe(false);
    expect(on([{ protocol: 'TCP' }])).toBe(true);
    // A named policy port cannot match a target whose port has no name.
    expect(admitted([policy({ podSelector: {}, ingress: [{ ports: [{ port: 'iscsi' }] }] })], false, { number: 3260 })).toBe(false);
  });

  it('policies are additive: one admitting rule in any selecting policy is enough', () => {
    const deny = policy({ podSelector: {}, ingress: [] }, 'openebs', 'deny-all');
    const allow = policy({ podSelector: { matchLabels: { app: 'jiva' } }, ingress: [{ from: [{ ipBlock: { cidr: '192.168.1.0/24' } }], ports: [{ port: 3260 }] }] }, 'openebs', 'allow-iscsi');
    const v = hostIngressVerdict([deny, allow], target, ISCSI, NODE, false);
    expect(v.admitted).toBe(true);
    expect(v.admittedBy?.policy.metadata.name).toBe('allow-iscsi');
    expect(policiesSelecting([deny, allow], target)).toHaveLength(2);
  });

  it('reads matchExpressions in the policy podSelector', () => {
    const ps = [policy({ podSelector: { matchExpressions: [{ key: 'openebs.io/persistent-volume', operator: 'Exists' }] }, ingress: [] })];
    expect(admitted(ps)).toBe(false);
  });
});
