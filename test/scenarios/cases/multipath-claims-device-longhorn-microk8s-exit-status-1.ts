import { pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { attached, csiClaim, csiDriver, custom, failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2020-08-10T22:20:00Z';
const NODES = ['mogwai-nuc-1', 'mogwai-nuc-2', 'mogwai-nuc-3'];

export const scenario: Scenario = {
  id: 'multipath-claims-device-longhorn-microk8s-exit-status-1',
  title: 'Longhorn on microk8s: volume attached and healthy, kubelet only says "rpc error: code = Internal desc = exit status 1" — multipathd holds the device',
  source: {
    url: 'https://github.com/longhorn/longhorn/issues/1210',
    summary: '"MountVolume.SetUp failed for volume : rpc error: code = Internal desc = exit status 1 due to multipathd on the node": the pod stays in ContainerCreating with that FailedMount while longhorn-manager reports the volume "Attached" and the engine running (pod IPs 10.1.72.x, a microk8s Calico range).',
    rootCause: 'multipathd on the node claims the Longhorn iSCSI-backed /dev/sdX behind /dev/longhorn/<pv> as a multipath member, so the CSI plugin\'s mkfs/mount of the device fails (exit status 1). The Longhorn KB written from this issue ("troubleshooting-volume-with-multipath") fixes it by blacklisting the devices in /etc/multipath.conf and restarting multipathd.',
    filledIn: 'Three microk8s 1.18-era nodes (modelled with the microk8s profile), Longhorn 1.0.1 CSI (NodePublish without staging, hence SetUp), the Longhorn Volume CR attached and healthy on mogwai-nuc-2, a Home Assistant Deployment and its 2Gi claim with the report\'s PV name.',
  },
  distribution: 'microk8s',
  now: NOW,
  pod: 'home/home-assistant-5f7c9d8b6-rt2vx',
  expect: { top: 'multipath-claims-device', ruledOut: ['stale-volume-attachment', 'multi-attach', 'csi-node-plugin-missing', 'csi-kubelet-dir-mismatch'] },
  build() {
    const c = baseCluster('microk8s', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'driver.longhorn.io', daemonSet: 'longhorn-system/longhorn-csi-plugin', image: 'longhornio/longhorn-manager:v1.0.1', kubeletDir: kubeletDir('microk8s'), pluginNodes: NODES, allNodes: NODES, labels: { app: 'longhorn-csi-plugin' } });
    c.daemonSet('longhorn-system/longhorn-manager', { labels: { app: 'longhorn-manager' }, image: 'longhornio/longhorn-manager:v1.0.1', nodes: NODES, state: running({ since: '-3d' }), podCreated: '-3d' });
    const { pv } = csiClaim(c, 'home/home-assistant-config', { driver: 'driver.longhorn.io', storageClass: 'longhorn', size: '2Gi', created: '-2d', pvName: 'pvc-98cfa312-0d5b-47e5-a196-435398f96da3', attributes: { numberOfReplicas: '3', staleReplicaTimeout: '30', fromBackup: '' } });
    c.attachVolume({ pv, node: 'mogwai-nuc-2' });
    custom(c, 'longhorn.io/v1beta1', 'Volume', `longhorn-system/${pv.metadata.name}`, { spec: { numberOfReplicas: 3, size: '2147483648', frontend: 'blockdev', nodeID: 'mogwai-nuc-2' }, status: { state: 'attached', robustness: 'healthy', currentNodeID: 'mogwai-nuc-2', frontendDisabled: false } });
    const app = c.deployment('home/home-assistant', { templateHash: '5f7c9d8b6', suffix: 'rt2vx', image: 'homeassistant/home-assistant:0.114.0', ports: [{ name: 'http', containerPort: 8123 }], volumes: [pvcVolume('config', 'home-assistant-config', '/config')], node: 'mogwai-nuc-2', podCreated: '-22m', state: waiting('ContainerCreating') });
    scheduled(c, app.pod, '-22m');
    attached(c, app.pod, pv.metadata.name, '-21m');
    failedMount(c, app.pod, `MountVolume.SetUp failed for volume "${pv.metadata.name}" : rpc error: code = Internal desc = exit status 1`, { count: 17, first: '-21m', last: '-40s' });
    mountTimeout(c, app.pod, ['config'], { count: 9, first: '-19m', last: '-2m' });
    return c.objects();
  },
};
