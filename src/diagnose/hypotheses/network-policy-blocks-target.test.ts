import { describe, expect, it } from 'vitest';
import { NOW, nfsMountFailure, stuckOnJiva, stuckOnNfs, type StuckOnJivaOptions } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import type { ClusterBuilder } from '../../../test/support/cluster-builder.ts';
import { networkPolicyBlocksTarget } from './network-policy-blocks-target.ts';

const denyAll = (c: ClusterBuilder) => {
  c.networkPolicy('openebs/default-deny', { podSelector: {}, policyTypes: ['Ingress'] });
};

function run(opts: StuckOnJivaOptions) {
  const s = stuckOnJiva(opts);
  return { s, a: networkPolicyBlocksTarget.assess(contextOf(s.objects, NOW, s.pod)), d: diagnosisOf(s.objects, NOW, s.pod) };
}

describe('network-policy-blocks-target', () => {
  it('wins when a default-deny policy isolates a target on another node', () => {
    const { s, a, d } = run({ consumerNode: 'k8s03', controllerNode: 'k8s01', extra: denyAll });
    expect(a?.verdict).toBe('likely');
    expect(a?.evidenceFor.some((e) => e.ref?.kind === 'NetworkPolicy' && e.ref.name === 'default-deny')).toBe(true);
    expect(a?.evidenceAgainst.some((e) => e.kind === 'gap' && /CNI/.test(e.text))).toBe(true);
    expect(d.hypotheses[0]).toMatchObject({ id: 'network-policy-blocks-target', verdict: 'likely' });
    expect(d.hypotheses.find((h) => h.id === 'hairpin-colocation')?.verdict).toBe('ruled-out');
    expect(a?.summary).toContain(s.volume.controllerPod.metadata.name);
  });

  it('is ruled out when an ipBlock admits the node subnet on the iSCSI port', () => {
    const { a } = run({
      consumerNode: 'k8s03',
      controllerNode: 'k8s01',
      extra: (c) => {
        denyAll(c);
        c.networkPolicy('openebs/allow-nodes', { podSelector: { matchLabels: { 'openebs.io/controller': 'jiva-controller' } }, ingress: [{ from: [{ ipBlock: { cidr: '192.168.1.0/24' } }], ports: [{ port: 3260 }] }] });
      },
    });
    expect(a?.verdict).toBe('ruled-out');
    expect(a?.evidenceAgainst.some((e) => e.ref?.name === 'allow-nodes')).toBe(true);
  });

  it('is still blocked when the only admitted sources are pod and namespace selectors', () => {
    const { a } = run({
      consumerNode: 'k8s03',
      controllerNode: 'k8s01',
      extra: (c) => {
        c.networkPolicy('openebs/allow-media', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'media' } } }] }] });
      },
    });
    expect(a?.verdict).toBe('likely');
  });

  it('is ruled out when no policy selects the target (policies read, none selecting)', () => {
    const { a } = run({
      consumerNode: 'k8s03',
      controllerNode: 'k8s01',
      extra: (c) => {
        c.networkPolicy('media/deny-media', { podSelector: {}, policyTypes: ['Ingress'] });
      },
    });
    expect(a?.verdict).toBe('ruled-out');
    expect(a?.summary).toMatch(/No NetworkPolicy selects/);
  });

  it('cannot tell when the snapshot holds no NetworkPolicy at all and its coverage is unknown', () => {
    const { a, d } = run({ consumerNode: 'k8s03', controllerNode: 'k8s01' });
    expect(a?.verdict).toBe('possible');
    expect(d.missingData.find((m) => m.kind === 'NetworkPolicy')?.neededBy).toContain('network-policy-blocks-target');
    expect(d.hypotheses.find((h) => h.id === 'network-policy-blocks-target')?.evidenceAgainst.some((e) => e.kind === 'gap')).toBe(true);
  });

  it('is ruled out on the target\'s own node, whatever the policies say (traffic from the local node is always allowed)', () => {
    const { a, d } = run({ consumerNode: 'k8s03', controllerNode: 'k8s03', extra: denyAll });
    expect(a?.verdict).toBe('ruled-out');
    expect(d.hypotheses[0]?.id).toBe('hairpin-colocation');
  });
});

describe('network-policy-blocks-target on an in-cluster NFS server (named ports)', () => {
  function nfsBehind(ports: unknown[]) {
    const s = stuckOnNfs({
      failedMount: (server) => nfsMountFailure('app-data-nfs', server, 'mount.nfs: Connection timed out'),
      extra: (c) => {
        c.networkPolicy('storage/nfs-clients', { podSelector: { matchLabels: { app: 'nfs-server' } }, ingress: [{ from: [{ ipBlock: { cidr: '192.168.1.0/24' } }], ports }] });
      },
    });
    return networkPolicyBlocksTarget.assess(contextOf(s.objects, NOW, s.pod));
  }
  it('resolves the Service port to the container port name the policy uses', () => {
    expect(nfsBehind([{ port: 'nfs' }])?.verdict).toBe('ruled-out');
    expect(nfsBehind([{ port: 2049 }])?.verdict).toBe('ruled-out');
  });
  it('blocks when the policy only opens other ports', () => {
    const a = nfsBehind([{ port: 'mountd' }, { port: 111 }]);
    expect(a?.verdict).toBe('likely');
    expect(a?.summary).toContain('port 2049');
  });
});

describe('the same "Login I/O error, failed to receive a PDU" message, three different causes', () => {
  // Each case keeps the seed's exact FailedMount text; only the structure around it changes.
  it('target on the consumer node, ready: hairpin-colocation', () => {
    expect(run({ consumerNode: 'k8s03', controllerNode: 'k8s03' }).d.hypotheses[0]?.id).toBe('hairpin-colocation');
  });
  it('target on another node behind a deny-all policy: network-policy-blocks-target', () => {
    expect(run({ consumerNode: 'k8s03', controllerNode: 'k8s02', extra: denyAll }).d.hypotheses[0]?.id).toBe('network-policy-blocks-target');
  });
  it('target pod gone, same policy in place: target-not-ready', () => {
    const { d } = run({ consumerNode: 'k8s03', controllerNode: 'k8s02', deleteController: true, extra: denyAll });
    expect(d.hypotheses[0]?.id).toBe('target-not-ready');
  });
});
