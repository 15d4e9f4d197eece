import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2019-02-21T16:20:00Z';

export const scenario: Scenario = {
  id: 'node-not-ready-kubelet-hung',
  title: 'Pod bound to a node whose kubelet stopped posting status: nothing there will ever start it',
  source: {
    url: 'https://github.com/kubernetes/kubernetes/issues/75846',
    summary: '"Pods are not getting created, user requests to create pods seem to just hang forever"; `kubectl describe nodes` showed conditions Unknown with "Kubelet stopped posting node status"; "the only way to kill kubelet is kill -9".',
    rootCause: 'The kubelet on the node hung (stopped posting node status); the node went NotReady/Unknown and pods bound to it never progress until kubelet is restarted.',
    filledIn: 'A three-node kubeadm cluster where the hung kubelet is on node-2 (heartbeat 28 minutes old, unreachable taints); a pod created just before the NoExecute taint was applied, with a bound local PV on node-2.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'stateful/cassandra-0',
  expect: { top: 'node-not-ready', ruledOut: ['kubelet-volume-stall', 'pvc-not-bound'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: ['node-1', 'node-2', 'node-3'], nodeOptions: { 'node-2': { ready: 'Unknown', heartbeat: '-28m' } } });
    c.storageClass('local-storage', { provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer', reclaimPolicy: 'Retain' });
    c.boundClaim('stateful/data-cassandra-0', { pvName: 'local-pv-3c9e1a7f', storageClass: 'local-storage', size: '100Gi', node: 'node-2', created: '-20d', source: { local: { path: '/mnt/disks/ssd1' } } });
    const sts = c.statefulSet('stateful/cassandra', { image: 'cassandra:3.11', volumes: [pvcVolume('data', 'data-cassandra-0', '/var/lib/cassandra')], node: 'node-2', podCreated: '-29m', state: waiting('ContainerCreating') });
    scheduled(c, sts.pod, '-29m');
    c.event({ on: c.get('Node', 'node-2'), reason: 'NodeNotReady', type: 'Normal', source: { component: 'node-controller' }, message: 'Node node-2 status is now: NodeNotReady', last: '-27m' });
    return c.objects();
  },
};
