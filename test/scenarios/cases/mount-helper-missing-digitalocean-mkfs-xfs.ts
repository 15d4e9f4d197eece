import { pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { attached, csiClaim, csiDriver, failedMount, legacyMountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2019-04-01T09:12:00Z';
const NODES = ['hbinduni-1-7tcf', 'hbinduni-1-7tcl', 'hbinduni-1-7tcx'];
// DOKS 1.13.5 worker droplets: Debian 9, Docker 18.09.
const DOKS = { kubeletVersion: 'v1.13.5', containerRuntimeVersion: 'docker://18.9.2', osImage: 'Debian GNU/Linux 9 (stretch)', kernelVersion: '4.19.0-0.bpo.2-amd64', roles: [] };

export const scenario: Scenario = {
  id: 'mount-helper-missing-digitalocean-mkfs-xfs',
  title: 'DigitalOcean block storage with fsType xfs: exec: "mkfs.xfs": executable file not found in $PATH',
  source: {
    url: 'https://github.com/digitalocean/csi-digitalocean/issues/135',
    summary: '"add support for xfs format": "MountVolume.MountDevice failed for volume \\"pvc-f7fe24a8-5410-11e9-a36d-2af020f9be33\\" : rpc error: code = Internal desc = exec: \\"mkfs.xfs\\": executable file not found in $PATH", after SuccessfulAttachVolume, on Kubernetes v1.13.5.',
    rootCause: 'The csi-digitalocean node plugin formats the volume with mkfs.<fstype> inside its own container, and its image shipped only the ext4 tools; xfs support needed xfsprogs in the plugin image (the request the issue was closed with). The volume attached fine; nothing is wrong with the node or the disk.',
    filledIn: 'Three DOKS 1.13.5 workers (the report\'s node hbinduni-1-7tcl and two siblings), the do-csi-node DaemonSet and CSIDriver, a StorageClass with fsType xfs, the app pod (my-csi-app) and its bound 5Gi claim with the report\'s PV name; a kubelet timeout summary in 1.13 wording.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/my-csi-app',
  expect: { top: 'mount-helper-missing', ruledOut: ['csi-node-plugin-missing', 'filesystem-corruption', 'stale-volume-attachment', 'multi-attach'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, nodeOptions: Object.fromEntries(NODES.map((n) => [n, DOKS])) });
    csiDriver(c, { driver: 'dobs.csi.digitalocean.com', daemonSet: 'kube-system/csi-do-node', image: 'digitalocean/do-csi-plugin:v1.0.0', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES, allNodes: NODES, labels: { app: 'csi-do-node' } });
    const { pv } = csiClaim(c, 'default/csi-pvc', { driver: 'dobs.csi.digitalocean.com', storageClass: 'do-block-storage-xfs', size: '5Gi', fsType: 'xfs', created: '-25s', pvName: 'pvc-f7fe24a8-5410-11e9-a36d-2af020f9be33', parameters: { fsType: 'xfs' }, attributes: { 'com.digitalocean.csi/noformat': 'false' } });
    c.attachVolume({ pv, node: 'hbinduni-1-7tcl' });
    const pod = c.pod('default/my-csi-app', { labels: { app: 'my-csi-app' }, image: 'busybox', volumes: [pvcVolume('my-do-volume', 'csi-pvc', '/data')], node: 'hbinduni-1-7tcl', created: '-2m20s', state: waiting('ContainerCreating') });
    scheduled(c, pod, '-2m20s');
    attached(c, pod, pv.metadata.name, '-2m14s');
    failedMount(c, pod, `MountVolume.MountDevice failed for volume "${pv.metadata.name}" : rpc error: code = Internal desc = exec: "mkfs.xfs": executable file not found in $PATH`, { count: 9, first: '-2m12s', last: '-4s' });
    legacyMountTimeout(c, pod, ['my-do-volume'], { count: 1, last: '-18s' });
    c.deployment('default/web', { image: 'nginx:1.15', node: 'hbinduni-1-7tcf', podCreated: '-6d', state: running({ since: '-6d' }) });
    return c.objects();
  },
};
