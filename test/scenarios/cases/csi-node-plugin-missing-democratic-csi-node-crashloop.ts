import { crashLoop, pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiClaim, csiDriver, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2023-10-14T18:35:00Z';
const NODES = ['k3s-1', 'k3s-2', 'k3s-3'];

export const scenario: Scenario = {
  id: 'csi-node-plugin-missing-democratic-csi-node-crashloop',
  title: 'democratic-csi zfs-nfs: the node plugin crash-loops on every node ("Still connecting to unix:///csi-data/csi.sock"), so the driver is "not found in the list of registered CSI drivers" — with the kubelet root right',
  source: {
    url: 'https://github.com/democratic-csi/democratic-csi/issues/343',
    summary: '"Pods in CrashLoop from Still connecting to unix:///csi-data/csi.sock": "zfs-nfs-democratic-csi-controller-… 5/5 Running", "zfs-nfs-democratic-csi-node-6csxr 1/4 CrashLoopBackOff 32 (4m22s ago) 31m", the same on the other two nodes.',
    rootCause: 'The democratic-csi node plugin never comes up (its driver container keeps failing, the registrar keeps "Still connecting" to the socket), so kubelet has no registered org.democratic-csi.nfs on any node and every mount of such a volume fails with the registration error. Unlike the microk8s case with the same message, the registration path matches the kubelet root: the plugin is simply not running.',
    filledIn: 'A three-node k3s cluster (kubelet root /var/lib/kubelet, matching the chart\'s default); the node DaemonSet crash-looping as in the report, the controller Running; CSINodes without the driver; a consumer on k3s-2 with a bound claim; the kubelet\'s standard registration error and mount timeout (the report shows the plugin pods, not the consumer\'s events).',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'media/jellyfin-6d8b7f9c4-7tq2m',
  messageGroup: 'csi-driver-not-registered',
  expect: { top: 'csi-node-plugin-missing', ruledOut: ['csi-kubelet-dir-mismatch', 'nfs-export-denied', 'mount-helper-missing'] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'org.democratic-csi.nfs', daemonSet: 'democratic-csi/zfs-nfs-democratic-csi-node', image: 'democraticcsi/democratic-csi:v1.8.3', kubeletDir: kubeletDir('k3s'), pluginNodes: NODES, allNodes: NODES, registeredOn: [], attachRequired: false, labels: { app: 'democratic-csi', 'app.kubernetes.io/component': 'node-linux' }, state: crashLoop(32, { reason: 'Error', exitCode: 1 }) });
    c.deployment('democratic-csi/zfs-nfs-democratic-csi-controller', { labels: { app: 'democratic-csi', 'app.kubernetes.io/component': 'controller-linux' }, containers: [{ name: 'external-provisioner', image: 'registry.k8s.io/sig-storage/csi-provisioner:v3.5.0' }, { name: 'external-resizer', image: 'registry.k8s.io/sig-storage/csi-resizer:v1.8.0' }, { name: 'external-snapshotter', image: 'registry.k8s.io/sig-storage/csi-snapshotter:v6.2.2' }, { name: 'csi-driver', image: 'democraticcsi/democratic-csi:v1.8.3' }, { name: 'csi-proxy', image: 'democraticcsi/csi-grpc-proxy:v0.5.3' }], node: 'k3s-1', podCreated: '-31m', state: running({ since: '-31m' }) });
    csiClaim(c, 'media/jellyfin-config', { driver: 'org.democratic-csi.nfs', storageClass: 'truenas-nfs', size: '10Gi', accessModes: ['ReadWriteMany'], fsType: 'nfs', created: '-28m', parameters: { fsType: 'nfs' }, attributes: { server: '192.168.10.20', share: '/mnt/tank/k8s/nfs/v/pvc-jellyfin', node_attach_driver: 'nfs', provisioner_driver: 'freenas-api-nfs' } });
    const d = c.deployment('media/jellyfin', { templateHash: '6d8b7f9c4', suffix: '7tq2m', image: 'jellyfin/jellyfin:10.8.11', volumes: [pvcVolume('config', 'jellyfin-config', '/config')], node: 'k3s-2', podCreated: '-27m', state: waiting('ContainerCreating') });
    scheduled(c, d.pod, '-27m');
    const pvName = (c.get('PersistentVolumeClaim', 'media/jellyfin-config').spec as { volumeName: string }).volumeName;
    c.event({ on: d.pod, reason: 'FailedMount', message: `MountVolume.MountDevice failed for volume "${pvName}" : kubernetes.io/csi: attacher.MountDevice failed to create newCsiDriverClient: driver name org.democratic-csi.nfs not found in the list of registered CSI drivers`, count: 21, first: '-27m', last: '-40s' });
    mountTimeout(c, d.pod, ['config'], { count: 11, first: '-25m', last: '-2m' });
    return c.objects();
  },
};
