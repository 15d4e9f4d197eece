import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiClaim, csiDriver, custom, failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2024-04-12T13:05:00Z';
const NODES = ['cp-01', 'node-01', 'node-02', 'node-03'];

export const scenario: Scenario = {
  id: 'multipath-claims-device-longhorn-kubeadm',
  title: 'Longhorn PVC reported healthy and attached, yet the pod cannot mount it (lsblk shows mpath)',
  source: {
    url: 'https://github.com/longhorn/longhorn/issues/8351',
    summary: '"PVC cannot be mounted even though it is reported as healthy and attached"; the reporter: "I am suspicious of multipath now because lsblk mentions mpath" and then "I blacklisted in multipath.conf and the mount succeeded."',
    rootCause: 'multipathd claimed the Longhorn block device; blacklisting it in /etc/multipath.conf resolved the mount (labelled area/environment-issue).',
    filledIn: 'kubeadm 1.29 on Ubuntu 22.04 with Longhorn 1.6, three replicas healthy; the kubelet message is the same "already mounted or mount point busy" form Longhorn\'s KB documents.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'monitoring/prometheus-server-0',
  messageGroup: 'already-mounted-busy',
  expect: { top: 'multipath-claims-device', ruledOut: ['stale-volume-attachment', 'multi-attach', 'filesystem-corruption'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'driver.longhorn.io', daemonSet: 'longhorn-system/longhorn-csi-plugin', image: 'longhornio/longhorn-manager:v1.6.1', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES.slice(1), allNodes: NODES, labels: { app: 'longhorn-csi-plugin' } });
    const { pv } = csiClaim(c, 'monitoring/storage-prometheus-server-0', { driver: 'driver.longhorn.io', storageClass: 'longhorn', size: '50Gi', created: '-200d', attributes: { numberOfReplicas: '3', staleReplicaTimeout: '30', fromBackup: '', fsType: 'ext4', dataLocality: 'disabled' } });
    c.attachVolume({ pv, node: 'node-02' });
    custom(c, 'longhorn.io/v1beta2', 'Volume', `longhorn-system/${pv.metadata.name}`, { spec: { numberOfReplicas: 3, size: '53687091200', frontend: 'blockdev', accessMode: 'rwo' }, status: { state: 'attached', robustness: 'healthy', currentNodeID: 'node-02' } });
    const sts = c.statefulSet('monitoring/prometheus-server', { image: 'quay.io/prometheus/prometheus:v2.51.1', volumes: [pvcVolume('storage', 'storage-prometheus-server-0', '/prometheus')], node: 'node-02', podCreated: '-35m', state: waiting('ContainerCreating') });
    scheduled(c, sts.pod, '-35m');
    c.event({ on: sts.pod, reason: 'SuccessfulAttachVolume', message: `AttachVolume.Attach succeeded for volume "${pv.metadata.name}"`, last: '-34m' });
    const gm = `${kubeletDir('kubeadm')}/plugins/kubernetes.io/csi/driver.longhorn.io/6c1f9bc4e0a5d7b2f3e8a9c1d4b6e7f8a0b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6/globalmount`;
    failedMount(c, sts.pod, `MountVolume.MountDevice failed for volume "${pv.metadata.name}" : rpc error: code = Internal desc = mount failed: exit status 32\nMounting command: mount\nMounting arguments: -t ext4 -o defaults /dev/longhorn/${pv.metadata.name} ${gm}\nOutput: mount: ${gm}: /dev/longhorn/${pv.metadata.name} already mounted or mount point busy.\n       dmesg(1) may have more information after failed mount system call.\n`, { count: 15, first: '-34m', last: '-2m' });
    mountTimeout(c, sts.pod, ['storage'], { count: 14, first: '-32m', last: '-1m' });
    return c.objects();
  },
};
