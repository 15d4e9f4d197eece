import { pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { attached, failedMount, iscsiSendtargetsFailure, mountTimeout, pduLost, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2025-12-13T08:20:00Z';

export const scenario: Scenario = {
  id: 'filesystem-corruption-jiva-legacy-journal',
  title: 'Phabricator\'s Jiva volume went read-only once; now fsck refuses the journal on every mount',
  source: {
    url: 'https://github.com/openebs/openebs/issues/1018',
    summary: 'After 14 days the filesystem was marked read-only and the pod would not start: "MountVolume.SetUp failed for volume \\"pvc-aaddef3e-…\\" : \'fsck\' found errors on device /dev/disk/by-path/ip-10.3.0.127:3260-iscsi-iqn.2016-09.com.openebs.jiva:pvc-aaddef3e-…-lun-1 but could not correct them: fsck from util-linux 2.25.2 /dev/sdf: recovering journal /dev/sdf: Superblock needs_recovery flag is clear, but journal has data. … UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY."',
    rootCause: 'The ext4 filesystem on the volume is inconsistent (journal has data while needs_recovery is clear); kubelet\'s `fsck -a` cannot repair it and a manual `fsck -y` on the device is needed. The replicas themselves were serving.',
    filledIn: 'A current cluster (kubeadm 1.29, OpenEBS 2.12 legacy Jiva, three healthy replicas); the controller on a different node than the pod; event texts in today\'s kubelet wording.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'dev/phabricator-7c8d9b6f5-wn3sk',
  messageGroup: 'fsck-uncorrectable',
  expect: { top: 'filesystem-corruption', ruledOut: ['hairpin-colocation', 'target-not-ready', 'portal-stale', 'replica-quorum-lost'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: ['cp-1', 'node-1', 'node-2', 'node-3'] });
    const vol = c.jivaVolume({ claim: 'dev/phabricator-repo', controllerNode: 'node-3', replicaNodes: ['node-1', 'node-2', 'node-3'], size: '50Gi', created: '-200d' });
    const app = c.deployment('dev/phabricator', {
      templateHash: '7c8d9b6f5', suffix: 'wn3sk', image: 'phabricator/phabricator:2024.35', volumes: [pvcVolume('repo', 'phabricator-repo', '/var/repo')],
      node: 'node-1', podCreated: '-33m', state: waiting('ContainerCreating'),
    });
    scheduled(c, app.pod, '-33m');
    attached(c, app.pod, vol.pvName, '-33m');
    const dev = `/dev/disk/by-path/ip-${vol.portal}-iscsi-${vol.iqn}-lun-0`;
    failedMount(c, app.pod, `MountVolume.MountDevice failed for volume "${vol.pvName}" : 'fsck' found errors on device ${dev} but could not correct them: fsck from util-linux 2.37.2\n/dev/sdf: recovering journal\n/dev/sdf: Superblock needs_recovery flag is clear, but journal has data.\n/dev/sdf: Run journal anyway\n\n/dev/sdf: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.\n\t(i.e., without -a or -p options)\n`, { count: 14, first: '-32m', last: '-1m' });
    mountTimeout(c, app.pod, ['repo'], { count: 14, first: '-31m', last: '-2m' });
    // Stale: the previous pod of the Deployment, on node-3 next to the controller, failed discovery an hour ago.
    const previous = c.goneRef('Pod', 'dev/phabricator-7c8d9b6f5-c2h8d');
    c.event({ on: previous, reason: 'FailedMount', source: { component: 'kubelet', host: 'node-3' }, count: 7, first: '-1h30m', last: '-1h2m',
      message: iscsiSendtargetsFailure(vol.pvName, vol.portal, pduLost(vol.portal.split(':')[0] ?? ''), 4) });
    c.deployment('dev/phabricator-mysql', { image: 'mysql:8.0', node: 'node-2', podCreated: '-30d', state: running({ since: '-30d' }) });
    return c.objects();
  },
};
