import { waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { failedMount, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2025-02-04T09:36:00Z';

export const scenario: Scenario = {
  id: 'initiator-misconfigured-k3s-open-iscsi-2110',
  title: 'k3s in-tree iSCSI breaks after upgrading to open-iscsi 2.1.10: "daemon died?"',
  source: {
    url: 'https://github.com/k3s-io/k3s/issues/11708',
    summary: 'Starting with open-iscsi 2.1.10 the mount fails: "iscsi: failed to attach disk: Error: iscsiadm: read error (0/2), daemon died? iscsiadm: Could not login to [iface: default, target: iqn.2004-04.com.qnap:ts-420:iscsi.mariadb.d8e754, portal: 192.168.40.6,3260]. iscsiadm: initiator reported error (18 - could not communicate to iscsid)", while the journal shows "iscsid shutting down".',
    rootCause: 'A version mismatch between the host\'s open-iscsi 2.1.10 (iscsid/iscsiadm IPC changed) and the way the kubelet-side iscsiadm talks to it; the initiator stack itself is misconfigured/mismatched, not the target.',
    filledIn: 'A single-node-style k3s 1.29 pair of nodes; the MariaDB pod with the inline iscsi volume `iscsipd-rw` from the report; the QNAP target outside the cluster.',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'default/mariadb-0',
  expect: { top: 'initiator-misconfigured', ruledOut: ['initiator-missing', 'external-target-unreachable'] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: ['kubetest', 'kubetest-2'] });
    const sts = c.statefulSet('default/mariadb', {
      image: 'mariadb:11.4',
      volumes: [{ name: 'iscsipd-rw', source: { iscsi: { targetPortal: '192.168.40.6:3260', iqn: 'iqn.2004-04.com.qnap:ts-420:iscsi.mariadb.d8e754', lun: 0, fsType: 'ext4', readOnly: false, iscsiInterface: 'default' } }, mountPath: '/var/lib/mysql' }],
      node: 'kubetest', podCreated: '-2m', state: waiting('ContainerCreating'),
    });
    scheduled(c, sts.pod, '-2m');
    failedMount(c, sts.pod, 'MountVolume.WaitForAttach failed for volume "iscsipd-rw" : failed to get any path for iscsi disk, last err seen:\niscsi: failed to attach disk: Error: iscsiadm: read error (0/2), daemon died?\niscsiadm: Could not login to [iface: default, target: iqn.2004-04.com.qnap:ts-420:iscsi.mariadb.d8e754, portal: 192.168.40.6,3260].\niscsiadm: initiator reported error (18 - could not communicate to iscsid)\niscsiadm: Could not log into all portals\nLogging in to [iface: default, target: iqn.2004-04.com.qnap:ts-420:iscsi.mariadb.d8e754, portal: 192.168.40.6,3260]\n (exit status 18)', { count: 8, first: '-110s', last: '-3s' });
    return c.objects();
  },
};
