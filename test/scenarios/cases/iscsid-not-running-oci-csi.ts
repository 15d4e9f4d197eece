import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiClaim, csiDriver, failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2023-03-20T09:30:00Z';
const NODES = ['master-0', 'worker-0', 'worker-1'];

export const scenario: Scenario = {
  id: 'iscsid-not-running-oci-csi',
  title: 'OCI block volume CSI: iscsiadm cannot reach iscsid because the service is not enabled on the nodes',
  source: {
    url: 'https://github.com/oracle/oci-cloud-controller-manager/issues/412',
    summary: 'csi-node: "iscsi mount fails error 20" — iscsiadm returned error 20 for every login, pods with block volumes stayed in ContainerCreating.',
    rootCause: 'Reporter\'s resolution: "We found the issue, iscsid service was not started on our nodes", fixed with a MachineConfig enabling iscsid.service on masters and workers.',
    filledIn: 'OpenShift nodes modelled as kubeadm nodes; the OCI CSI node DaemonSet; iscsiadm\'s wording for error 20 (ISCSI_ERR_ISCSID_NOTCONN) as the driver relays it.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'shop/postgres-0',
  expect: { top: 'iscsid-not-running', ruledOut: ['initiator-missing', 'initiator-misconfigured', 'external-target-unreachable'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'blockvolume.csi.oraclecloud.com', daemonSet: 'kube-system/csi-oci-node', image: 'ghcr.io/oracle/cloud-provider-oci:v1.25.0', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES, allNodes: NODES });
    const { pv } = csiClaim(c, 'shop/data-postgres-0', { driver: 'blockvolume.csi.oraclecloud.com', storageClass: 'oci-bv', size: '50Gi', created: '-30m', attributes: { 'csi.storage.k8s.io/pvc/name': 'data-postgres-0' } });
    c.attachVolume({ pv, node: 'worker-0' });
    const sts = c.statefulSet('shop/postgres', { image: 'postgres:15.2', volumes: [pvcVolume('data', 'data-postgres-0', '/var/lib/postgresql/data')], node: 'worker-0', podCreated: '-28m', state: waiting('ContainerCreating') });
    scheduled(c, sts.pod, '-28m');
    c.event({ on: sts.pod, reason: 'SuccessfulAttachVolume', message: `AttachVolume.Attach succeeded for volume "${pv.metadata.name}"`, last: '-27m' });
    failedMount(c, sts.pod, `MountVolume.MountDevice failed for volume "${pv.metadata.name}" : rpc error: code = Internal desc = Failed to login to iSCSI target 169.254.2.2:3260: exit status 20: iscsiadm: can not connect to iSCSI daemon (111)!\niscsiadm: initiator reported error (20 - could not connect to iscsid)\niscsiadm: Could not log into all portals`, { count: 14, first: '-27m', last: '-1m' });
    mountTimeout(c, sts.pod, ['data'], { count: 12, first: '-26m', last: '-2m' });
    return c.objects();
  },
};
