import { emptyDirVolume, nfsVolume, pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { failedMount, mountTimeout, nfsClaim, nfsMountFailure, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2023-02-28T03:20:00Z';
const NODES = ['k8s-master', 'k8s-node1', 'k8s-node2'];
const OLD_SERVER = '192.168.10.50';
const NEW_SERVER = '192.168.10.60';

export const scenario: Scenario = {
  id: 'external-target-unreachable-nfs-subdir-server-replaced',
  title: 'MinIO on an nfs-subdir PV keeps the address of an NFS server that went down; the provisioner now points at another',
  source: {
    url: 'https://github.com/kubernetes-sigs/nfs-subdir-external-provisioner/issues/269',
    summary: '"Unable to attach or mount volumes: unmounted volumes=[export], unattached volumes=[minio-config-dir kube-api-access-tdj44 export]: timed out waiting for the condition". "at the beginning, all is ready ,but one day ,the nfs server is down, so i change the another nfs server address; now , nfs-client-provisioner is ready, but my other pod use nfs pvc restart occuer this error".',
    rootCause: 'Maintainer: "Changing the IP on the provisioner did not help because the PersistentVolume for your pod(s) already provisioned and unfortunately, once they created they cannot be changed" — the existing PV still names the old NFS server outside the cluster, which is down; the PVC must be recreated against the new server.',
    filledIn: 'Addresses (report has none), kubeadm 1.29 base; the nfs-subdir-external-provisioner Deployment now configured with the new server; the kubelet mount error (mount.nfs: Connection timed out) that accompanies the summary the reporter posted.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'minio/minio-6d8f7c9b54-hq4zt',
  messageGroup: 'nfs-mount-timeout',
  expect: { top: 'external-target-unreachable', ruledOut: ['hairpin-colocation', 'portal-stale', 'nfs-server-unresolvable', 'nfs-export-denied'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES });
    c.deployment('nfs-provisioner/nfs-client-provisioner', {
      labels: { app: 'nfs-client-provisioner' },
      containers: [{ name: 'nfs-client-provisioner', image: 'registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2', env: [{ name: 'PROVISIONER_NAME', value: 'k8s-sigs.io/nfs-subdir-external-provisioner' }, { name: 'NFS_SERVER', value: NEW_SERVER }, { name: 'NFS_PATH', value: '/data/nfs' }], volumeMounts: [{ name: 'nfs-client-root', mountPath: '/persistentvolumes' }] }],
      volumes: [nfsVolume('nfs-client-root', NEW_SERVER, '/data/nfs', '/persistentvolumes')],
      node: 'k8s-node2', podCreated: '-2d', state: running({ since: '-2d' }),
    });
    const pvName = 'pvc-3f1c7a2e-9b4d-4c61-8e2a-6d0f5b9a1c47';
    const path = `/data/nfs/minio-export-${pvName}`;
    nfsClaim(c, 'minio/export', pvName, OLD_SERVER, path, { storageClass: 'nfs-client', created: '-120d' });
    const app = c.deployment('minio/minio', {
      templateHash: '6d8f7c9b54', suffix: 'hq4zt', image: 'minio/minio:RELEASE.2023-02-22T18-23-45Z',
      volumes: [emptyDirVolume('minio-config-dir', '/root/.minio'), pvcVolume('export', 'export', '/export')],
      node: 'k8s-node1', podCreated: '-30m', state: waiting('ContainerCreating'),
    });
    scheduled(c, app.pod, '-30m');
    failedMount(c, app.pod, nfsMountFailure(pvName, app.pod.metadata.uid ?? '', kubeletDir('kubeadm'), `${OLD_SERVER}:${path}`, 'mount.nfs: Connection timed out'), { count: 12, first: '-28m', last: '-3m' });
    mountTimeout(c, app.pod, ['export'], { count: 13, first: '-27m', last: '-1m' });
    return c.objects();
  },
};
