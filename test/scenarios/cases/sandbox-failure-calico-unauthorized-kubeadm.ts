import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2023-12-28T14:02:00Z';

export const scenario: Scenario = {
  id: 'sandbox-failure-calico-unauthorized-kubeadm',
  title: 'MySQL with a PVC stuck in ContainerCreating — the CNI, not the volume: Calico "Unauthorized"',
  source: {
    url: 'https://github.com/projectcalico/calico/issues/8379',
    summary: 'After deploying MySQL with a PVC and PV the pod stayed in ContainerCreating: "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox \\"d9f4c913…\\": plugin type=\\"calico\\" failed (add): error getting ClusterInformation: connection is unauthorized: Unauthorized" and "Pod sandbox changed, it will be killed and re-created."',
    rootCause: 'The Calico CNI plugin on the node authenticates with an expired/invalid service-account token in its CNI kubeconfig, so every sandbox network setup fails; restarting calico-node (which rewrites the token) or upgrading Calico fixes it. The PVC was bound and irrelevant.',
    filledIn: 'kubeadm 1.29 with Calico; a hostPath-backed static PV as the reporter used; the pod has no volume events because the sandbox never exists.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/mysql-74799d694c-j4mcr',
  expect: { top: 'sandbox-failure', ruledOut: ['kubelet-volume-stall', 'node-not-ready'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: ['chef-u16desk', 'chef-w1'] });
    c.storageClass('manual', { provisioner: 'kubernetes.io/no-provisioner', reclaimPolicy: 'Retain' });
    c.boundClaim('default/mysql-pv-claim', { pvName: 'mysql-pv-volume', storageClass: 'manual', size: '20Gi', node: 'chef-u16desk', created: '-5m', source: { local: { path: '/mnt/data' } } });
    const app = c.deployment('default/mysql', { templateHash: '74799d694c', suffix: 'j4mcr', image: 'mysql:5.6', volumes: [pvcVolume('mysql-persistent-storage', 'mysql-pv-claim', '/var/lib/mysql')], node: 'chef-u16desk', podCreated: '-61s', state: waiting('ContainerCreating') });
    scheduled(c, app.pod, '-61s');
    c.event({ on: app.pod, reason: 'FailedCreatePodSandBox', message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "d9f4c91394d548cca1b189e665fd0532f158bb5bb4407153aa48e1af40afe2f0": plugin type="calico" failed (add): error getting ClusterInformation: connection is unauthorized: Unauthorized', last: '-60s' });
    c.event({ on: app.pod, reason: 'SandboxChanged', type: 'Normal', message: 'Pod sandbox changed, it will be killed and re-created.', count: 5, first: '-60s', last: '-5s' });
    // Stale: the first attempt of the Deployment, deleted by the reporter, had waited for the PV before it was created.
    const first = c.goneRef('Pod', 'default/mysql-74799d694c-9xq2v');
    c.event({ on: first, reason: 'FailedMount', source: { component: 'kubelet', host: 'chef-u16desk' }, count: 2, first: '-9m', last: '-7m', message: 'Unable to attach or mount volumes: unmounted volumes=[mysql-persistent-storage], unattached volumes=[mysql-persistent-storage kube-api-access-7kq2d]: timed out waiting for the condition' });
    return c.objects();
  },
};
