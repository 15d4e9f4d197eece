import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiClaim, csiDriver, custom, failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2022-01-06T11:20:00Z';
const NODES = ['k3s-server', 'k3s-agent-1'];

export const scenario: Scenario = {
  id: 'multipath-claims-device-longhorn-k3s',
  title: 'Longhorn volume attached and healthy, but mount says "already mounted or mount point busy": multipathd holds the device',
  source: {
    url: 'https://github.com/longhorn/longhorn/issues/1819',
    summary: '"MountVolume.MountDevice failed for volume \\"pvc-8ffdf006-…\\" : rpc error: code = Internal desc = mount failed: exit status 32 … mount -t ext4 -o defaults /dev/longhorn/pvc-8ffdf006-… …/globalmount: /dev/longhorn/pvc-8ffdf006-… already mounted or mount point busy." then "Unable to attach or mount volumes: unmounted volumes=[confluence-data] … timed out waiting for the condition".',
    rootCause: 'multipathd on the node grabs the Longhorn iSCSI-backed block device as a multipath member, so mount finds it busy; the Longhorn KB "troubleshooting-volume-with-multipath" fix is to blacklist Longhorn devices in /etc/multipath.conf (or stop multipathd).',
    filledIn: 'k3s 1.29 with Longhorn 1.2.3 (driver.longhorn.io), one Confluence Deployment; the Longhorn Volume CR attached and healthy on k3s-agent-1.',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'confluence/confluence-7f6d5c9b8-n4wqx',
  messageGroup: 'already-mounted-busy',
  expect: { top: 'multipath-claims-device', ruledOut: ['stale-volume-attachment', 'multi-attach', 'filesystem-corruption'] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'driver.longhorn.io', daemonSet: 'longhorn-system/longhorn-csi-plugin', image: 'longhornio/longhorn-manager:v1.2.3', kubeletDir: kubeletDir('k3s'), pluginNodes: NODES, allNodes: NODES, labels: { app: 'longhorn-csi-plugin' } });
    const { pv } = csiClaim(c, 'confluence/confluence-data', { driver: 'driver.longhorn.io', storageClass: 'longhorn', size: '20Gi', created: '-90d', attributes: { numberOfReplicas: '2', staleReplicaTimeout: '2880', fromBackup: '', baseImage: '' } });
    c.attachVolume({ pv, node: 'k3s-agent-1' });
    custom(c, 'longhorn.io/v1beta1', 'Volume', `longhorn-system/${pv.metadata.name}`, { spec: { numberOfReplicas: 2, size: '21474836480', frontend: 'blockdev', nodeID: 'k3s-agent-1' }, status: { state: 'attached', robustness: 'healthy', currentNodeID: 'k3s-agent-1', frontendDisabled: false } });
    const app = c.deployment('confluence/confluence', { templateHash: '7f6d5c9b8', suffix: 'n4wqx', image: 'atlassian/confluence:7.13.2', volumes: [pvcVolume('confluence-data', 'confluence-data', '/var/atlassian/application-data/confluence')], node: 'k3s-agent-1', podCreated: '-25m', state: waiting('ContainerCreating') });
    scheduled(c, app.pod, '-25m');
    c.event({ on: app.pod, reason: 'SuccessfulAttachVolume', message: `AttachVolume.Attach succeeded for volume "${pv.metadata.name}"`, last: '-24m' });
    const gm = `${kubeletDir('k3s')}/plugins/kubernetes.io/csi/pv/${pv.metadata.name}/globalmount`;
    failedMount(c, app.pod, `MountVolume.MountDevice failed for volume "${pv.metadata.name}" : rpc error: code = Internal desc = mount failed: exit status 32\nMounting command: mount\nMounting arguments: -t ext4 -o defaults /dev/longhorn/${pv.metadata.name} ${gm}\nOutput: mount: ${gm}: /dev/longhorn/${pv.metadata.name} already mounted or mount point busy.\n`, { count: 12, first: '-24m', last: '-1m' });
    mountTimeout(c, app.pod, ['confluence-data'], { count: 10, first: '-22m', last: '-3m' });
    return c.objects();
  },
};
