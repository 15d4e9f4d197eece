import { pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiDriver, csiIscsiFailure, cstorVolume, failedMount, mountTimeout, pduLost, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2025-06-03T07:41:00Z';
const NODES = ['cp-1', 'worker-1', 'worker-2', 'worker-3'];

export const scenario: Scenario = {
  id: 'hairpin-cstor-kubeadm-ipvs',
  title: 'Gitea on kubeadm (kube-proxy IPVS) cannot log in to its cStor target on the same node',
  source: {
    url: 'https://github.com/kubernetes/kubernetes/issues/60257',
    summary: 'With kube-proxy in IPVS mode, "failure happens if the test pod request is sent to kube-dns pod running on the same node. If the request is load-balanced and sent to a different kube-dns pod on another node, the lookup is successful." For cStor, the kubelet on worker-2 reaches the target Service ClusterIP whose only endpoint runs on worker-2, and iSCSI discovery dies with "Login I/O error, failed to receive a PDU".',
    rootCause: 'In IPVS mode the DNAT back to a backend on the same node happens after routing, so the hairpinned packet is dropped (maintainer analysis in the thread); only clients on the backend\'s own node fail.',
    filledIn: 'The storage: OpenEBS cStor CSI 3.5 with three pools, the Gitea Deployment scheduled onto worker-2 next to its target; kubeadm 1.29 with Calico.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'gitea/gitea-7b9c5d6f48-m2kx7',
  messageGroup: 'iscsi-discovery-pdu',
  expect: { top: 'hairpin-colocation', ruledOut: ['target-not-ready', 'portal-stale', 'replica-quorum-lost'], minVerdict: 'likely' },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'cstor.csi.openebs.io', daemonSet: 'openebs/openebs-cstor-csi-node', image: 'openebs/cstor-csi-driver:3.5.0', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES, allNodes: NODES, attachRequired: false });
    const vol = cstorVolume(c, { claim: 'gitea/gitea-data', targetNode: 'worker-2', phase: 'Healthy', pools: [{ node: 'worker-1', mode: 'Healthy' }, { node: 'worker-2', mode: 'Healthy' }, { node: 'worker-3', mode: 'Healthy' }] });
    const app = c.deployment('gitea/gitea', {
      labels: { 'app.kubernetes.io/name': 'gitea' }, templateHash: '7b9c5d6f48', suffix: 'm2kx7', image: 'gitea/gitea:1.22.0', ports: [{ name: 'http', containerPort: 3000 }],
      volumes: [pvcVolume('data', 'gitea-data', '/data')], node: 'worker-2', podCreated: '-12m', state: waiting('ContainerCreating'),
    });
    scheduled(c, app.pod, '-12m');
    failedMount(c, app.pod, csiIscsiFailure(vol.pvName, vol.portal, pduLost(vol.portal.split(':')[0] ?? ''), 4), { count: 6, first: '-11m', last: '-50s' });
    mountTimeout(c, app.pod, ['data'], { count: 4, first: '-10m', last: '-2m' });
    c.deployment('gitea/gitea-redis', { image: 'redis:7.2', node: 'worker-3', podCreated: '-12d', state: running({ since: '-12d' }) });
    return c.objects();
  },
};
