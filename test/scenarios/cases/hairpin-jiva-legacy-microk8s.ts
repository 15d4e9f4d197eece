import { pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { attached, failedMount, iscsiSendtargetsFailure, mountTimeout, pduLost, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2025-11-08T21:14:00Z';

export const scenario: Scenario = {
  id: 'hairpin-jiva-legacy-microk8s',
  title: 'Jellyfin on microk8s stuck on a legacy Jiva volume whose controller runs on the same node',
  source: {
    url: 'https://github.com/kubernetes/kubernetes/issues/45790',
    summary: 'The reporter could not reach a ClusterIP Service from a pod that is itself the Service\'s only backend: "Try accessing the service IP and port from within a target pod. It hangs. As far as I can tell, SYN but that is it." Applied to in-cluster iSCSI: kubelet\'s iscsiadm runs in the host namespace of the node that also runs the Jiva controller, and discovery through the ClusterIP fails with "iscsiadm: Login I/O error, failed to receive a PDU".',
    rootCause: 'Hairpin traffic: a connection to a ClusterIP that is DNATed back to a backend on the same node is dropped unless hairpin mode is set on the bridge/veth (kubelet --hairpin-mode); the maintainers traced it to hairpin not being configured with the CNI plugin. The consumer and its only target share a node.',
    filledIn: 'The storage around the mechanism: microk8s 1.28 on three Ubuntu nodes, OpenEBS 2.12 legacy Jiva with three replicas, Jellyfin rescheduled onto k8s02 where its controller runs; an fsck failure from the previous Jellyfin pod on k8s01 (stale: other pod uid, other node).',
  },
  distribution: 'microk8s',
  now: NOW,
  pod: 'media/jellyfin-5f8d6c7b9-tq4wz',
  messageGroup: 'iscsi-discovery-pdu',
  expect: { top: 'hairpin-colocation', ruledOut: ['target-not-ready', 'portal-stale', 'replica-quorum-lost', 'filesystem-corruption'], minVerdict: 'likely' },
  build() {
    const c = baseCluster('microk8s', NOW, { nodes: ['k8s01', 'k8s02', 'k8s03'] });
    const vol = c.jivaVolume({ claim: 'media/jellyfin-config', controllerNode: 'k8s02', replicaNodes: ['k8s01', 'k8s02', 'k8s03'], size: '10Gi', created: '-40d', controllerCreated: '-3d', controllerStartedAt: '-3d' });
    const app = c.deployment('media/jellyfin', {
      labels: { 'app.kubernetes.io/name': 'jellyfin' }, templateHash: '5f8d6c7b9', suffix: 'tq4wz',
      image: 'jellyfin/jellyfin:10.9.11', ports: [{ name: 'http', containerPort: 8096 }],
      volumes: [pvcVolume('config', 'jellyfin-config', '/config')],
      node: 'k8s02', podCreated: '-19m', state: waiting('ContainerCreating'),
    });
    c.service('media/jellyfin', { selector: { 'app.kubernetes.io/name': 'jellyfin' }, ports: [{ name: 'http', port: 8096 }] });
    const host = vol.portal.split(':')[0] ?? '';
    scheduled(c, app.pod, '-19m');
    attached(c, app.pod, vol.pvName, '-19m');
    failedMount(c, app.pod, iscsiSendtargetsFailure(vol.pvName, vol.portal, pduLost(host), 4), { count: 9, first: '-17m', last: '-1m' });
    mountTimeout(c, app.pod, ['config'], { count: 8, first: '-17m', last: '-3m' });
    // The previous pod of the same Deployment, on k8s01, before this pod existed: stale by uid, node and time.
    const old = c.goneRef('Pod', 'media/jellyfin-5f8d6c7b9-h7x2p');
    c.event({ on: old, reason: 'FailedMount', source: { component: 'kubelet', host: 'k8s01' }, count: 1, last: '-47m',
      message: `MountVolume.MountDevice failed for volume "${vol.pvName}" : 'fsck' found errors on device /dev/disk/by-path/ip-${vol.portal}-iscsi-${vol.iqn}-lun-0 but could not correct them: fsck from util-linux 2.37.2\n/dev/sdc: Superblock needs_recovery flag is clear, but journal has data.\n/dev/sdc: Run journal anyway\n\n/dev/sdc: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.\n\t(i.e., without -a or -p options)\n.` });
    c.deployment('media/sonarr', { image: 'lscr.io/linuxserver/sonarr:4.0.9', node: 'k8s03', podCreated: '-8d', state: running({ since: '-8d' }) });
    return c.objects();
  },
};
