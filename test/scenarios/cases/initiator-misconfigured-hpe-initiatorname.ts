import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiClaim, csiDriver, failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2021-01-14T19:30:00Z';
const NODES = ['k8s-cp', 'k8s-w1', 'k8s-w2'];

export const scenario: Scenario = {
  id: 'initiator-misconfigured-hpe-initiatorname',
  title: 'HPE CSI: "Cannot perform discovery. Invalid Initiatorname" until iscsid is restarted with an initiator name',
  source: {
    url: 'https://github.com/hpe-storage/csi-driver/issues/235',
    summary: 'Volumes failed with "rc=7 err=iscsiadm: Cannot perform discovery. Invalid Initiatorname" on worker nodes.',
    rootCause: 'Reporter\'s follow-up: /etc/iscsi/initiatorname.iscsi had to be created and then "sudo systemctl restart iscsid" run on each worker — iscsid was running without a valid InitiatorName.',
    filledIn: 'kubeadm cluster with the HPE CSI node DaemonSet; a Nimble array portal 10.1.1.50 outside the cluster; the error relayed by the node plugin in its NodeStageVolume failure.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/my-app-5c9f8d7b6-x8kqm',
  expect: { top: 'initiator-misconfigured', ruledOut: ['initiator-missing', 'iscsid-not-running', 'external-target-unreachable'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'csi.hpe.com', daemonSet: 'hpe-storage/hpe-csi-node', image: 'quay.io/hpestorage/csi-driver:v1.4.0', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES, allNodes: NODES });
    const { pv } = csiClaim(c, 'default/my-pvc', { driver: 'csi.hpe.com', storageClass: 'hpe-standard', size: '32Gi', created: '-20m', attributes: { accessProtocol: 'iscsi', fsType: 'xfs', hostEncryption: 'false', volumeAccessMode: 'mount' }, fsType: 'xfs' });
    c.attachVolume({ pv, node: 'k8s-w2' });
    const app = c.deployment('default/my-app', { templateHash: '5c9f8d7b6', suffix: 'x8kqm', image: 'nginx:1.19', volumes: [pvcVolume('data', 'my-pvc', '/data')], node: 'k8s-w2', podCreated: '-18m', state: waiting('ContainerCreating') });
    scheduled(c, app.pod, '-18m');
    c.event({ on: app.pod, reason: 'SuccessfulAttachVolume', message: `AttachVolume.Attach succeeded for volume "${pv.metadata.name}"`, last: '-17m' });
    failedMount(c, app.pod, `MountVolume.MountDevice failed for volume "${pv.metadata.name}" : rpc error: code = Internal desc = Failed to stage volume ${pv.metadata.name}, err: rc=7 err=iscsiadm: Cannot perform discovery. Invalid Initiatorname.\niscsiadm: Could not perform SendTargets discovery: invalid parameter`, { count: 11, first: '-17m', last: '-1m' });
    mountTimeout(c, app.pod, ['data'], { count: 8, first: '-16m', last: '-2m' });
    return c.objects();
  },
};
