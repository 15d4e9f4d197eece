import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { custom, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2017-12-13T21:45:21Z';
const NODES = ['rke-node-1', 'rke-node-2', 'rke-node-3'];
// RKE v0.0.8 runs the kubelet in a Docker container (rancher/k8s:v1.8.5-rancher1) on Ubuntu 16.04 hosts.
const RKE = { kubeletVersion: 'v1.8.5-rancher1', containerRuntimeVersion: 'docker://17.3.2', osImage: 'Ubuntu 16.04.3 LTS', kernelVersion: '4.4.0-104-generic' };
const POD_UID = '500a91f9-e04e-11e7-8988-525400f27948';

export const scenario: Scenario = {
  id: 'initiator-missing-rke-containerized-kubelet-intree-iscsi',
  title: 'RKE kubelet container without iscsiadm: in-tree iSCSI WaitForAttach fails with a bare "executable file not found in $PATH" (Kubernetes 1.8 wording)',
  source: {
    url: 'https://github.com/rancher-archives/rke/issues/144',
    summary: 'RKE v0.0.8 with a static in-tree iSCSI PV (targetPortal 192.168.1.90, CHAP): "Error: MountVolume.WaitForAttach failed for volume \\"iscsi-pv\\" (UniqueName: \\"kubernetes.io/iscsi/192.168.1.90:iqn.2014-12.world.srv:storage.target00:0\\") pod \\"mariadb-86c44bb46b-44rzc\\" (UID: \\"500a91f9-e04e-11e7-8988-525400f27948\\") : executable file not found in $PATH".',
    rootCause: 'Maintainer: "looks like `iscsiadm` should be installed in kubelet container" — RKE runs kubelet in a container image that has no iscsiadm; the fix added iSCSI support to the RKE kubelet (issue labelled enhancement/resolved).',
    filledIn: 'Three RKE nodes on Ubuntu 16.04 with Docker 17.03 and kubelet v1.8.5; the PVC bound to the static PV, the CHAP Secret, the mariadb Deployment on rke-node-2; the 1.8-era "Unable to mount volumes for pod … timeout expired" summary event. The message names no binary; the PV is what says it is iSCSI.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/mariadb-86c44bb46b-44rzc',
  expect: { top: 'initiator-missing', ruledOut: ['mount-helper-missing', 'iscsid-not-running', 'external-target-unreachable', 'missing-config-object'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, epoch: '-10d', nodeOptions: Object.fromEntries(NODES.map((n) => [n, RKE])) });
    custom(c, 'v1', 'Secret', 'default/chap-secret', { type: 'kubernetes.io/iscsi-chap' });
    c.storageClass('small', { provisioner: 'kubernetes.io/no-provisioner' });
    c.boundClaim('default/mariadb-data', { pvName: 'iscsi-pv', storageClass: 'small', size: '5Gi', accessModes: ['ReadWriteOnce'], created: '-2h', source: { iscsi: { targetPortal: '192.168.1.90', iqn: 'iqn.2014-12.world.srv:storage.target00', lun: 0, fsType: 'ext4' } } });
    const pv = c.get('PersistentVolume', 'iscsi-pv');
    Object.assign((pv.spec as { iscsi: Record<string, unknown> }).iscsi, { chapAuthDiscovery: true, chapAuthSession: true, secretRef: { name: 'chap-secret' } });
    const d = c.deployment('default/mariadb', { templateHash: '86c44bb46b', suffix: '44rzc', image: 'mariadb:10.2', volumes: [pvcVolume('data', 'mariadb-data', '/var/lib/mysql')], node: 'rke-node-2', podCreated: '-12m', state: waiting('ContainerCreating') });
    d.pod.metadata.uid = POD_UID;
    scheduled(c, d.pod, '-12m');
    c.event({ on: d.pod, reason: 'FailedMount', message: `MountVolume.WaitForAttach failed for volume "iscsi-pv" (UniqueName: "kubernetes.io/iscsi/192.168.1.90:iqn.2014-12.world.srv:storage.target00:0") pod "mariadb-86c44bb46b-44rzc" (UID: "${POD_UID}") : executable file not found in $PATH`, count: 8, first: '-12m', last: '-2m' });
    c.event({ on: d.pod, reason: 'FailedMount', message: `Unable to mount volumes for pod "mariadb-86c44bb46b-44rzc_default(${POD_UID})": timeout expired waiting for volumes to attach/mount for pod "default"/"mariadb-86c44bb46b-44rzc". list of unattached/unmounted volumes=[data]`, count: 5, first: '-10m', last: '-1m' });
    c.event({ on: d.pod, reason: 'FailedSync', message: `Error syncing pod`, count: 5, first: '-10m', last: '-1m' });
    return c.objects();
  },
};
