import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { csiClaim, csiDriver, failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2021-09-22T04:15:00Z';
const NODES = ['k0s-ctl', 'k0s-w1', 'k0s-w2', 'k0s-w3'];

export const scenario: Scenario = {
  id: 'csi-kubelet-dir-mismatch-rook-k0s',
  title: 'Rook Ceph RBD on k0s: csi-rbdplugin pods Running, kubelet never sees the driver',
  source: {
    url: 'https://github.com/rook/rook/issues/8791',
    summary: '"kubernetes.io/csi: attacher.MountDevice failed to create newCsiDriverClient: driver name rook-ceph.rbd.csi.ceph.com not found in the list of registered CSI drivers"; the reporter confirmed "yes I changed the kubelet installation path".',
    rootCause: 'The kubelet root directory differs from the /var/lib/kubelet the Rook CSI DaemonSet mounts (ROOK_CSI_KUBELET_DIR_PATH), so node-driver-registrar writes its socket where this kubelet does not look; setting the path fixed it ("now works well").',
    filledIn: 'The changed kubelet path modelled as k0s\' /var/lib/k0s/kubelet; Rook 1.7 csi-rbdplugin DaemonSet with default paths on all workers.',
  },
  distribution: 'k0s',
  now: NOW,
  pod: 'apps/grafana-5d9c8b7f6-p7hbk',
  messageGroup: 'csi-driver-not-registered',
  expect: { top: 'csi-kubelet-dir-mismatch', ruledOut: ['csi-node-plugin-missing'] },
  build() {
    const c = baseCluster('k0s', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'rook-ceph.rbd.csi.ceph.com', daemonSet: 'rook-ceph/csi-rbdplugin', image: 'quay.io/cephcsi/cephcsi:v3.4.0', kubeletDir: '/var/lib/kubelet', pluginNodes: ['k0s-w1', 'k0s-w2', 'k0s-w3'], registeredOn: [], allNodes: NODES, labels: { app: 'csi-rbdplugin' } });
    const { pv } = csiClaim(c, 'apps/grafana', { driver: 'rook-ceph.rbd.csi.ceph.com', storageClass: 'rook-ceph-block', size: '10Gi', created: '-20m', attributes: { clusterID: 'rook-ceph', imageFeatures: 'layering', imageFormat: '2', imageName: 'csi-vol-0c4b2a1e-1b5f-11ec-9a3e-2a9d7c1b5e6f', journalPool: 'replicapool', pool: 'replicapool' } });
    c.attachVolume({ pv, node: 'k0s-w2' });
    const app = c.deployment('apps/grafana', {
      templateHash: '5d9c8b7f6', suffix: 'p7hbk', image: 'grafana/grafana:8.1.5', volumes: [pvcVolume('storage', 'grafana', '/var/lib/grafana')],
      node: 'k0s-w2', podCreated: '-18m', state: waiting('ContainerCreating'),
    });
    scheduled(c, app.pod, '-18m');
    c.event({ on: app.pod, reason: 'SuccessfulAttachVolume', message: `AttachVolume.Attach succeeded for volume "${pv.metadata.name}"`, last: '-18m' });
    failedMount(c, app.pod, `MountVolume.MountDevice failed for volume "${pv.metadata.name}" : kubernetes.io/csi: attacher.MountDevice failed to create newCsiDriverClient: driver name rook-ceph.rbd.csi.ceph.com not found in the list of registered CSI drivers`, { count: 16, first: '-17m', last: '-20s' });
    mountTimeout(c, app.pod, ['storage'], { count: 8, first: '-16m', last: '-2m' });
    // Stale: before the reinstall, a grafana pod on k0s-w1 hit a Multi-Attach while the old pod held the volume.
    const before = c.goneRef('Pod', 'apps/grafana-5d9c8b7f6-x4vbn');
    c.event({ on: before, reason: 'FailedAttachVolume', source: { component: 'attachdetach-controller' }, count: 1, last: '-2h', message: `Multi-Attach error for volume "${pv.metadata.name}" Volume is already used by pod(s) grafana-5d9c8b7f6-q7tzm` });
    return c.objects();
  },
};
