import { pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { attached, csiClaim, csiDriver, failedMount, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2018-10-12T15:44:00Z';
const NODES = ['ip-172-31-30-178.ec2.internal', 'ip-172-31-41-151.ec2.internal', 'ip-172-31-16-243.ec2.internal'];
// Charmed Kubernetes 1.12 workers on AWS: Ubuntu 18.04, Docker.
const CDK = { kubeletVersion: 'v1.12.1', containerRuntimeVersion: 'docker://17.3.2', osImage: 'Ubuntu 18.04.1 LTS', kernelVersion: '4.15.0-1021-aws', roles: [] };

export const scenario: Scenario = {
  id: 'mount-helper-missing-ceph-csi-rbd-xfs-charmed',
  title: 'Ceph RBD CSI (v0.3) with fsType xfs on Charmed Kubernetes: "rpc error: code = Unknown desc = executable file not found in $PATH"',
  source: {
    url: 'https://github.com/ceph/ceph-csi/issues/87',
    summary: '"csi-rbdplugin FailedMount with fsType: xfs": after "AttachVolume.Attach succeeded for volume \\"pvc-43edb969ce3511e8\\"", kubelet reports "MountVolume.SetUp failed for volume \\"pvc-43edb969ce3511e8\\" : rpc error: code = Unknown desc = executable file not found in $PATH" (x3); the plugin log shows the image "was successfully mapped at /dev/rbd1" before formatting.',
    rootCause: 'The csi-rbdplugin image had no xfsprogs: mapping the RBD image works, then mount-utils\' format step execs mkfs.xfs inside the plugin container and gets ENOENT (the same failure is logged as "format of disk failed: executable file not found in $PATH" in charmed-kubernetes/bundle#668). Adding xfsprogs to the plugin image fixes it; the Ceph cluster, the map and the node are fine.',
    filledIn: 'Three Charmed Kubernetes 1.12 workers (the report\'s node and the monitors\' hosts), the csi-rbdplugin DaemonSet and a CSIDriver object for readability (v0.3 drivers had none; CSINode is likewise modelled), a ceph-xfs StorageClass, the busybox pod and its bound claim; the events as early as the report\'s describe (8 s after scheduling, no timeout summary yet).',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/busybox',
  expect: { top: 'mount-helper-missing', ruledOut: ['csi-node-plugin-missing', 'filesystem-corruption', 'external-target-unreachable', 'stale-volume-attachment'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, nodeOptions: Object.fromEntries(NODES.map((n) => [n, CDK])) });
    csiDriver(c, { driver: 'csi-rbdplugin', daemonSet: 'default/csi-rbdplugin', image: 'quay.io/cephcsi/rbdplugin:v0.3.0', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES, allNodes: NODES, labels: { app: 'csi-rbdplugin' } });
    c.statefulSet('default/csi-rbdplugin-provisioner', { image: 'quay.io/k8scsi/csi-provisioner:v0.3.0', node: NODES[0], podCreated: '-1d', state: running({ since: '-1d' }) });
    const { pv } = csiClaim(c, 'default/rbd-pvc', { driver: 'csi-rbdplugin', storageClass: 'ceph-xfs', size: '1Gi', fsType: 'xfs', created: '-12s', pvName: 'pvc-43edb969ce3511e8', parameters: { monitors: '172.31.30.178:6789 172.31.41.151:6789 172.31.84.1:6789', pool: 'xfs-pool', imageFormat: '2', imageFeatures: 'layering', fsType: 'xfs', csiProvisionerSecretName: 'csi-rbd-secret', csiProvisionerSecretNamespace: 'default', csiNodePublishSecretName: 'csi-rbd-secret', csiNodePublishSecretNamespace: 'default', adminid: 'admin', userid: 'admin' }, attributes: { monitors: '172.31.30.178:6789 172.31.41.151:6789 172.31.84.1:6789', pool: 'xfs-pool', imageFormat: '2', imageFeatures: 'layering', fsType: 'xfs' } });
    c.attachVolume({ pv, node: 'ip-172-31-16-243.ec2.internal' });
    const pod = c.pod('default/busybox', { image: 'busybox', volumes: [pvcVolume('pvc', 'rbd-pvc', '/mnt/ceph')], node: 'ip-172-31-16-243.ec2.internal', created: '-8s', state: waiting('ContainerCreating') });
    scheduled(c, pod, '-8s');
    attached(c, pod, pv.metadata.name, '-7s');
    failedMount(c, pod, `MountVolume.SetUp failed for volume "${pv.metadata.name}" : rpc error: code = Unknown desc = executable file not found in $PATH`, { count: 3, first: '-3s', last: '-1s' });
    return c.objects();
  },
};
