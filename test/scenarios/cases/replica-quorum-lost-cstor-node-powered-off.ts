import { pvcVolume, unscheduled, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiDriver, cstorVolume, failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2021-12-28T10:40:00Z';
const NODES = ['konvoy-cp-1', 'konvoy-w-1', 'konvoy-w-2', 'konvoy-w-3'];

export const scenario: Scenario = {
  id: 'replica-quorum-lost-cstor-node-powered-off',
  title: 'cStor volume Offline after its node was powered off: the rescheduled pod waits for "Replicas yet to connect to controller"',
  source: {
    url: 'https://github.com/openebs-archive/cstor-operators/issues/410',
    summary: '"After successful provisioning application using cStor, powered off the node where the application pod is scheduled ... deleted existing the pod and then new pod is created on other node and remains forever in a container creating a state": "MountVolume.MountDevice failed for volume \\"pvc-d986559e-6a01-4aa1-93c8-7f06a0d71acd\\" : rpc error: code = Internal desc = Volume pvc-d986559e-6a01-4aa1-93c8-7f06a0d71acd is not ready: Replicas yet to connect to controller". A follow-up (#451) shows the CStorVolume "Offline".',
    rootCause: 'cstor-csi refuses to stage a volume whose CStorVolume is neither Healthy nor Degraded (pkg/utils waitForVolumeToBeReady); with the powered-off node\'s pool and target gone, the replicas did not reconnect to the target and the volume stayed Offline (no replica quorum) until the pools/target came back.',
    filledIn: 'Three pools, the one on the powered-off node konvoy-w-1 NotReady and its pool pod Pending; the target rescheduled to konvoy-w-3 and running; the other two replicas Degraded (not yet reconnected); kubeadm base cluster.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'app/busybox-7946c9758c-9662g',
  expect: { top: 'replica-quorum-lost', ruledOut: ['hairpin-colocation', 'portal-stale', 'stale-volume-attachment'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, nodeOptions: { 'konvoy-w-1': { ready: 'Unknown', heartbeat: '-70m', taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] } } });
    csiDriver(c, { driver: 'cstor.csi.openebs.io', daemonSet: 'openebs/openebs-cstor-csi-node', image: 'openebs/cstor-csi-driver:3.0.0', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES, allNodes: NODES, attachRequired: false });
    const vol = cstorVolume(c, {
      claim: 'app/busybox-data', targetNode: 'konvoy-w-3', phase: 'Offline',
      pools: [{ node: 'konvoy-w-1', mode: 'Offline', poolState: unscheduled('0/4 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 3 node(s) didn\'t match Pod\'s node affinity/selector.') }, { node: 'konvoy-w-2', mode: 'Offline' }, { node: 'konvoy-w-3', mode: 'Offline' }],
    });
    const app = c.deployment('app/busybox', { templateHash: '7946c9758c', suffix: '9662g', image: 'busybox:1.34', volumes: [pvcVolume('data-vol', 'busybox-data', '/busybox')], node: 'konvoy-w-2', podCreated: '-65m', state: waiting('ContainerCreating') });
    scheduled(c, app.pod, '-65m');
    failedMount(c, app.pod, `MountVolume.MountDevice failed for volume "${vol.pvName}" : rpc error: code = Internal desc = Volume ${vol.pvName} is not ready: Replicas yet to connect to controller`, { count: 6, first: '-65m', last: '-60m' });
    mountTimeout(c, app.pod, ['data-vol'], { count: 2, first: '-63m', last: '-59m' });
    return c.objects();
  },
};
