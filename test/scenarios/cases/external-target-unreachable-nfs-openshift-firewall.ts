import { nfsVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { mountTimeout, nfsMountFailure, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2024-03-22T11:05:00Z';
const NODES = ['master-0', 'master-1', 'master-2', 'worker-0', 'worker-1'];
// OpenShift 4.15: RHCOS 415.92, CRI-O 1.28, kubelet v1.28.6 (OpenShift build).
const OCP = { kubeletVersion: 'v1.28.6+6216ea1', containerRuntimeVersion: 'cri-o://1.28.3-14.rhaos4.15.git33aabd8.el9', osImage: 'Red Hat Enterprise Linux CoreOS 415.92.202402201450-0 (Plow)', kernelVersion: '5.14.0-284.54.1.el9_2.x86_64' };
const NFS_HOST = '10.0.90.15';

export const scenario: Scenario = {
  id: 'external-target-unreachable-nfs-openshift-firewall',
  title: 'OpenShift 4.15: nfs-subdir-external-provisioner cannot mount its root share from a RHEL NFS host behind firewalld: "mount.nfs: Connection timed out"',
  source: {
    url: 'https://github.com/kubernetes-sigs/nfs-subdir-external-provisioner/issues/333',
    summary: '"On deploying NFS storage provisioner in OpenShift 4.15, the pod fails with message: MountVolume.SetUp failed for volume \\"<volume-name>\\" : mount failed: exit status 32 Mounting command: mount Mounting arguments: -t" — NFS server set up on a RHEL 8 host.',
    rootCause: 'Reporter\'s resolution: "We have firewall enabled in our host where NFS server is running. We had to follow these instructions to run the NFS server behind the firewall" — the NFS server outside the cluster was unreachable through its host firewall; nothing in the cluster was wrong.',
    filledIn: 'Five OpenShift 4.15 nodes; the provisioner Deployment (namespace nfs-provisioner) with its in-tree NFS root volume pointing at the RHEL host 10.0.90.15:/srv/nfs; the "mount.nfs: Connection timed out" output a firewalled NFS server produces (the report quotes only the head of the message); the mount timeout summary. The report does not show the full output; the timeout text is what kubelet prints when the server does not answer.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'nfs-provisioner/nfs-subdir-external-provisioner-7c9f8d6b54-hz4lq',
  messageGroup: 'nfs-mount-timeout',
  expect: { top: 'external-target-unreachable', ruledOut: ['hairpin-colocation', 'target-not-ready', 'portal-stale', 'nfs-server-unresolvable', 'nfs-export-denied', 'mount-helper-missing', 'network-policy-blocks-target'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, nodeOptions: Object.fromEntries(NODES.map((n) => [n, { ...OCP, ...(n.startsWith('master') ? { roles: ['control-plane', 'master'], taints: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' as const }] } : { roles: ['worker'] }) }])) });
    const volume = nfsVolume('nfs-subdir-external-provisioner-root', NFS_HOST, '/srv/nfs', '/persistentvolumes');
    const d = c.deployment('nfs-provisioner/nfs-subdir-external-provisioner', {
      labels: { app: 'nfs-subdir-external-provisioner', release: 'nfs-subdir-external-provisioner' }, templateHash: '7c9f8d6b54', suffix: 'hz4lq', serviceAccountName: 'nfs-subdir-external-provisioner', strategy: 'Recreate',
      containers: [{ name: 'nfs-subdir-external-provisioner', image: 'registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2', env: [{ name: 'PROVISIONER_NAME', value: 'cluster.local/nfs-subdir-external-provisioner' }, { name: 'NFS_SERVER', value: NFS_HOST }, { name: 'NFS_PATH', value: '/srv/nfs' }], volumeMounts: [{ name: 'nfs-subdir-external-provisioner-root', mountPath: '/persistentvolumes' }] }],
      volumes: [volume], node: 'worker-1', podCreated: '-25m', state: waiting('ContainerCreating'),
    });
    c.storageClass('nfs-client', { provisioner: 'cluster.local/nfs-subdir-external-provisioner', parameters: { archiveOnDelete: 'true' } });
    scheduled(c, d.pod, '-25m');
    c.event({ on: d.pod, reason: 'FailedMount', message: nfsMountFailure('nfs-subdir-external-provisioner-root', d.pod.metadata.uid ?? '', '/var/lib/kubelet', `${NFS_HOST}:/srv/nfs`, 'mount.nfs: Connection timed out'), count: 11, first: '-23m', last: '-2m' });
    mountTimeout(c, d.pod, ['nfs-subdir-external-provisioner-root'], { count: 11, first: '-23m', last: '-1m' });
    return c.objects();
  },
};
