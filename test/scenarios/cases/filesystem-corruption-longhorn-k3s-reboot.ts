import { pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { attached, csiClaim, csiDriver, custom, failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2023-08-29T06:40:00Z';
const NODES = ['kv-master-1', 'kv-master-2', 'kv-worker-1', 'kv-worker-2'];
// k3s 1.25 on Oracle Linux 8 with the UEK kernel, as in the report.
const OEL = { kubeletVersion: 'v1.25.7+k3s2', containerRuntimeVersion: 'containerd://1.6.19-k3s1', osImage: 'Oracle Linux Server 8.8', kernelVersion: '5.15.0-8.91.4.1.el9uek.x86_64' };
const STAGING = '/var/lib/kubelet/plugins/kubernetes.io/csi/driver.longhorn.io/5c0b8e3d1f7a4e2b9c6d8a0f3e1b7d4c2a9f6e8b0d3c5a7e9f1b2d4c6e8a0b1c/globalmount';

export const scenario: Scenario = {
  id: 'filesystem-corruption-longhorn-k3s-reboot',
  title: 'KubeVirt VM disk on Longhorn after hard reboots: volume healthy and attached, mount says "probably corrupted filesystem"',
  source: {
    url: 'https://github.com/longhorn/longhorn/issues/6607',
    summary: '"Volume fails to mount to a pod after server reboot": after stopping k3s and rebooting the hosts, "1 of the Longhorn volumes failed to mount" with "cannot mount; probably corrupted filesystem on /dev/longhorn/pvc-xxx" while "The Longhorn volume is healthy".',
    rootCause: 'The ext4 filesystem inside the volume was damaged by the unclean shutdown; the kernel refuses the mount (EBADMSG, which util-linux words as "probably corrupted filesystem"). Longhorn\'s replicas and engine are healthy; the Longhorn KB on corrupted filesystems (fsck the attached device) is the remedy.',
    filledIn: 'Two k3s servers and two agents on OEL8 as in the report\'s environment; Longhorn 1.4.0 CSI; the Longhorn Volume CR attached and healthy on kv-worker-1; a KubeVirt virt-launcher pod with its DataVolume claim; the kubelet MountDevice event carrying util-linux\'s message; the report\'s pvc-xxx given a concrete name.',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'vms/virt-launcher-win-build-01-7kq2n',
  messageGroup: 'fsck-uncorrectable',
  expect: { top: 'filesystem-corruption', ruledOut: ['replica-quorum-lost', 'multipath-claims-device', 'stale-volume-attachment', 'mount-helper-missing'] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: NODES, nodeOptions: Object.fromEntries(NODES.map((n) => [n, OEL])) });
    csiDriver(c, { driver: 'driver.longhorn.io', daemonSet: 'longhorn-system/longhorn-csi-plugin', image: 'longhornio/longhorn-manager:v1.4.0', kubeletDir: kubeletDir('k3s'), pluginNodes: NODES, allNodes: NODES, labels: { app: 'longhorn-csi-plugin' } });
    const { pv } = csiClaim(c, 'vms/win-build-01-rootdisk', { driver: 'driver.longhorn.io', storageClass: 'longhorn', size: '60Gi', created: '-50d', attributes: { numberOfReplicas: '3', staleReplicaTimeout: '30', fromBackup: '', fsType: 'ext4' } });
    const name = pv.metadata.name;
    c.attachVolume({ pv, node: 'kv-worker-1' });
    custom(c, 'longhorn.io/v1beta2', 'Volume', `longhorn-system/${name}`, { spec: { numberOfReplicas: 3, size: '64424509440', frontend: 'blockdev', nodeID: 'kv-worker-1' }, status: { state: 'attached', robustness: 'healthy', currentNodeID: 'kv-worker-1', frontendDisabled: false } });
    NODES.slice(1).forEach((n, i) => {
      custom(c, 'longhorn.io/v1beta2', 'Replica', `longhorn-system/${name}-r-${['4c1a9e2b', '8d3f7a61', 'b2e5c90d'][i] ?? ''}`, { spec: { volumeName: name, nodeID: n, desireState: 'running' }, status: { currentState: 'running' } }, { labels: { longhornvolume: name } });
    });
    const pod = c.pod('vms/virt-launcher-win-build-01-7kq2n', {
      labels: { 'kubevirt.io': 'virt-launcher', 'vm.kubevirt.io/name': 'win-build-01' }, image: 'quay.io/kubevirt/virt-launcher:v0.59.0',
      volumes: [pvcVolume('rootdisk', 'win-build-01-rootdisk', '/var/run/kubevirt-private/vmi-disks/rootdisk')], node: 'kv-worker-1', created: '-31m', state: waiting('ContainerCreating'),
    });
    scheduled(c, pod, '-31m');
    attached(c, pod, name, '-30m');
    failedMount(c, pod, `MountVolume.MountDevice failed for volume "${name}" : rpc error: code = Internal desc = mount failed: exit status 32\nMounting command: mount\nMounting arguments: -t ext4 -o defaults /dev/longhorn/${name} ${STAGING}\nOutput: mount: ${STAGING}: cannot mount; probably corrupted filesystem on /dev/longhorn/${name}.\n`, { count: 19, first: '-30m', last: '-1m' });
    mountTimeout(c, pod, ['rootdisk'], { count: 13, first: '-28m', last: '-3m' });
    c.deployment('vms/virt-api', { labels: { 'kubevirt.io': 'virt-api' }, image: 'quay.io/kubevirt/virt-api:v0.59.0', node: 'kv-worker-2', podCreated: '-2h', state: running({ since: '-2h' }) });
    return c.objects();
  },
};
