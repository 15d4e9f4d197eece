import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { failedMount, mountTimeout, nfsMountFailure, nfsServer, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2021-02-03T15:40:00Z';
const PV = 'pvc-a819b066-8c44-4bbe-b5fc-f4574002c112';

export const scenario: Scenario = {
  id: 'nfs-server-unresolvable-openebs-dynamic-nfs-k3s',
  title: 'OpenEBS dynamic NFS provisioner writes the server as a *.svc.cluster.local name; k3s nodes cannot resolve it',
  source: {
    url: 'https://github.com/openebs-archive/dynamic-nfs-provisioner/issues/7',
    summary: '"MountVolume.SetUp failed for volume \\"pvc-a819b066-…\\" : mount failed: exit status 32 … Output: mount.nfs: Failed to resolve server nfs-pvc-a819b066-8c44-4bbe-b5fc-f4574002c112.openebs.svc.cluster.local: Name or service not known", while the nfs-pvc-… server pod was Running.',
    rootCause: 'The provisioner put the NFS Service\'s cluster DNS name into the PV; kubelet mounts with the host resolver, which cannot resolve it. The project added `OPENEBS_IO_NFS_SERVER_USE_CLUSTERIP` (Helm `nfsServer.useClusterIP: "true"`) to write the ClusterIP instead, and documented it as "DNS lookup error".',
    filledIn: 'k3s 1.29, the per-PV NFS server Deployment/Service `nfs-<pv>` in openebs backed by a local PV, a Gitea consumer.',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'git/gitea-58f9c7d6b4-zl4kq',
  expect: { top: 'nfs-server-unresolvable', ruledOut: ['hairpin-colocation', 'target-not-ready', 'portal-stale'] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: ['k3s-1', 'k3s-2', 'k3s-3'] });
    nfsServer(c, `openebs/nfs-${PV}`, { node: 'k3s-3', image: 'openebs/nfs-server-alpine:0.2.0', labels: { 'openebs.io/nfs-server': `nfs-${PV}` }, podCreated: '-115s' });
    c.storageClass('openebs-rwx', { provisioner: 'openebs.io/nfsrwx', annotations: { 'cas.openebs.io/config': '- name: NFSServerType\n  value: "kernel"\n- name: BackendStorageClass\n  value: "openebs-hostpath"\n', 'openebs.io/cas-type': 'nfsrwx' } });
    c.boundClaim('git/gitea-shared', { pvName: PV, storageClass: 'openebs-rwx', provisioner: 'openebs.io/nfsrwx', size: '5Gi', accessModes: ['ReadWriteMany'], created: '-2m', source: { nfs: { server: `nfs-${PV}.openebs.svc.cluster.local`, path: '/' } } });
    const app = c.deployment('git/gitea', {
      templateHash: '58f9c7d6b4', suffix: 'zl4kq', image: 'gitea/gitea:1.13.2', volumes: [pvcVolume('shared', 'gitea-shared', '/data')],
      node: 'k3s-1', podCreated: '-100s', state: waiting('ContainerCreating'),
    });
    scheduled(c, app.pod, '-100s');
    failedMount(c, app.pod, nfsMountFailure(PV, app.pod.metadata.uid ?? '', kubeletDir('k3s'), `nfs-${PV}.openebs.svc.cluster.local:/`, `mount.nfs: Failed to resolve server nfs-${PV}.openebs.svc.cluster.local: Name or service not known`), { count: 7, first: '-95s', last: '-10s' });
    mountTimeout(c, app.pod, ['shared'], { count: 1, last: '-5s' });
    return c.objects();
  },
};
