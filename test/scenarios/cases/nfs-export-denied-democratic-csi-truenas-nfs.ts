import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiClaim, csiDriver, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2021-06-02T14:20:00Z';
const NODES = ['kube-cp-1', 'kube-w-1', 'kube-w-2'];
const KUBEADM_121 = { kubeletVersion: 'v1.21.1', containerRuntimeVersion: 'containerd://1.4.4', osImage: 'Ubuntu 20.04.2 LTS', kernelVersion: '5.4.0-73-generic' };
const SHARE = '/mnt/blob/kubes/nfs/vols/pvc-abcd';

export const scenario: Scenario = {
  id: 'nfs-export-denied-democratic-csi-truenas-nfs',
  title: 'democratic-csi freenas-nfs: the volume is provisioned but staging fails with "mount.nfs: access denied by server", wrapped in the driver\'s JSON error',
  source: {
    url: 'https://github.com/democratic-csi/democratic-csi/issues/95',
    summary: '"We\'re able to successfully provision a freenas-nfs volume, but when we try to use it in a pod: MountVolume.MountDevice failed for volume \\"pvc-abcd\\" : rpc error: code = Internal desc = {\\"code\\":32,\\"stdout\\":\\"\\",\\"stderr\\":\\"mount.nfs: access denied by server while mounting xyz.cluster.local:/mnt/blob/kubes/nfs/vols/pvc-abcd\\\\n\\"}".',
    rootCause: 'The TrueNAS server refuses the mount of the share democratic-csi created: the NFS share\'s access settings (allowed networks/hosts, maproot) do not admit the Kubernetes nodes. The volume and driver work; the export does not allow these clients.',
    filledIn: 'A kubeadm 1.21 cluster with three nodes; the democratic-csi node DaemonSet and CSIDriver org.democratic-csi.nfs (no attach); the test-nfs-csi StorageClass with nfsvers=4 mount options; a PV named as in the report ("pvc-abcd"), volume attributes as the freenas-nfs driver writes them; the consumer pod and the mount timeout.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/nfs-test-6f7d9c8b5-2mq8w',
  expect: { top: 'nfs-export-denied', ruledOut: ['nfs-server-unresolvable', 'mount-helper-missing', 'hairpin-colocation', 'target-not-ready', 'csi-node-plugin-missing'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, nodeOptions: Object.fromEntries(NODES.map((n) => [n, KUBEADM_121])) });
    csiDriver(c, { driver: 'org.democratic-csi.nfs', daemonSet: 'democratic-csi/zfs-nfs-democratic-csi-node', image: 'democraticcsi/democratic-csi:v1.2.0', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES, allNodes: NODES, attachRequired: false, labels: { app: 'democratic-csi', 'app.kubernetes.io/component': 'node-linux' } });
    const { pv } = csiClaim(c, 'default/nfs-test-pvc', { driver: 'org.democratic-csi.nfs', storageClass: 'test-nfs-csi', size: '1Gi', accessModes: ['ReadWriteMany'], fsType: 'nfs', pvName: 'pvc-abcd', created: '-15m', parameters: { fsType: 'nfs' }, attributes: { server: 'xyz.cluster.local', share: SHARE, node_attach_driver: 'nfs', provisioner_driver: 'freenas-nfs' } });
    (pv.spec as Record<string, unknown>).mountOptions = ['noatime', 'nfsvers=4'];
    const d = c.deployment('default/nfs-test', { templateHash: '6f7d9c8b5', suffix: '2mq8w', image: 'nginx:1.21', volumes: [pvcVolume('data', 'nfs-test-pvc', '/usr/share/nginx/html')], node: 'kube-w-1', podCreated: '-14m', state: waiting('ContainerCreating') });
    scheduled(c, d.pod, '-14m');
    c.event({ on: d.pod, reason: 'FailedMount', message: `MountVolume.MountDevice failed for volume "pvc-abcd" : rpc error: code = Internal desc = {"code":32,"stdout":"","stderr":"mount.nfs: access denied by server while mounting xyz.cluster.local:${SHARE}\\n"}`, count: 14, first: '-14m', last: '-40s' });
    mountTimeout(c, d.pod, ['data'], { count: 6, first: '-12m', last: '-1m' });
    return c.objects();
  },
};
