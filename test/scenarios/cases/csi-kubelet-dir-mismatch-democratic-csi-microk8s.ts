import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { csiClaim, csiDriver, failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2020-09-19T18:32:00Z';
const NODES = ['mk8s-1', 'mk8s-2', 'mk8s-3'];

export const scenario: Scenario = {
  id: 'csi-kubelet-dir-mismatch-democratic-csi-microk8s',
  title: 'democratic-csi on microk8s: the node plugin runs everywhere but registers under /var/lib/kubelet',
  source: {
    url: 'https://github.com/democratic-csi/democratic-csi/issues/15',
    summary: 'On microk8s (Ubuntu 20.04) pods failed with "attacher.MountDevice failed to create newCsiDriverClient: driver name org.democratic-csi.nfs not found in the list of registered CSI drivers" although the node pods were running.',
    rootCause: 'Maintainer: "seems like a non standard kubelet path is all." microk8s\' kubelet lives in /var/snap/microk8s/common/var/lib/kubelet; the fix was `--set node.kubeletHostPath="/var/snap/microk8s/common/var/lib/kubelet"`.',
    filledIn: 'Three microk8s 1.28 nodes, democratic-csi freenas-nfs driver with the chart\'s default /var/lib/kubelet paths; all node pods Running, no CSINode lists the driver.',
  },
  distribution: 'microk8s',
  now: NOW,
  pod: 'media/plex-6b8f7d9c5-k2wmx',
  messageGroup: 'csi-driver-not-registered',
  expect: { top: 'csi-kubelet-dir-mismatch', ruledOut: ['csi-node-plugin-missing'] },
  build() {
    const c = baseCluster('microk8s', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'org.democratic-csi.nfs', daemonSet: 'democratic-csi/zfs-nfs-democratic-csi-node', image: 'docker.io/democraticcsi/democratic-csi:v1.0.0', kubeletDir: '/var/lib/kubelet', pluginNodes: NODES, registeredOn: [], allNodes: NODES, attachRequired: false, labels: { 'app.kubernetes.io/name': 'democratic-csi', 'app.kubernetes.io/component': 'node-linux' } });
    const { pv } = csiClaim(c, 'media/plex-config', { driver: 'org.democratic-csi.nfs', storageClass: 'freenas-nfs-csi', size: '20Gi', accessModes: ['ReadWriteMany'], fsType: 'nfs', created: '-1h', attributes: { node_attach_driver: 'nfs', provisioner_driver: 'freenas-nfs', server: '192.168.1.50', share: '/mnt/tank/k8s/nfs/v/pvc-plex' } });
    const app = c.deployment('media/plex', {
      templateHash: '6b8f7d9c5', suffix: 'k2wmx', image: 'plexinc/pms-docker:1.20.1.3252', volumes: [pvcVolume('config', 'plex-config', '/config')],
      node: 'mk8s-2', podCreated: '-40m', state: waiting('ContainerCreating'),
    });
    scheduled(c, app.pod, '-40m');
    failedMount(c, app.pod, `MountVolume.MountDevice failed for volume "${pv.metadata.name}" : kubernetes.io/csi: attacher.MountDevice failed to create newCsiDriverClient: driver name org.democratic-csi.nfs not found in the list of registered CSI drivers`, { count: 27, first: '-39m', last: '-40s' });
    mountTimeout(c, app.pod, ['config'], { count: 17, first: '-37m', last: '-3m' });
    return c.objects();
  },
};
