import { pvcVolume, unscheduled, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { connectionRefused, csiDriver, csiIscsiFailure, cstorVolume, failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2018-11-02T11:47:00Z';
const NODES = ['gke-node-a', 'gke-node-b', 'gke-node-c'];

export const scenario: Scenario = {
  id: 'target-not-ready-cstor-target-pending',
  title: 'After a multi-node failure the cStor target pod cannot be scheduled; the app waits on a portal with no endpoint',
  source: {
    url: 'https://github.com/openebs/openebs/issues/2271',
    summary: 'After recovering from a multi-node failure the Percona app stayed in ContainerCreating for hours; the volume target was not serving.',
    rootCause: 'The volume\'s target (cStor istgt) was not running after the node recovery, so the iSCSI portal behind the target Service had no backend; the issue tracked the recovery of the target/pools after the failure.',
    filledIn: 'cStor CSI layout; the target pod Pending (untolerated unreachable taint plus insufficient memory), the Service without endpoints, so kube-proxy rejects connections to the portal; pools Healthy.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'app-percona-ns/percona-786c6b7c7f-rnfz8',
  messageGroup: 'iscsi-connection-refused',
  expect: { top: 'target-not-ready', ruledOut: ['hairpin-colocation', 'portal-stale', 'replica-quorum-lost'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'cstor.csi.openebs.io', daemonSet: 'openebs/openebs-cstor-csi-node', image: 'openebs/cstor-csi-driver:3.5.0', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES, allNodes: NODES, attachRequired: false });
    const vol = cstorVolume(c, { claim: 'app-percona-ns/percona-data', targetNode: 'gke-node-a', phase: 'Healthy', targetState: unscheduled('0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..'), pools: [{ node: 'gke-node-a', mode: 'Healthy' }, { node: 'gke-node-b', mode: 'Healthy' }, { node: 'gke-node-c', mode: 'Healthy' }] });
    const app = c.deployment('app-percona-ns/percona', {
      templateHash: '786c6b7c7f', suffix: 'rnfz8', image: 'percona:5.7', volumes: [pvcVolume('data', 'percona-data', '/var/lib/mysql')],
      node: 'gke-node-b', podCreated: '-2h', state: waiting('ContainerCreating'),
    });
    scheduled(c, app.pod, '-2h');
    failedMount(c, app.pod, csiIscsiFailure(vol.pvName, vol.portal, connectionRefused(vol.portal.split(':')[0] ?? ''), 4), { count: 61, first: '-1h58m', last: '-1m' });
    mountTimeout(c, app.pod, ['data'], { count: 53, first: '-1h56m', last: '-2m' });
    return c.objects();
  },
};
