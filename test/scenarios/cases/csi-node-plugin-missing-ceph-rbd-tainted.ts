import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiClaim, csiDriver, failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2026-09-01T06:40:00Z';
const NODES = ['ctl-01', 'gpu-01', 'gpu-02', 'gpu-03'];

export const scenario: Scenario = {
  id: 'csi-node-plugin-missing-ceph-rbd-tainted',
  title: 'NATS on a tainted GPU node: the Ceph RBD node plugin DaemonSet has no toleration, so no plugin runs there',
  source: {
    url: 'https://github.com/AMD-AGI/Primus-SaFE/pull/730',
    summary: 'Pods scheduled on most nodes hung in ContainerCreating on "MountVolume.MountDevice failed ... driver name rbd.csi.ceph.com not found in the list of registered CSI drivers"; "primus-claw-nats-1 sat unmountable this way for 15 days".',
    rootCause: 'The ceph-csi-rbd node plugin DaemonSet had no tolerations while 155 of 191 nodes carried a NoSchedule taint, so the plugin was absent from those nodes; "the node\'s CSINode object still advertises the driver from its last registration, so it looks present in the API while kubelet\'s in-memory registry has nothing". Fix: `nodeplugin.tolerations: [{operator: Exists}]`.',
    filledIn: 'Four nodes instead of 191; gpu-02 tainted `hyperloom.amd.com/spur-hold=absent:NoSchedule` and its CSINode still listing rbd.csi.ceph.com; the NATS StatefulSet (one replica here, nats-0) tolerates the taint.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'primus/primus-claw-nats-0',
  messageGroup: 'csi-driver-not-registered',
  expect: { top: 'csi-node-plugin-missing', ruledOut: ['csi-kubelet-dir-mismatch'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, nodeOptions: { 'gpu-02': { taints: [{ key: 'hyperloom.amd.com/spur-hold', value: 'absent', effect: 'NoSchedule', timeAdded: '-16d' }] } } });
    csiDriver(c, { driver: 'rbd.csi.ceph.com', daemonSet: 'ceph-csi-rbd/ceph-csi-rbd-nodeplugin', image: 'quay.io/cephcsi/cephcsi:v3.11.0', kubeletDir: kubeletDir('kubeadm'), pluginNodes: ['ctl-01', 'gpu-01', 'gpu-03'], registeredOn: NODES, allNodes: NODES, labels: { app: 'ceph-csi-rbd', component: 'nodeplugin' } });
    const { pv } = csiClaim(c, 'primus/data-primus-claw-nats-0', { driver: 'rbd.csi.ceph.com', storageClass: 'ceph-rbd', size: '10Gi', created: '-60d', attributes: { clusterID: 'b9127830-b0cc-4e34-aa47-9d1a2e9949a8', imageFeatures: 'layering', imageName: 'csi-vol-5f2c1a8e', journalPool: 'rbd', pool: 'rbd' } });
    c.attachVolume({ pv, node: 'gpu-02' });
    const sts = c.statefulSet('primus/primus-claw-nats', {
      image: 'nats:2.10.14-alpine', tolerations: [{ key: 'hyperloom.amd.com/spur-hold', operator: 'Exists', effect: 'NoSchedule' }],
      node: 'gpu-02', state: waiting('ContainerCreating'), podCreated: '-15d',
      volumes: [pvcVolume('data', 'data-primus-claw-nats-0', '/data')],
    });
    const pod = sts.pod;
    scheduled(c, pod, '-15d');
    failedMount(c, pod, `MountVolume.MountDevice failed for volume "${pv.metadata.name}" : kubernetes.io/csi: attacher.MountDevice failed to create newCsiDriverClient: driver name rbd.csi.ceph.com not found in the list of registered CSI drivers`, { count: 6123, first: '-15d', last: '-1m' });
    mountTimeout(c, pod, ['data'], { count: 5190, first: '-15d', last: '-2m' });
    return c.objects();
  },
};
