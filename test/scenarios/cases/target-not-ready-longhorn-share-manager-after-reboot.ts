import { pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiClaim, csiDriver, custom, failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2023-07-31T14:05:00Z';
const NODES = ['node-1', 'node-2', 'node-3'];
const PV = 'pvc-f872d751-2d4c-4470-b6ed-80a9c9b07214';

export const scenario: Scenario = {
  id: 'target-not-ready-longhorn-share-manager-after-reboot',
  title: 'Longhorn RWX after a kernel-update reboot: the share-manager (NFS server) pod never gets Ready, consumers wait on "share not yet available"',
  source: {
    url: 'https://github.com/longhorn/longhorn/issues/6429',
    summary: '"Share not yet available": right after restarting the nodes for a kernel update, pods stay Pending with the only event "MountVolume.MountDevice failed for volume \\"pvc-f872d751-2d4c-4470-b6ed-80a9c9b07214\\" : rpc error: code = Aborted desc = volume pvc-f872d751-2d4c-4470-b6ed-80a9c9b07214 share not yet available"; the share-manager pod shows "Readiness probe failed: cat: /var/run/ganesha.pid: No such file or directory" and logs "Waiting with nfs server start, volume is not attached".',
    rootCause: 'The RWX volume\'s NFS server (the share-manager pod running nfs-ganesha) has not started — its backing Longhorn volume was not re-attached after the reboot — so the share has no ready server and the CSI plugin refuses to mount it. The consumers are fine; the serving side is not ready. (Why Longhorn did not re-attach the volume was not established in the thread; the state the report shows is what the expectation rests on.)',
    filledIn: 'Three kubeadm nodes with Longhorn 1.5.1 (release not given); the share-manager pod (Running, not Ready) and its Service; the Longhorn Volume (attaching, share not available) and ShareManager CRs; one consumer Deployment on node-3; events with the report\'s messages.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'apps/paperless-6c9f7d8b5-hz4qw',
  expect: { top: 'target-not-ready', ruledOut: ['hairpin-colocation', 'network-policy-blocks-target', 'external-target-unreachable', 'mount-helper-missing'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, epoch: '-200d' });
    csiDriver(c, { driver: 'driver.longhorn.io', daemonSet: 'longhorn-system/longhorn-csi-plugin', image: 'longhornio/longhorn-manager:v1.5.1', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES, allNodes: NODES, labels: { app: 'longhorn-csi-plugin' }, state: running({ since: '-20m' }) });
    c.daemonSet('longhorn-system/longhorn-manager', { labels: { app: 'longhorn-manager' }, image: 'longhornio/longhorn-manager:v1.5.1', nodes: NODES, state: running({ since: '-20m' }), podCreated: '-100d' });
    csiClaim(c, 'apps/paperless-data', { driver: 'driver.longhorn.io', storageClass: 'longhorn', size: '10Gi', accessModes: ['ReadWriteMany'], created: '-100d', pvName: PV, attributes: { numberOfReplicas: '3', staleReplicaTimeout: '30', fromBackup: '', share: 'true' } });
    const smLabels = { 'longhorn.io/component': 'share-manager', 'longhorn.io/managed-by': 'longhorn-manager', 'longhorn.io/share-manager': PV };
    const sm = c.pod(`longhorn-system/share-manager-${PV}`, {
      labels: smLabels,
      containers: [{ name: 'share-manager', image: 'longhornio/longhorn-share-manager:v1.5.1', args: ['--debug', 'daemon', '--volume', PV], securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN', 'DAC_READ_SEARCH'] } }, readinessProbe: { exec: { command: ['cat', '/var/run/ganesha.pid'] }, initialDelaySeconds: 5, periodSeconds: 5 } }],
      node: 'node-2', created: '-16m', state: running({ since: '-16m', ready: false }),
    });
    c.service(`longhorn-system/${PV}`, { selector: smLabels, labels: { 'longhorn.io/managed-by': 'longhorn-manager', 'longhorn.io/share-manager': PV }, ports: [{ name: 'nfs', port: 2049 }] });
    custom(c, 'longhorn.io/v1beta2', 'Volume', `longhorn-system/${PV}`, { spec: { numberOfReplicas: 3, size: '10737418240', frontend: 'blockdev', accessMode: 'rwx', nodeID: 'node-2' }, status: { state: 'attaching', robustness: 'unknown', currentNodeID: '', shareState: 'starting', shareEndpoint: '' } });
    custom(c, 'longhorn.io/v1beta2', 'ShareManager', `longhorn-system/${PV}`, { spec: { image: 'longhornio/longhorn-share-manager:v1.5.1' }, status: { state: 'starting', ownerID: 'node-2', endpoint: '' } });
    c.event({ on: sm, reason: 'Unhealthy', type: 'Warning', container: 'share-manager', message: 'Readiness probe failed: cat: /var/run/ganesha.pid: No such file or directory', count: 180, first: '-15m50s', last: '-5s' });
    const app = c.deployment('apps/paperless', { templateHash: '6c9f7d8b5', suffix: 'hz4qw', image: 'ghcr.io/paperless-ngx/paperless-ngx:1.16.5', volumes: [pvcVolume('data', 'paperless-data', '/usr/src/paperless/data')], node: 'node-3', podCreated: '-15m', state: waiting('ContainerCreating') });
    scheduled(c, app.pod, '-15m');
    failedMount(c, app.pod, `MountVolume.MountDevice failed for volume "${PV}" : rpc error: code = Aborted desc = volume ${PV} share not yet available`, { count: 14, first: '-14m50s', last: '-30s' });
    mountTimeout(c, app.pod, ['data'], { count: 6, first: '-13m', last: '-2m' });
    // Before the reboot the previous pod ran with the share mounted.
    const old = c.goneRef('Pod', 'apps/paperless-6c9f7d8b5-p2rm8');
    c.event({ on: old, reason: 'Killing', source: { component: 'kubelet', host: 'node-1' }, container: 'paperless', message: 'Stopping container paperless', last: '-22m' });
    return c.objects();
  },
};
