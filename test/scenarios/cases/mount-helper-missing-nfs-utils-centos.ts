import { nfsVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2021-05-20T08:15:00Z';

export const scenario: Scenario = {
  id: 'mount-helper-missing-nfs-utils-centos',
  title: 'CentOS workers without nfs-utils: "wrong fs type, bad option, bad superblock … missing codepage or helper program"',
  source: {
    url: 'https://github.com/kubernetes-sigs/nfs-subdir-external-provisioner/issues/104',
    summary: 'The nfs-client-provisioner pod stuck in ContainerCreating: "MountVolume.SetUp failed for volume \\"nfs-client-root\\" : mount failed: exit status 32 … mount -t nfs 172.16.16.254:/mnt/nfs … Output: mount: wrong fs type, bad option, bad superblock on 172.16.16.254:/mnt/nfs, missing codepage or helper program, or other error".',
    rootCause: 'The worker nodes lacked the NFS client package (nfs-utils on CentOS), so mount had no mount.nfs helper; installing it on every node fixed the mount.',
    filledIn: 'kubeadm cluster on CentOS 7 workers (osImage overridden), the provisioner Deployment with its inline NFS volume.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/nfs-client-provisioner-5946f5db98-ll84n',
  expect: { top: 'mount-helper-missing', ruledOut: ['nfs-export-denied', 'nfs-server-unresolvable', 'external-target-unreachable'] },
  build() {
    const centos = { osImage: 'CentOS Linux 7 (Core)', kernelVersion: '3.10.0-1160.25.1.el7.x86_64', containerRuntimeVersion: 'docker://20.10.6', kubeletVersion: 'v1.21.1' };
    const c = baseCluster('kubeadm', NOW, { nodes: ['k8s-lb', 'k8s-worker-1', 'k8s-worker-2'], nodeOptions: { 'k8s-lb': centos, 'k8s-worker-1': centos, 'k8s-worker-2': centos } });
    const app = c.deployment('default/nfs-client-provisioner', {
      templateHash: '5946f5db98', suffix: 'll84n', strategy: 'Recreate', serviceAccountName: 'nfs-client-provisioner',
      containers: [{ name: 'nfs-client-provisioner', image: 'k8s.gcr.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2', env: [{ name: 'PROVISIONER_NAME', value: 'k8s-sigs.io/nfs-subdir-external-provisioner' }, { name: 'NFS_SERVER', value: '172.16.16.254' }, { name: 'NFS_PATH', value: '/mnt/nfs' }], volumeMounts: [{ name: 'nfs-client-root', mountPath: '/persistentvolumes' }] }],
      volumes: [nfsVolume('nfs-client-root', '172.16.16.254', '/mnt/nfs', '/persistentvolumes')],
      node: 'k8s-worker-1', podCreated: '-3m', state: waiting('ContainerCreating'),
    });
    scheduled(c, app.pod, '-3m');
    const target = `${kubeletDir('kubeadm')}/pods/${app.pod.metadata.uid ?? ''}/volumes/kubernetes.io~nfs/nfs-client-root`;
    failedMount(c, app.pod, `MountVolume.SetUp failed for volume "nfs-client-root" : mount failed: exit status 32\nMounting command: mount\nMounting arguments: -t nfs 172.16.16.254:/mnt/nfs ${target}\nOutput: mount: wrong fs type, bad option, bad superblock on 172.16.16.254:/mnt/nfs,\n       missing codepage or helper program, or other error\n       (for several filesystems (e.g. nfs, cifs) you might\n       need a /sbin/mount.<type> helper program)\n\n       In some cases useful info is found in syslog - try\n       dmesg | tail or so.\n`, { count: 9, first: '-3m', last: '-5s' });
    mountTimeout(c, app.pod, ['nfs-client-root'], { count: 1, last: '-50s' });
    return c.objects();
  },
};
