import { pvcVolume, unscheduled } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import type { Scenario } from '../types.ts';

const NOW = '2019-08-06T10:00:00Z';

export const scenario: Scenario = {
  id: 'volume-node-affinity-conflict-hostpath-pv',
  title: 'PV pinned to node4 while the pod\'s nodeSelector allows only other nodes',
  source: {
    url: 'https://github.com/kubernetes/kubernetes/issues/81020',
    summary: '"0/5 nodes are available: 1 node(s) had volume node affinity conflict, 4 node(s) didn\'t match node selector" for a pod mounting a hostPath PV whose nodeAffinity requires `kubernetes.io/hostname In [node4]`.',
    rootCause: 'The PV\'s required nodeAffinity admits only node4, while the pod\'s nodeSelector excludes node4: no node satisfies both, so the scheduler leaves the pod Pending.',
    filledIn: 'A five-node kubeadm cluster; the pod carries `nodeSelector: {role: backoffice}` which node4 lacks; the PV/PVC/pod of the report.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/gamelanguage-svc',
  expect: { top: 'volume-node-affinity-conflict', ruledOut: ['pvc-not-bound', 'node-not-ready'] },
  build() {
    const backoffice = { labels: { role: 'backoffice' } };
    const c = baseCluster('kubeadm', NOW, { nodes: ['master', 'node1', 'node2', 'node3', 'node4'], nodeOptions: { node1: backoffice, node2: backoffice, node3: backoffice } });
    c.storageClass('manual', { provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'Immediate', reclaimPolicy: 'Retain' });
    c.boundClaim('default/gamelanguage-log-pvc', { pvName: 'gamelanguage-log-pv', storageClass: 'manual', size: '20Gi', accessModes: ['ReadWriteMany'], node: 'node4', reclaimPolicy: 'Retain', created: '-2h', source: { hostPath: { path: '/backoffice-logs/gamelanguage-svc', type: '' } } });
    const msg = '0/5 nodes are available: 1 node(s) had volume node affinity conflict, 4 node(s) didn\'t match Pod\'s node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling..';
    const pod = c.pod('default/gamelanguage-svc', { labels: { role: 'gamelanguage-svc', environment: 'test' }, image: 'ubuntu:18.04', nodeSelector: { role: 'backoffice' }, volumes: [pvcVolume('gamelanguage-log-storage', 'gamelanguage-log-pvc', '/var/log/gamelanguage')], created: '-30m', state: unscheduled(msg) });
    c.event({ on: pod, reason: 'FailedScheduling', message: msg, count: 12, first: '-30m', last: '-2m' });
    return c.objects();
  },
};
