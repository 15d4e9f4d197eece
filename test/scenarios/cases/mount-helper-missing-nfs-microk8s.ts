import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2020-07-03T19:45:00Z';

export const scenario: Scenario = {
  id: 'mount-helper-missing-nfs-microk8s',
  title: 'microk8s on Ubuntu without nfs-common: "bad option; … you might need a /sbin/mount.<type> helper program"',
  source: {
    url: 'https://github.com/nmaupu/freenas-provisioner/issues/44',
    summary: 'microk8s on Ubuntu 18.04 with a FreeNAS share: "MountVolume.SetUp failed for volume \\"pvc-c07c28ce-…\\" : mount failed: exit status 32 … mount -t nfs 192.168.1.222:/mnt/WD/storage/default/freenas-test-pvc … bad option; for several filesystems (e.g. nfs, cifs) you might need a /sbin/mount.<type> helper program."',
    rootCause: 'Reporter\'s resolution: "Got it, had to install nfs-common on the kubernetes host." — the node has no mount.nfs helper.',
    filledIn: 'Three microk8s 1.28 nodes; the freenas-provisioner StorageClass and a bound PV; the test pod.',
  },
  distribution: 'microk8s',
  now: NOW,
  pod: 'default/freenas-test-pod',
  expect: { top: 'mount-helper-missing', ruledOut: ['nfs-export-denied', 'nfs-server-unresolvable', 'external-target-unreachable'] },
  build() {
    const c = baseCluster('microk8s', NOW, { nodes: ['mk8s-a', 'mk8s-b', 'mk8s-c'] });
    c.storageClass('freenas-nfs', { provisioner: 'freenas.org/nfs', parameters: { datasetParentName: 'WD/storage', shareAllowedNetworks: '192.168.1.0/24' } });
    const pvName = 'pvc-c07c28ce-c985-4301-aac3-fe740acdb909';
    c.boundClaim('default/freenas-test-pvc', { pvName, storageClass: 'freenas-nfs', provisioner: 'freenas.org/nfs', size: '1Mi', accessModes: ['ReadWriteMany'], created: '-12m', source: { nfs: { server: '192.168.1.222', path: '/mnt/WD/storage/default/freenas-test-pvc' } } });
    const pod = c.pod('default/freenas-test-pod', { image: 'busybox:1.31', volumes: [pvcVolume('nfs-vol', 'freenas-test-pvc', '/mnt')], node: 'mk8s-b', created: '-10m', state: waiting('ContainerCreating') });
    scheduled(c, pod, '-10m');
    const dir = kubeletDir('microk8s');
    const target = `${dir}/pods/${pod.metadata.uid ?? ''}/volumes/kubernetes.io~nfs/${pvName}`;
    failedMount(c, pod, `MountVolume.SetUp failed for volume "${pvName}" : mount failed: exit status 32\nMounting command: systemd-run\nMounting arguments: --description=Kubernetes transient mount for ${target} --scope -- mount -t nfs 192.168.1.222:/mnt/WD/storage/default/freenas-test-pvc ${target}\nOutput: Running scope as unit: run-r696e73d75a2e44f19756b9353ec38ea0.scope\nmount: ${target}: bad option; for several filesystems (e.g. nfs, cifs) you might need a /sbin/mount.<type> helper program.\n`, { count: 13, first: '-10m', last: '-40s' });
    mountTimeout(c, pod, ['nfs-vol'], { count: 4, first: '-8m', last: '-2m' });
    return c.objects();
  },
};
