import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiClaim, csiDriver, custom, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2023-05-23T07:10:00Z';
const NODES = ['node-1', 'node-2', 'node-3'];

export const scenario: Scenario = {
  id: 'stale-volume-attachment-longhorn-hard-shutdown',
  title: 'After a hard shutdown the VolumeAttachment still binds the Longhorn volume to a node where nothing uses it',
  source: {
    url: 'https://github.com/longhorn/longhorn/issues/1985',
    summary: '"Volume is already exclusively attached to one node and can\'t be attached to another" for a StatefulSet after node maintenance; a later comment: "On a hard shutdown the attachment was left hanging and caused no end of issues", resolved by removing the VolumeAttachment.',
    rootCause: 'A VolumeAttachment left over from before the hard shutdown still records the volume as attached to node-2, which no longer runs any consumer of it; deleting the stale VolumeAttachment lets the volume attach to the new node.',
    filledIn: 'k3s with Longhorn 1.4, node-2 back Ready after the shutdown, the Redis StatefulSet pod rescheduled onto node-1 (the old pod was force-deleted); Longhorn Volume CR detached-but-attached-to node-2.',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'cache/redis-0',
  messageGroup: 'multi-attach-error',
  expect: { top: 'stale-volume-attachment', ruledOut: ['multi-attach'] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'driver.longhorn.io', daemonSet: 'longhorn-system/longhorn-csi-plugin', image: 'longhornio/longhorn-manager:v1.4.2', kubeletDir: kubeletDir('k3s'), pluginNodes: NODES, allNodes: NODES, labels: { app: 'longhorn-csi-plugin' } });
    const { pv } = csiClaim(c, 'cache/data-redis-0', { driver: 'driver.longhorn.io', storageClass: 'longhorn', size: '8Gi', created: '-120d', attributes: { numberOfReplicas: '3', staleReplicaTimeout: '30' } });
    c.attachVolume({ pv, node: 'node-2', inUse: false });
    custom(c, 'longhorn.io/v1beta2', 'Volume', `longhorn-system/${pv.metadata.name}`, { spec: { numberOfReplicas: 3, size: '8589934592', frontend: 'blockdev', nodeID: 'node-2' }, status: { state: 'attached', robustness: 'healthy', currentNodeID: 'node-2' } });
    const sts = c.statefulSet('cache/redis', { image: 'redis:7.0.11', volumes: [pvcVolume('data', 'data-redis-0', '/data')], node: 'node-1', podCreated: '-30m', state: waiting('ContainerCreating') });
    scheduled(c, sts.pod, '-30m');
    c.event({ on: sts.pod, reason: 'FailedAttachVolume', message: `Multi-Attach error for volume "${pv.metadata.name}" Volume is already exclusively attached to one node and can't be attached to another`, last: '-30m' });
    mountTimeout(c, sts.pod, ['data'], { count: 13, first: '-28m', last: '-1m' });
    c.event({ on: c.get('Node', 'node-2'), reason: 'NodeReady', type: 'Normal', message: 'Node node-2 status is now: NodeReady', last: '-35m' });
    return c.objects();
  },
};
