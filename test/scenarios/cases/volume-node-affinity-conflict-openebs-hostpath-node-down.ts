import { running, unscheduled } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import type { Scenario } from '../types.ts';

const NOW = '2022-04-11T08:30:00Z';
const NODES = ['k8s-master', 'splunk-w1', 'splunk-w2', 'splunk-w3'];
const DOWN = 'splunk-w2';
const MESSAGE = '0/4 nodes are available: 1 node(s) had taint {node-role.kubernetes.io/master: }, that the pod didn\'t tolerate, 1 node(s) had taint {node.kubernetes.io/unreachable: }, that the pod didn\'t tolerate, 2 node(s) had volume node affinity conflict.';

export const scenario: Scenario = {
  id: 'volume-node-affinity-conflict-openebs-hostpath-node-down',
  title: 'OpenEBS LocalPV hostpath: the node holding an indexer\'s volume went down, the rescheduled pod stays Pending on "volume node affinity conflict"',
  source: {
    url: 'https://github.com/openebs/openebs/issues/3526',
    summary: '"One of the worker nodes running a Splunk indexer pod goes down. The indexer pod was provisioned a PV which was local to that worker node. Now, when the scheduler attempts to schedule this pod on another worker node, the PVC still exists which has the affinity to the earlier worker node (which just went down) and hence is not able to find a suitable worker, leaving the pod perennially pending."',
    rootCause: 'openebs-hostpath PVs carry a required nodeAffinity to the node whose disk holds the data; with that node down no schedulable node satisfies it. Only the node coming back (or deleting the PVC and letting the application re-replicate) lets the pod run.',
    filledIn: 'A kubeadm 1.23 cluster with three workers; the openebs-hostpath StorageClass (WaitForFirstConsumer) and localpv-provisioner; the Splunk indexer StatefulSet with its claim bound to a local PV on splunk-w2; splunk-w2 NotReady and tainted unreachable; the scheduler\'s 1.23 message.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'splunk/splunk-idx-indexer-1',
  expect: { top: 'volume-node-affinity-conflict', ruledOut: ['pvc-not-bound', 'node-not-ready', 'multi-attach'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, nodeOptions: {
      'k8s-master': { taints: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }] },
      [DOWN]: { ready: 'Unknown', heartbeat: '-47m', taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] },
    } });
    c.storageClass('openebs-hostpath', { provisioner: 'openebs.io/local', volumeBindingMode: 'WaitForFirstConsumer', reclaimPolicy: 'Delete', annotations: { 'cas.openebs.io/config': '- name: StorageType\n  value: "hostpath"\n- name: BasePath\n  value: "/var/openebs/local"\n', 'openebs.io/cas-type': 'local' } });
    c.deployment('openebs/openebs-localpv-provisioner', { labels: { name: 'openebs-localpv-provisioner', 'openebs.io/component-name': 'openebs-localpv-provisioner' }, image: 'openebs/provisioner-localpv:3.1.0', node: 'splunk-w1', podCreated: '-90d', state: running({ since: '-90d' }) });
    const s = c.statefulSet('splunk/splunk-idx-indexer', {
      replicas: 3, image: 'splunk/splunk:8.2.5', podCreated: '-47m',
      pods: [{ node: 'splunk-w1', created: '-60d', state: running({ since: '-60d' }) }, { state: unscheduled(MESSAGE) }, { node: 'splunk-w3', created: '-60d', state: running({ since: '-60d' }) }],
      claimTemplates: [{ name: 'pvc-splunk-idx-var', size: '100Gi', storageClass: 'openebs-hostpath', mountPath: '/opt/splunk/var', source: { hostPath: { path: '/var/openebs/local/pvc-var' } } }],
    });
    // Each local PV is pinned to the node that provisioned it; indexer-1's is on the node that went down.
    const placement = ['splunk-w1', DOWN, 'splunk-w3'];
    s.pods.forEach((_p, i) => {
      const pvc = c.get('PersistentVolumeClaim', `splunk/pvc-splunk-idx-var-splunk-idx-indexer-${String(i)}`);
      const pvName = (pvc.spec as { volumeName: string }).volumeName;
      const pv = c.get('PersistentVolume', pvName);
      const node = placement[i] ?? 'splunk-w1';
      delete (pv.spec as Record<string, unknown>).hostPath;
      Object.assign(pv.spec as Record<string, unknown>, { local: { path: `/var/openebs/local/${pvName}`, fsType: '' }, nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } } });
      pv.metadata.annotations = { ...pv.metadata.annotations, 'pv.kubernetes.io/provisioned-by': 'openebs.io/local' };
      pv.metadata.labels = { ...pv.metadata.labels, 'openebs.io/cas-type': 'local-hostpath' };
      pvc.metadata.annotations = { ...pvc.metadata.annotations, 'volume.kubernetes.io/selected-node': node };
    });
    const pod = s.pods[1];
    if (pod === undefined) throw new Error('no pod');
    c.event({ on: pod, reason: 'FailedScheduling', message: MESSAGE, count: 14, first: '-47m', last: '-2m', style: 'events-api' });
    return c.objects();
  },
};
