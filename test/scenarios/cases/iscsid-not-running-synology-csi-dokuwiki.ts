import { pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { attached, csiClaim, csiDriver, failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2022-04-03T14:20:00Z';
const NODES = ['tender-hopper', 'loving-kypris'];

export const scenario: Scenario = {
  id: 'iscsid-not-running-synology-csi-dokuwiki',
  title: 'DokuWiki on a Synology LUN: the LUN and target exist on the NAS, but iscsiadm on the node cannot reach iscsid',
  source: {
    url: 'https://github.com/SynologyOpenSource/synology-csi/issues/31',
    summary: '"LUNs succesfully create but fail to mount": "MountVolume.MountDevice failed for volume \\"pvc-f2ecf090-…\\" : rpc error: code = Internal desc = rpc error: code = Internal desc = Failed to login with target iqn [iqn.2000-01.com.synology:mother.pvc-f2ecf090-…], err: Failed to connect to bus: No data available\\niscsiadm: can not connect to iSCSI daemon (111)!\\niscsiadm: Cannot perform discovery. Initiatorname required.\\niscsiadm: Could not perform SendTargets discovery: could not connect to iscsid\\n (exit status 20)", then the kubelet timeout summary.',
    rootCause: 'iscsiadm (run by the Synology node plugin in the host\'s namespaces) gets ECONNREFUSED (111) on iscsid\'s abstract socket: the iSCSI daemon is not running on the node (and, with it, no initiator name is loaded). The NAS side is fine — the LUNs and targets were created. Starting/enabling iscsid (open-iscsi) on the node is the fix, as for the other "could not connect to iscsid" reports.',
    filledIn: 'Two k3s nodes named in the style of the report\'s node; the Synology CSI 1.1 node plugin DaemonSet and CSIDriver; a bound 5Gi claim with the report\'s PV name; the Synology portal 192.168.1.40 (not in the report); the timeout summary\'s volume list from the report.',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'dokuwiki/dokuwiki-cf5bf85c9-7bsp4',
  expect: { top: 'iscsid-not-running', ruledOut: ['external-target-unreachable', 'target-not-ready', 'hairpin-colocation', 'initiator-missing', 'csi-node-plugin-missing'] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'csi.san.synology.com', daemonSet: 'synology-csi/synology-csi-node', image: 'synology/synology-csi:v1.1.0', kubeletDir: kubeletDir('k3s'), pluginNodes: NODES, allNodes: NODES, labels: { app: 'synology-csi-node' } });
    c.deployment('synology-csi/synology-csi-controller', { image: 'synology/synology-csi:v1.1.0', node: 'tender-hopper', podCreated: '-1d', state: running({ since: '-1d' }) });
    const { pv } = csiClaim(c, 'dokuwiki/dokuwiki-data', { driver: 'csi.san.synology.com', storageClass: 'synology-iscsi-storage', size: '5Gi', created: '-7m', pvName: 'pvc-f2ecf090-4737-41b2-8644-8442f7179b00', parameters: { fsType: 'ext4', location: '/volume1' }, attributes: { dsm: '192.168.1.40', protocol: 'iscsi', source: '', formatOptions: '' } });
    c.attachVolume({ pv, node: 'loving-kypris' });
    const app = c.deployment('dokuwiki/dokuwiki', { templateHash: 'cf5bf85c9', suffix: '7bsp4', image: 'docker.io/bitnami/dokuwiki:20200729.0.0-debian-10-r299', ports: [{ name: 'http', containerPort: 8080 }], volumes: [pvcVolume('dokuwiki-data', 'dokuwiki-data', '/bitnami/dokuwiki')], node: 'loving-kypris', podCreated: '-6m31s', state: waiting('ContainerCreating') });
    scheduled(c, app.pod, '-6m31s');
    attached(c, app.pod, pv.metadata.name, '-6m30s');
    failedMount(c, app.pod, `MountVolume.MountDevice failed for volume "${pv.metadata.name}" : rpc error: code = Internal desc = rpc error: code = Internal desc = Failed to login with target iqn [iqn.2000-01.com.synology:mother.${pv.metadata.name}], err: Failed to connect to bus: No data available\niscsiadm: can not connect to iSCSI daemon (111)!\niscsiadm: Cannot perform discovery. Initiatorname required.\niscsiadm: Could not perform SendTargets discovery: could not connect to iscsid\n (exit status 20)`, { count: 11, first: '-6m29s', last: '-2m' });
    mountTimeout(c, app.pod, ['dokuwiki-data'], { count: 2, first: '-4m20s', last: '-2m10s' });
    return c.objects();
  },
};
