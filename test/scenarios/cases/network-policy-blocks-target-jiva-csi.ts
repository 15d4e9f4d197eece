import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiDriver, csiIscsiFailure, custom, failedMount, jivaCsiVolume, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2026-09-06T12:30:00Z';
const NODES = ['cp-1', 'worker-1', 'worker-2', 'worker-3'];

export const scenario: Scenario = {
  id: 'network-policy-blocks-target-jiva-csi',
  title: 'A default-deny ingress policy in the openebs namespace silently drops the nodes\' iSCSI connections',
  source: {
    url: 'https://github.com/utkuozdemir/pv-migrate/pull/484',
    summary: '"In a namespace isolated with network policies, every network strategy then failed with a connection timeout, and nothing in the output pointed at network policy. This was the most common cause of \\"all strategies failed\\" reports."',
    rootCause: 'A NetworkPolicy selecting the serving pods admits no traffic from the clients, so connections time out; the fix creates policies that admit the traffic.',
    filledIn: 'Applied to Jiva CSI: a hardening change added `default-deny-ingress` (podSelector {}, Ingress) to the openebs namespace on a kubeadm + Calico cluster; Calico enforces it for host-originated traffic to the controller pod, so iscsiadm on worker-1 times out on port 3260. Controller and replicas healthy on other nodes.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'wiki/bookstack-6f4d8c9b7-j5ptm',
  messageGroup: 'iscsi-connect-timeout',
  expect: { top: 'network-policy-blocks-target', ruledOut: ['hairpin-colocation', 'target-not-ready', 'portal-stale', 'replica-quorum-lost'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'jiva.csi.openebs.io', daemonSet: 'openebs/openebs-jiva-csi-node', image: 'openebs/jiva-csi:3.5.0', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES, allNodes: NODES, attachRequired: false });
    const vol = jivaCsiVolume(c, { claim: 'wiki/bookstack-uploads', controllerNode: 'worker-3', replicaNodes: ['worker-1', 'worker-2', 'worker-3'] });
    custom(c, 'networking.k8s.io/v1', 'NetworkPolicy', 'openebs/default-deny-ingress', { spec: { podSelector: {}, policyTypes: ['Ingress'] } }, {}, '-3h');
    custom(c, 'networking.k8s.io/v1', 'NetworkPolicy', 'openebs/allow-prometheus-scrape', { spec: { podSelector: { matchLabels: { 'openebs.io/component': 'jiva-controller' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port: 9500, protocol: 'TCP' }] }] } }, {}, '-3h');
    const app = c.deployment('wiki/bookstack', {
      templateHash: '6f4d8c9b7', suffix: 'j5ptm', image: 'lscr.io/linuxserver/bookstack:24.05', volumes: [pvcVolume('uploads', 'bookstack-uploads', '/config')],
      node: 'worker-1', podCreated: '-40m', state: waiting('ContainerCreating'),
    });
    scheduled(c, app.pod, '-40m');
    const host = vol.clusterIP;
    const timeout = `iscsiadm: connect to ${host} timed out\n`.repeat(6) + 'iscsiadm: connection login retries (reopen_max) 5 exceeded\niscsiadm: Could not perform SendTargets discovery: encountered connection failure\n';
    failedMount(c, app.pod, csiIscsiFailure(vol.pvName, vol.portal, timeout, 4), { count: 17, first: '-38m', last: '-1m' });
    mountTimeout(c, app.pod, ['uploads'], { count: 15, first: '-36m', last: '-2m' });
    return c.objects();
  },
};
