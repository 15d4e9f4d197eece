import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiClaim, csiDriver, failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2023-07-09T09:12:00Z';
const NODES = ['talos-cp-1', 'talos-w-1', 'talos-w-2'];
const PORTAL = '192.168.10.5:3260';

export const scenario: Scenario = {
  id: 'external-target-unreachable-democratic-csi-talos',
  title: 'democratic-csi iSCSI volumes after the TrueNAS server moved networks: the portal IP is gone',
  source: {
    url: 'https://github.com/democratic-csi/democratic-csi/issues/305',
    summary: '"We changed our network layout and the TrueNAS Scale server moved to a different network and removed the original network. But the helm chart used hard-coded IP for the portal and thus all the PVs were created with the now-unavailable IP address. After we powered on the cluster, all pods using these PVs failed to start."',
    rootCause: 'The iSCSI portal recorded in the PVs points at an address outside the cluster that no longer exists; the PV fields are immutable, so the volumes had to be recreated (or, later, addressed by DNS name).',
    filledIn: 'Talos v1.7.5 nodes with the iscsi-tools extension; democratic-csi freenas-api-iscsi driver `org.democratic-csi.iscsi`; the NodeStageVolume error as democratic-csi reports iscsiadm failures (code/stdout/stderr JSON).',
  },
  distribution: 'talos',
  now: NOW,
  pod: 'db/mariadb-0',
  messageGroup: 'iscsi-connect-timeout',
  expect: { top: 'external-target-unreachable', ruledOut: ['hairpin-colocation', 'target-not-ready', 'portal-stale'] },
  build() {
    const c = baseCluster('talos', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'org.democratic-csi.iscsi', daemonSet: 'democratic-csi/zfs-iscsi-democratic-csi-node', image: 'docker.io/democraticcsi/democratic-csi:v1.8.3', kubeletDir: kubeletDir('talos'), pluginNodes: NODES, allNodes: NODES, attachRequired: true });
    const iqn = 'iqn.2005-10.org.freenas.ctl:csi-pvc-4c1e9b7a-db-cluster';
    const { pv } = csiClaim(c, 'db/data-mariadb-0', { driver: 'org.democratic-csi.iscsi', storageClass: 'freenas-iscsi-csi', size: '8Gi', created: '-120d', attributes: { iqn, lun: '0', node_attach_driver: 'iscsi', portal: PORTAL, portals: '', interface: '', provisioner_driver: 'freenas-api-iscsi' } });
    c.attachVolume({ pv, node: 'talos-w-1' });
    const sts = c.statefulSet('db/mariadb', { image: 'mariadb:10.11', volumes: [pvcVolume('data', 'data-mariadb-0', '/var/lib/mysql')], node: 'talos-w-1', podCreated: '-25m', state: waiting('ContainerCreating') });
    scheduled(c, sts.pod, '-25m');
    const host = PORTAL.split(':')[0] ?? '';
    const stderr = `iscsiadm: connect to ${host} timed out\\n`.repeat(6) + 'iscsiadm: connection login retries (reopen_max) 5 exceeded\\niscsiadm: Could not perform SendTargets discovery: encountered connection failure\\n';
    failedMount(c, sts.pod, `MountVolume.MountDevice failed for volume "${pv.metadata.name}" : rpc error: code = Internal desc = {"code":4,"stdout":"","stderr":"${stderr}","timeout":false}`, { count: 11, first: '-23m', last: '-1m' });
    mountTimeout(c, sts.pod, ['data'], { count: 10, first: '-21m', last: '-2m' });
    return c.objects();
  },
};
