import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiClaim, csiDriver, failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2020-09-24T10:05:00Z';
const NODES = ['k8s-master', 'k8s-worker-1', 'k8s-worker-2', 'k8s-gpu-1'];

export const scenario: Scenario = {
  id: 'csi-node-plugin-missing-cinder-tainted',
  title: 'Cinder CSI nodeplugin DaemonSet does not tolerate the taint of the node the app was placed on',
  source: {
    url: 'https://github.com/kubernetes/cloud-provider-openstack/issues/1237',
    summary: '"When deploying applications to Kubernetes nodes that contain taints the volume binding fails. The nodeplugin driver is not installed on the node because its controlling DaemonSet has no tolerations."',
    rootCause: 'The csi-cinder-nodeplugin DaemonSet has no tolerations, so it never runs on tainted nodes and kubelet there has no cinder.csi.openstack.org registration; maintainers accepted adding a wildcard toleration.',
    filledIn: 'A kubeadm cluster on OpenStack with one GPU node tainted `nvidia.com/gpu=present:NoSchedule`; a Jupyter pod tolerating it; kubelet\'s error wording for a missing driver.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'ml/jupyter-7d6c9f5b8-vt2nq',
  messageGroup: 'csi-driver-not-registered',
  expect: { top: 'csi-node-plugin-missing', ruledOut: ['csi-kubelet-dir-mismatch'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, nodeOptions: { 'k8s-gpu-1': { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }], labels: { 'node.kubernetes.io/instance-type': 'g1.large' } } } });
    csiDriver(c, { driver: 'cinder.csi.openstack.org', daemonSet: 'kube-system/csi-cinder-nodeplugin', image: 'registry.k8s.io/provider-os/cinder-csi-plugin:v1.19.0', kubeletDir: kubeletDir('kubeadm'), pluginNodes: ['k8s-master', 'k8s-worker-1', 'k8s-worker-2'], allNodes: NODES, labels: { app: 'csi-cinder-nodeplugin' } });
    const { pv } = csiClaim(c, 'ml/jupyter-home', { driver: 'cinder.csi.openstack.org', storageClass: 'csi-sc-cinderplugin', size: '20Gi', created: '-10d', attributes: {} });
    c.attachVolume({ pv, node: 'k8s-gpu-1' });
    const app = c.deployment('ml/jupyter', {
      templateHash: '7d6c9f5b8', suffix: 'vt2nq', image: 'jupyter/tensorflow-notebook:2023-10-20', tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      nodeSelector: { 'node.kubernetes.io/instance-type': 'g1.large' }, volumes: [pvcVolume('home', 'jupyter-home', '/home/jovyan')],
      node: 'k8s-gpu-1', podCreated: '-22m', state: waiting('ContainerCreating'),
    });
    scheduled(c, app.pod, '-22m');
    c.event({ on: app.pod, reason: 'SuccessfulAttachVolume', message: `AttachVolume.Attach succeeded for volume "${pv.metadata.name}"`, last: '-21m' });
    failedMount(c, app.pod, `MountVolume.MountDevice failed for volume "${pv.metadata.name}" : kubernetes.io/csi: attacher.MountDevice failed to create newCsiDriverClient: driver name cinder.csi.openstack.org not found in the list of registered CSI drivers`, { count: 18, first: '-21m', last: '-30s' });
    mountTimeout(c, app.pod, ['home'], { count: 9, first: '-20m', last: '-2m' });
    return c.objects();
  },
};
