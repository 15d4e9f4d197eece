import { nfsVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { failedMount, mountTimeout, nfsMountFailure, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2023-01-31T01:20:00Z';

export const scenario: Scenario = {
  id: 'nfs-export-denied-subdir-provisioner',
  title: 'nfs-subdir-external-provisioner cannot mount its own root export: access denied by the external server',
  source: {
    url: 'https://github.com/kubernetes-sigs/nfs-subdir-external-provisioner/issues/262',
    summary: 'The provisioner pod stuck in ContainerCreating: "Mounting arguments: -t nfs x.x.x.x:/mnt/nfs_clientshare … Output: mount.nfs: access denied by server while mounting x.x.x.x:/mnt/nfs_clientshare", while /etc/exports on the server exported /mnt/nfs_share.',
    rootCause: 'The path asked for is not what the server exports (/mnt/nfs_clientshare is the client-side mount point; the export is /mnt/nfs_share), so the server refuses the mount.',
    filledIn: 'kubeadm 1.26 cluster, the server at 192.168.56.20 outside the cluster, the provisioner Deployment with its inline NFS volume as the Helm chart renders it.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/nfs-subdir-external-provisioner-5b7d9c8f6-8mz2x',
  expect: { top: 'nfs-export-denied', ruledOut: ['nfs-server-unresolvable', 'hairpin-colocation', 'target-not-ready'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: ['control-plane', 'worker-1', 'worker-2'] });
    const app = c.deployment('default/nfs-subdir-external-provisioner', {
      labels: { app: 'nfs-subdir-external-provisioner', release: 'nfs-subdir-external-provisioner' }, templateHash: '5b7d9c8f6', suffix: '8mz2x', strategy: 'Recreate', serviceAccountName: 'nfs-subdir-external-provisioner',
      containers: [{ name: 'nfs-subdir-external-provisioner', image: 'registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2', env: [{ name: 'PROVISIONER_NAME', value: 'cluster.local/nfs-subdir-external-provisioner' }, { name: 'NFS_SERVER', value: '192.168.56.20' }, { name: 'NFS_PATH', value: '/mnt/nfs_clientshare' }], volumeMounts: [{ name: 'nfs-subdir-external-provisioner-root', mountPath: '/persistentvolumes' }] }],
      volumes: [nfsVolume('nfs-subdir-external-provisioner-root', '192.168.56.20', '/mnt/nfs_clientshare', '/persistentvolumes')],
      node: 'worker-1', podCreated: '-6m', state: waiting('ContainerCreating'),
    });
    scheduled(c, app.pod, '-6m');
    failedMount(c, app.pod, nfsMountFailure('nfs-subdir-external-provisioner-root', app.pod.metadata.uid ?? '', kubeletDir('kubeadm'), '192.168.56.20:/mnt/nfs_clientshare', 'mount.nfs: access denied by server while mounting 192.168.56.20:/mnt/nfs_clientshare'), { count: 11, first: '-6m', last: '-20s' });
    mountTimeout(c, app.pod, ['nfs-subdir-external-provisioner-root'], { count: 2, first: '-4m', last: '-2m' });
    return c.objects();
  },
};
