import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiDriver, failedMount, jivaCsiVolume, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2023-06-04T10:25:00Z';
const NODES = ['node-a', 'node-b', 'node-c', 'node-d'];

export const scenario: Scenario = {
  id: 'stale-volume-attachment-jiva-csi-mountinfo',
  title: 'Jiva CSI refuses to stage: the JivaVolume still records a mount on a cordoned node that has none',
  source: {
    url: 'https://github.com/openebs/openebs/issues/3632',
    summary: '"Cannot mount Jiva volume because kubernetes thinks it\'s already mounted, but it\'s not": NodeStageVolume is refused while the staging directory exists only on a cordoned node "which … shouldn\'t have had any interesting pods running".',
    rootCause: 'Stale attachment state: the JivaVolume\'s `spec.mountInfo` and `nodeID` label still name node-d; the workaround is "removing mountInfo and labels.nodeName from the relevant JivaVolume resource" (or rebooting the suspect node).',
    filledIn: 'Jiva operator 3.4 on a microk8s-style layout replaced by k3s (paths /var/lib/kubelet); the FailedPrecondition text as jiva-csi\'s NodeStage returns it; node-d cordoned and Ready.',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'apps/seerr-0',
  expect: { top: 'stale-volume-attachment', ruledOut: ['multi-attach', 'hairpin-colocation', 'target-not-ready', 'replica-quorum-lost'] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: NODES, nodeOptions: { 'node-d': { unschedulable: true } } });
    csiDriver(c, { driver: 'jiva.csi.openebs.io', daemonSet: 'openebs/openebs-jiva-csi-node', image: 'openebs/jiva-csi:3.4.0', kubeletDir: kubeletDir('k3s'), pluginNodes: NODES, allNodes: NODES, attachRequired: false });
    const vol = jivaCsiVolume(c, { claim: 'apps/config-seerr-0', controllerNode: 'node-c', replicaNodes: ['node-a', 'node-b', 'node-c'], mountedOn: 'node-d', version: '3.4.0' });
    const sts = c.statefulSet('apps/seerr', { image: 'fallenbagel/jellyseerr:1.5.0', volumes: [pvcVolume('config', 'config-seerr-0', '/app/config')], node: 'node-a', podCreated: '-16m', state: waiting('ContainerCreating') });
    scheduled(c, sts.pod, '-16m');
    const gm = `${kubeletDir('k3s')}/plugins/kubernetes.io/csi/jiva.csi.openebs.io/1f0c9e2d8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e/globalmount`;
    failedMount(c, sts.pod, `MountVolume.MountDevice failed for volume "${vol.pvName}" : rpc error: code = FailedPrecondition desc = volume {${vol.pvName}} is already mounted at more than one place: {{${gm}  ext4 /dev/disk/by-path/ip-${vol.portal}-iscsi-iqn.2016-09.com.openebs.jiva:${vol.pvName}-lun-0}}`, { count: 9, first: '-15m', last: '-1m' });
    mountTimeout(c, sts.pod, ['config'], { count: 7, first: '-14m', last: '-2m' });
    return c.objects();
  },
};
