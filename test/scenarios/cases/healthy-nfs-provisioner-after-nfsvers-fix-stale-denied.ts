import { pvcVolume, running } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { nfsMountFailure, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2022-04-01T15:40:00Z';
const NODES = ['k8s-cp', 'k8s-w1', 'k8s-w2'];
const NETAPP = '10.20.30.40';
const OLD_POD = 'nfs-subdir-external-provisioner-5d8c7b9f6-qw7zn';
const OLD_UID = 'c8769c53-5f2b-4c3f-a0be-3703e8c10c11';

export const scenario: Scenario = {
  id: 'healthy-nfs-provisioner-after-nfsvers-fix-stale-denied',
  title: 'Healthy: the NFS provisioner runs after moving its root share to a static PV with nfsvers=3; the previous pod\'s "access denied by server" warnings are still listed',
  source: {
    url: 'https://github.com/kubernetes-sigs/nfs-subdir-external-provisioner/issues/188',
    summary: 'NetApp share: "MountVolume.SetUp failed for volume \\"nfs-client-root\\" : mount failed: exit status 32 … Mounting arguments: -t nfs <<IP>>:/CI_Kubernetes_NFS /var/lib/kubelet/pods/c8769c53-…/volumes/kubernetes.io~nfs/nfs-client-root Output: mount.nfs: access denied by server while mounting …"; "In my standard PVs I always pass a number of mountOptions, including nfsvers=3. I\'m unable to mount without this."',
    rootCause: 'Reporter\'s resolution: "I created a static pvc/pv for the deployment with the mountOptions in the pv and it looks good now" — the NetApp export only admits NFSv3 mounts. After the fix the new provisioner pod runs; the warnings left in the namespace belong to the deleted pod of the previous ReplicaSet.',
    filledIn: 'A kubeadm 1.23 cluster; the provisioner Deployment at revision 2 whose pod mounts the static PV (nfsvers=3) and is Running for 25 minutes; the deleted revision-1 pod (uid from the report) with its FailedMount events, last seen before the current pod was created; the current pod\'s normal start events.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'nfs-provisioner/nfs-subdir-external-provisioner-7f9b6d8c5-m2x4t',
  expect: { top: null, ruledOut: [] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES });
    c.boundClaim('nfs-provisioner/nfs-client-root', { pvName: 'nfs-client-root', storageClass: null, size: '100Gi', accessModes: ['ReadWriteMany'], created: '-30m', source: { nfs: { server: NETAPP, path: '/CI_Kubernetes_NFS' } } });
    (c.get('PersistentVolume', 'nfs-client-root').spec as Record<string, unknown>).mountOptions = ['nfsvers=3', 'hard', 'timeo=600'];
    const d = c.deployment('nfs-provisioner/nfs-subdir-external-provisioner', {
      labels: { app: 'nfs-subdir-external-provisioner', release: 'nfs-subdir-external-provisioner' }, templateHash: '7f9b6d8c5', suffix: 'm2x4t', revision: 2, strategy: 'Recreate', serviceAccountName: 'nfs-subdir-external-provisioner', created: '-2h',
      containers: [{ name: 'nfs-subdir-external-provisioner', image: 'k8s.gcr.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2', env: [{ name: 'PROVISIONER_NAME', value: 'cluster.local/nfs-subdir-external-provisioner' }, { name: 'NFS_SERVER', value: NETAPP }, { name: 'NFS_PATH', value: '/CI_Kubernetes_NFS' }], volumeMounts: [{ name: 'nfs-subdir-external-provisioner-root', mountPath: '/persistentvolumes' }] }],
      volumes: [pvcVolume('nfs-subdir-external-provisioner-root', 'nfs-client-root', '/persistentvolumes')],
      node: 'k8s-w1', podCreated: '-25m', state: running({ since: '-24m50s' }),
    });
    c.storageClass('nfs-client', { provisioner: 'cluster.local/nfs-subdir-external-provisioner', parameters: { archiveOnDelete: 'true' } });
    const gone = c.goneRef('Pod', `nfs-provisioner/${OLD_POD}`, OLD_UID);
    c.event({ on: gone, source: { component: 'kubelet', host: 'k8s-w2' }, reason: 'FailedMount', message: nfsMountFailure('nfs-client-root', OLD_UID, '/var/lib/kubelet', `${NETAPP}:/CI_Kubernetes_NFS`, `mount.nfs: access denied by server while mounting ${NETAPP}:/CI_Kubernetes_NFS`), count: 7, first: '-62m', last: '-31m' });
    c.event({ on: gone, source: { component: 'kubelet', host: 'k8s-w2' }, reason: 'FailedMount', message: 'Unable to attach or mount volumes: unmounted volumes=[nfs-client-root], unattached volumes=[nfs-client-root kube-api-access-8xk2p]: timed out waiting for the condition', count: 14, first: '-60m', last: '-32m' });
    scheduled(c, d.pod, '-25m');
    c.event({ on: d.pod, reason: 'Pulled', container: 'nfs-subdir-external-provisioner', message: 'Container image "k8s.gcr.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2" already present on machine', last: '-24m55s' });
    c.event({ on: d.pod, reason: 'Created', container: 'nfs-subdir-external-provisioner', message: 'Created container nfs-subdir-external-provisioner', last: '-24m52s' });
    c.event({ on: d.pod, reason: 'Started', container: 'nfs-subdir-external-provisioner', message: 'Started container nfs-subdir-external-provisioner', last: '-24m50s' });
    return c.objects();
  },
};
