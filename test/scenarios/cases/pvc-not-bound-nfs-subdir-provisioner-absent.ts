import { pvcVolume, unscheduled } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import type { Scenario } from '../types.ts';

const NOW = '2021-06-23T09:40:00Z';

export const scenario: Scenario = {
  id: 'pvc-not-bound-nfs-subdir-provisioner-absent',
  title: 'PVC Pending forever: "waiting for a volume to be created, either by external provisioner …"',
  source: {
    url: 'https://github.com/kubernetes-sigs/nfs-subdir-external-provisioner/issues/114',
    summary: '`kubectl describe pvc idlcgrafana-pv`: Status Pending, StorageClass managed-nfs-storage, "Normal ExternalProvisioning … waiting for a volume to be created, either by external provisioner \\"k8s-sigs.io/nfs-subdir-external-provisioner\\" or manually created by system administrator"; the Grafana pod never started.',
    rootCause: 'No running provisioner claimed the class\'s provisioner name (the provisioner was not running under that name), so the claim was never provisioned and the pod could not be scheduled.',
    filledIn: 'kubeadm cluster; the StorageClass present, no provisioner Deployment; the scheduler\'s unbound-PVC message for the Grafana pod.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/idlcgrafana-6c5c75744b-t6fpr',
  expect: { top: 'pvc-not-bound', ruledOut: ['volume-node-affinity-conflict', 'node-not-ready'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: ['cp', 'w1', 'w2'] });
    c.storageClass('managed-nfs-storage', { provisioner: 'k8s-sigs.io/nfs-subdir-external-provisioner', parameters: { archiveOnDelete: 'false' } });
    const pvc = c.claim('default/idlcgrafana-pv', { storageClass: 'managed-nfs-storage', provisioner: 'k8s-sigs.io/nfs-subdir-external-provisioner', size: '5Gi', accessModes: ['ReadWriteMany'], created: '-36s' });
    c.deployment('default/idlcgrafana', { templateHash: '6c5c75744b', suffix: 't6fpr', image: 'grafana/grafana:7.5.7', volumes: [pvcVolume('storage', 'idlcgrafana-pv', '/var/lib/grafana')], podCreated: '-36s', state: unscheduled('0/3 nodes are available: 3 pod has unbound immediate PersistentVolumeClaims.') });
    const pod = c.get('Pod', 'default/idlcgrafana-6c5c75744b-t6fpr');
    c.event({ on: pod, reason: 'FailedScheduling', message: '0/3 nodes are available: 3 pod has unbound immediate PersistentVolumeClaims.', count: 3, first: '-36s', last: '-5s' });
    c.event({ on: pvc, reason: 'ExternalProvisioning', type: 'Normal', message: 'waiting for a volume to be created, either by external provisioner "k8s-sigs.io/nfs-subdir-external-provisioner" or manually created by system administrator', count: 3, first: '-36s', last: '-8s' });
    return c.objects();
  },
};
