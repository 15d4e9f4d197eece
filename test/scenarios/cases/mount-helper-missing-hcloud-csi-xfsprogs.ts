import { pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { attached, csiClaim, csiDriver, failedMount, legacyMountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2019-05-29T00:40:00Z';
const NODES = ['hc-master-1', 'hc-worker-1', 'hc-worker-2'];
const K114 = { kubeletVersion: 'v1.14.2', containerRuntimeVersion: 'docker://1.13.1', osImage: 'CentOS Linux 7 (Core)', kernelVersion: '3.10.0-957.12.2.el7.x86_64' };

export const scenario: Scenario = {
  id: 'mount-helper-missing-hcloud-csi-xfsprogs',
  title: 'Hetzner Cloud volume with fsType xfs: staging fails with a bare "executable file not found in $PATH" (no xfsprogs in the CSI image)',
  source: {
    url: 'https://github.com/hetznercloud/csi-driver/pull/37',
    summary: '"Currently, XFS volume creation fails with an error": the driver logs "format of disk \\"/dev/disk/by-id/scsi-0HC_Volume_26xxxxx\\" failed: type:(\\"xfs\\") …" and kubelet "kubernetes.io/csi: attacher.MountDevice failed: rpc error: code = Internal desc = failed to stage volume: executable file not found in $PATH".',
    rootCause: 'The hcloud-csi-driver container image had no mkfs.xfs; mount-utils\' formatAndMount execs `mkfs.xfs` inside the node plugin, which fails with ENOENT. "Installing xfsprogs into hcloud-csi-driver container fixes this problem" (the merged PR). The node, the volume and the attachment are fine.',
    filledIn: 'A kubeadm 1.14 cluster on CentOS 7 / Docker (the report\'s dockerd-current logs), the hcloud CSI node DaemonSet and CSIDriver, a bound 10Gi claim with fsType xfs attached to hc-worker-2, a Postgres Deployment; the kubelet message as the pod event (MountDevice is the kubelet operation the log line belongs to).',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'db/postgres-6d9f7c8b5-xk2lp',
  expect: { top: 'mount-helper-missing', ruledOut: ['csi-node-plugin-missing', 'filesystem-corruption', 'stale-volume-attachment', 'multipath-claims-device'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, nodeOptions: Object.fromEntries(NODES.map((n) => [n, K114])) });
    csiDriver(c, { driver: 'csi.hetzner.cloud', daemonSet: 'kube-system/hcloud-csi-node', image: 'hetznercloud/hcloud-csi-driver:1.1.2', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES, allNodes: NODES, labels: { app: 'hcloud-csi' } });
    c.statefulSet('kube-system/hcloud-csi-controller', { image: 'hetznercloud/hcloud-csi-driver:1.1.2', node: 'hc-master-1', podCreated: '-3d', state: running({ since: '-3d' }) });
    const { pv } = csiClaim(c, 'db/postgres-data', { driver: 'csi.hetzner.cloud', storageClass: 'hcloud-volumes-xfs', size: '10Gi', fsType: 'xfs', created: '-4m', parameters: { 'csi.storage.k8s.io/fstype': 'xfs' } });
    c.attachVolume({ pv, node: 'hc-worker-2' });
    const app = c.deployment('db/postgres', { templateHash: '6d9f7c8b5', suffix: 'xk2lp', image: 'postgres:11.3', volumes: [pvcVolume('data', 'postgres-data', '/var/lib/postgresql/data')], node: 'hc-worker-2', podCreated: '-4m', state: waiting('ContainerCreating') });
    scheduled(c, app.pod, '-4m');
    attached(c, app.pod, pv.metadata.name, '-3m50s');
    failedMount(c, app.pod, `MountVolume.MountDevice failed for volume "${pv.metadata.name}" : rpc error: code = Internal desc = failed to stage volume: executable file not found in $PATH`, { count: 8, first: '-3m45s', last: '-25s' });
    legacyMountTimeout(c, app.pod, ['data'], { count: 1, last: '-1m40s' });
    return c.objects();
  },
};
