import { pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { csiClaim, csiDriver, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2021-05-07T16:20:00Z';
const NODE = 'node-name';
const MK8S_121 = { kubeletVersion: 'v1.21.0-3+121713cef81e03', containerRuntimeVersion: 'containerd://1.4.4', osImage: 'Ubuntu 20.04.2 LTS', kernelVersion: '5.4.0-72-generic' };

export const scenario: Scenario = {
  id: 'csi-kubelet-dir-mismatch-longhorn-microk8s-csinode',
  title: 'Longhorn on microk8s with the default kubelet root: every attach fails with "CSINode … does not contain driver driver.longhorn.io" while all Longhorn pods run',
  source: {
    url: 'https://github.com/longhorn/longhorn/issues/2580',
    summary: '"fresh installation of Longhorn v1.1.1 on microk8s 1.21 … whenever I try to start a pod that uses a Longhorn PVC, I get: Warning FailedAttachVolume 1s (x6 over 19s) attachdetach-controller AttachVolume.Attach failed for volume \\"volume-name\\" : CSINode node-name does not contain driver driver.longhorn.io" — "All of the Longhorn pods are up and running on that node".',
    rootCause: 'microk8s\'s kubelet lives under /var/snap/microk8s/common/var/lib/kubelet; Longhorn was deployed with the default /var/lib/kubelet, so its node-driver-registrar writes the registration socket where this kubelet never looks and the driver is never registered in the node\'s CSINode. Setting Longhorn\'s kubelet root directory for microk8s fixes it (Longhorn\'s documented microk8s setting).',
    filledIn: 'A single microk8s 1.21 node; Longhorn 1.1.1\'s CSIDriver, longhorn-csi-plugin DaemonSet with /var/lib/kubelet host paths, the manager DaemonSet; the CSINode without drivers; the claim and the consumer pod; the VolumeAttachment whose attachError is external-attacher\'s "CSINode … does not contain driver …" (kubernetes-csi/external-attacher getNodeID), and the attach-detach controller\'s event with the report\'s names.',
  },
  distribution: 'microk8s',
  now: NOW,
  pod: 'default/volume-test',
  expect: { top: 'csi-kubelet-dir-mismatch', ruledOut: ['csi-node-plugin-missing', 'stale-volume-attachment', 'multi-attach'] },
  build() {
    const c = baseCluster('microk8s', NOW, { nodes: [NODE], epoch: '-2d', nodeOptions: { [NODE]: MK8S_121 } });
    csiDriver(c, { driver: 'driver.longhorn.io', daemonSet: 'longhorn-system/longhorn-csi-plugin', image: 'longhornio/longhorn-manager:v1.1.1', kubeletDir: '/var/lib/kubelet', pluginNodes: [NODE], allNodes: [NODE], registeredOn: [], labels: { app: 'longhorn-csi-plugin' } });
    c.daemonSet('longhorn-system/longhorn-manager', { labels: { app: 'longhorn-manager' }, image: 'longhornio/longhorn-manager:v1.1.1', containers: [{ name: 'longhorn-manager', image: 'longhornio/longhorn-manager:v1.1.1', command: ['longhorn-manager', '-d', 'daemon', '--engine-image', 'longhornio/longhorn-engine:v1.1.1', '--manager-image', 'longhornio/longhorn-manager:v1.1.1', '--service-account', 'longhorn-service-account'], securityContext: { privileged: true } }], podCreated: '-36m', state: running({ since: '-36m', restarts: 1 }) });
    const { pv } = csiClaim(c, 'default/volume-name', { driver: 'driver.longhorn.io', storageClass: 'longhorn', size: '2Gi', pvName: 'volume-name', created: '-20m', attributes: { numberOfReplicas: '1', staleReplicaTimeout: '2880' } });
    // The attach-detach controller created the VolumeAttachment; csi-attacher cannot find the node's ID for the driver in its CSINode.
    c.attachVolume({ pv, node: NODE, attached: false, attachError: `CSINode ${NODE} does not contain driver driver.longhorn.io` });
    const pod = c.pod('default/volume-test', { image: 'nginx:stable-alpine', volumes: [pvcVolume('volv', 'volume-name', '/data')], node: NODE, created: '-20s', state: waiting('ContainerCreating') });
    scheduled(c, pod, '-20s');
    c.event({ on: pod, reason: 'FailedAttachVolume', message: `AttachVolume.Attach failed for volume "volume-name" : CSINode ${NODE} does not contain driver driver.longhorn.io`, count: 6, first: '-19s', last: '-1s' });
    return c.objects();
  },
};
