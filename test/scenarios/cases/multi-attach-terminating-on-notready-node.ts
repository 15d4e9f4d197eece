import { pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiClaim, csiDriver, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2020-11-30T09:20:00Z';
const NODES = ['vsphere-cp', 'vsphere-w1', 'vsphere-w2', 'vsphere-w3'];

export const scenario: Scenario = {
  id: 'multi-attach-terminating-on-notready-node',
  title: 'Node crashed: the old MySQL pod is stuck Terminating there and still holds the RWO volume',
  source: {
    url: 'https://github.com/openshift/openshift-docs/pull/27703',
    summary: 'Documented error: "Unable to attach or mount volumes: unmounted volumes=[sso-mysql-pvol], unattached volumes=[sso-mysql-pvol default-token-x4rzc]: timed out waiting for the condition" and "Multi-Attach error for volume \\"pvc-8837384d-…\\" Volume is already used by pod(s) sso-mysql-1-ns6b4".',
    rootCause: 'Per the corrected procedure (Bug 1884643): the RWO volume is still held by a pod on a shut-down or crashed node; "force delete the pod on a shut down or crashed node" so the attach-detach controller can detach it.',
    filledIn: 'vSphere CSI on a kubeadm cluster; vsphere-w2 NotReady (kubelet stopped posting status 25 minutes ago) with the old pod Terminating; the new pod on vsphere-w3.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'sso/sso-mysql-6d9f7c8b5-ns6b4',
  messageGroup: 'multi-attach-error',
  expect: { top: 'multi-attach', ruledOut: ['stale-volume-attachment'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, nodeOptions: { 'vsphere-w2': { ready: 'Unknown', heartbeat: '-25m' } } });
    csiDriver(c, { driver: 'csi.vsphere.vmware.com', daemonSet: 'vmware-system-csi/vsphere-csi-node', image: 'gcr.io/cloud-provider-vsphere/csi/release/driver:v2.1.0', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES, allNodes: NODES });
    const { pv } = csiClaim(c, 'sso/sso-mysql-claim', { driver: 'csi.vsphere.vmware.com', storageClass: 'thin-csi', size: '1Gi', created: '-100d', uid: '8837384d-69d7-40b2-b2e6-5df86943eef9', attributes: { 'storage.kubernetes.io/csiProvisionerIdentity': '1600000000000-8081-csi.vsphere.vmware.com', type: 'vSphere CNS Block Volume' } });
    c.attachVolume({ pv, node: 'vsphere-w2' });
    const d = c.deployment('sso/sso-mysql', {
      templateHash: '6d9f7c8b5', image: 'registry.redhat.io/rhscl/mysql-57-rhel7:5.7', strategy: 'Recreate', volumes: [pvcVolume('sso-mysql-pvol', 'sso-mysql-claim', '/var/lib/mysql/data')], podCreated: '-20m',
      pods: [{ node: 'vsphere-w3', suffix: 'ns6b4', state: waiting('ContainerCreating') }, { node: 'vsphere-w2', suffix: 'h8q2x', created: '-40d', state: running({ since: '-40d' }) }],
    });
    const old = d.pods[1];
    if (old !== undefined) Object.assign(old.metadata, { deletionTimestamp: c.time('-20m'), deletionGracePeriodSeconds: 30 });
    scheduled(c, d.pod, '-20m');
    c.event({ on: d.pod, reason: 'FailedAttachVolume', message: `Multi-Attach error for volume "${pv.metadata.name}" Volume is already used by pod(s) ${old?.metadata.name ?? ''}`, last: '-20m' });
    mountTimeout(c, d.pod, ['sso-mysql-pvol'], { count: 9, first: '-18m', last: '-1m' });
    return c.objects();
  },
};
