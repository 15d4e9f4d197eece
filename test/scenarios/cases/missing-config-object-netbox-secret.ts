import { pvcVolume, running, secretVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiClaim, csiDriver, custom, failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2024-06-03T11:00:00Z';
const NODES = ['k3s-1', 'k3s-2', 'k3s-3'];

export const scenario: Scenario = {
  id: 'missing-config-object-netbox-secret',
  title: 'NetBox housekeeping pod waits for Secret "netbox" that the chart never created; its Longhorn PVC is fine',
  source: {
    url: 'https://github.com/netbox-community/netbox-chart/issues/231',
    summary: 'With chart 5.0.0-beta.21: "MountVolume.SetUp failed for volume \\"secrets\\" : secret \\"netbox\\" not found" for Pod netbox-housekeeping.',
    rootCause: 'The Secret the pod mounts does not exist in the namespace (the beta chart stopped rendering it under that name); creating it (or fixing the chart values) lets the pod start. Storage is not involved.',
    filledIn: 'k3s with Longhorn; the housekeeping pod also mounts a healthy Longhorn PVC (attached, no storage errors), so storage hypotheses must stay out.',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'netbox/netbox-housekeeping-6f8c9d7b5-qx2lm',
  expect: { top: 'missing-config-object', ruledOut: ['hairpin-colocation', 'target-not-ready', 'multi-attach', 'csi-node-plugin-missing'] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'driver.longhorn.io', daemonSet: 'longhorn-system/longhorn-csi-plugin', image: 'longhornio/longhorn-manager:v1.6.2', kubeletDir: kubeletDir('k3s'), pluginNodes: NODES, allNodes: NODES, labels: { app: 'longhorn-csi-plugin' } });
    const { pv } = csiClaim(c, 'netbox/netbox-media', { driver: 'driver.longhorn.io', storageClass: 'longhorn', size: '1Gi', accessModes: ['ReadWriteMany'], created: '-40d', attributes: { numberOfReplicas: '3', share: 'true' } });
    c.attachVolume({ pv, node: 'k3s-2' });
    c.deployment('netbox/netbox', { image: 'ghcr.io/netbox-community/netbox:v4.0.3', volumes: [pvcVolume('media-files', 'netbox-media', '/opt/netbox/netbox/media')], node: 'k3s-1', podCreated: '-2d', state: running({ since: '-2d' }) });
    const hk = c.deployment('netbox/netbox-housekeeping', {
      templateHash: '6f8c9d7b5', suffix: 'qx2lm', image: 'ghcr.io/netbox-community/netbox:v4.0.3',
      volumes: [secretVolume('secrets', 'netbox', '/run/secrets/netbox'), pvcVolume('media-files', 'netbox-media', '/opt/netbox/netbox/media')],
      node: 'k3s-2', podCreated: '-40m', state: waiting('ContainerCreating'),
    });
    // What `kubectl get secrets -n netbox` lists (values dropped): the chart's other Secrets, not "netbox".
    for (const [name, type] of [['netbox-postgresql', 'Opaque'], ['netbox-redis', 'Opaque'], ['netbox-superuser', 'kubernetes.io/basic-auth'], ['sh.helm.release.v1.netbox.v1', 'helm.sh/release.v1']] as const) custom(c, 'v1', 'Secret', `netbox/${name}`, { type }, {}, '-2d');
    scheduled(c, hk.pod, '-40m');
    c.event({ on: hk.pod, reason: 'SuccessfulAttachVolume', message: `AttachVolume.Attach succeeded for volume "${pv.metadata.name}"`, last: '-40m' });
    failedMount(c, hk.pod, 'MountVolume.SetUp failed for volume "secrets" : secret "netbox" not found', { count: 27, first: '-40m', last: '-30s' });
    mountTimeout(c, hk.pod, ['secrets'], { count: 18, first: '-38m', last: '-1m' });
    return c.objects();
  },
};
