import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { notReady } from '../../support/scenarios.ts';
import { baseCluster } from '../base.ts';
import { failedMount, iscsiSendtargetsFailure, mountTimeout, pduLost, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2019-03-12T12:42:00Z';

export const scenario: Scenario = {
  id: 'replica-quorum-lost-jiva-legacy-fsck',
  title: 'MySQL StatefulSet on Jiva stuck in Init with fsck errors while two of three replicas are down',
  source: {
    url: 'https://github.com/openebs/openebs/issues/2440',
    summary: 'The MySQL StatefulSet stayed in Init; kubelet logged "iscsi: failed to mount iscsi volume /dev/disk/by-path/ip-10.11.253.88:3260-iscsi-iqn.2016-09.com.openebs.jiva:pvc-456bfbb7-…-lun-0 [ext4] … error \'fsck\' found errors on device … but could not correct them: fsck from util-linux 2.27.1".',
    rootCause: 'Maintainer (utkarshmani1997): "replica got stuck after read/write timeout, due to which replica never get reconnected with controller so in this case volume went into RO since quorum is not met and the other replicas never connected back" — fixed in Jiva 0.8.1.',
    filledIn: 'Jiva 0.8 layout approximated by the ≥1.9 per-replica Deployments; two replicas crash-looping (not Ready), one Ready; the consumer and the controller on different nodes.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/mysql-0',
  messageGroup: 'fsck-uncorrectable',
  expect: { top: 'replica-quorum-lost', ruledOut: ['hairpin-colocation', 'portal-stale', 'target-not-ready'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: ['maya-staging-a', 'maya-staging-b', 'maya-staging-c'] });
    const vol = c.jivaVolume({ claim: 'default/data-mysql-0', controllerNode: 'maya-staging-c', replicaNodes: ['maya-staging-a', 'maya-staging-b', 'maya-staging-c'], size: '5Gi', created: '-40d', version: '0.8.0', replicaRestarts: [0, 14, 9] });
    const sts = c.statefulSet('default/mysql', { image: 'mysql:5.7', volumes: [pvcVolume('data', 'data-mysql-0', '/var/lib/mysql')], node: 'maya-staging-a', podCreated: '-45m', state: waiting('PodInitializing') });
    scheduled(c, sts.pod, '-45m');
    const dev = `/dev/disk/by-path/ip-${vol.portal}-iscsi-${vol.iqn}-lun-0`;
    failedMount(c, sts.pod, `MountVolume.WaitForAttach failed for volume "${vol.pvName}" : 'fsck' found errors on device ${dev} but could not correct them: fsck from util-linux 2.27.1\n/dev/sdb: recovering journal\n/dev/sdb: Superblock has an invalid journal (inode 8).\nCLEARED.\n*** journal has been deleted ***\n\n/dev/sdb: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.\n\t(i.e., without -a or -p options)\n.`, { count: 19, first: '-44m', last: '-1m' });
    mountTimeout(c, sts.pod, ['data'], { count: 20, first: '-43m', last: '-2m' });
    // Stale: the earlier mysql-0 (same name, other uid) on maya-staging-c, before this pod was created.
    const earlier = c.goneRef('Pod', 'default/mysql-0', 'f1d2c3b4-a596-4e7f-8a9b-0c1d2e3f4a5b');
    c.event({ on: earlier, reason: 'FailedMount', source: { component: 'kubelet', host: 'maya-staging-c' }, count: 3, first: '-2h10m', last: '-1h58m',
      message: iscsiSendtargetsFailure(vol.pvName, vol.portal, pduLost(vol.portal.split(':')[0] ?? ''), 4) });
    // Replicas 2 and 3 crash-loop: their pods are not Ready.
    const down = new Set(vol.replicas.slice(1).map((r) => r.pod.metadata.uid));
    return c.objects().map((o) => (down.has(o.metadata.uid) ? notReady(o) : o));
  },
};

