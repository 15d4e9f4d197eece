import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { attached, csiClaim, csiDriver, failedMount, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2024-07-02T08:15:00Z';
const NODES = ['muc1pro-k8s-cp-1', 'muc1pro-k8s-worker-1', 'muc1pro-k8s-worker-2', 'muc1pro-k8s-worker-3'];

export const scenario: Scenario = {
  id: 'external-target-unreachable-trident-portal-down',
  title: 'Trident iSCSI volume cannot stage while the NetApp portal outside the cluster is down',
  source: {
    url: 'https://github.com/NetApp/trident/issues/909',
    summary: '"Failed iSCSI Login When Portal Is Down". An existing PVC fails on a new pod: "SuccessfulAttachVolume ... AttachVolume.Attach succeeded" then "MountVolume.MountDevice failed for volume \\"pvc-fe961121-673a-4978-8f2d-2d16abd80ee9\\" : rpc error: code = Internal desc = rpc error: code = Internal desc = failed to stage volume: process killed after timeout".',
    rootCause: 'The storage system\'s iSCSI portal (outside the cluster) was down because of defective hardware; the reporter "managed to replace the defective parts, so the problem doesn\'t occur anymore".',
    filledIn: 'Trident 24.06 (csi.trident.netapp.io) node DaemonSet on every node; the portal address and LUN attributes; kubeadm 1.29 base cluster; a storagetest pod on worker-3.',
  },
  knownMiss:
    '`failed to stage volume: process killed after timeout` is Trident\'s generic timeout for any host command it runs (utils/exec/command.go), naming neither the command nor a portal, so it is not a connection-class error. The Trident PV\'s volumeAttributes (backendUUID, internalName, name, protocol) carry no portal, and the storage system\'s state (its LIFs, the defective hardware) is outside the cluster: nothing in the snapshot points at the portal being down.',
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/storagetest-muc1pro-iscsi',
  expect: { top: 'external-target-unreachable', ruledOut: ['hairpin-colocation', 'portal-stale', 'target-not-ready'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'csi.trident.netapp.io', daemonSet: 'trident/trident-node-linux', image: 'docker.io/netapp/trident:24.06.0', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES, allNodes: NODES, attachRequired: true, labels: { app: 'node.csi.trident.netapp.io' } });
    const { pv } = csiClaim(c, 'default/storagetest-muc1pro-iscsi', { driver: 'csi.trident.netapp.io', storageClass: 'ontap-san', size: '1Gi', created: '-270d', parameters: { backendType: 'ontap-san', fsType: 'ext4' }, attributes: { backendUUID: '5b3c1f0e-8d1a-4f7e-9a63-2f0c9d7e1a44', internalName: 'trident_pvc_fe961121_673a_4978_8f2d_2d16abd80ee9', name: 'pvc-fe961121-673a-4978-8f2d-2d16abd80ee9', protocol: 'block' }, pvName: 'pvc-fe961121-673a-4978-8f2d-2d16abd80ee9' });
    c.attachVolume({ pv, node: 'muc1pro-k8s-worker-3' });
    const pod = c.pod('default/storagetest-muc1pro-iscsi', { image: 'busybox:1.36', volumes: [pvcVolume('data', 'storagetest-muc1pro-iscsi', '/data')], node: 'muc1pro-k8s-worker-3', created: '-31s', state: waiting('ContainerCreating') });
    scheduled(c, pod, '-31s');
    attached(c, pod, pv.metadata.name, '-31s');
    failedMount(c, pod, `MountVolume.MountDevice failed for volume "${pv.metadata.name}" : rpc error: code = Internal desc = rpc error: code = Internal desc = failed to stage volume: process killed after timeout`, { count: 1, last: '-2s' });
    return c.objects();
  },
};
