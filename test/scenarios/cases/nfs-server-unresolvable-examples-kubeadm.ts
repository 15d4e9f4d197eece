import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { failedMount, mountTimeout, nfsClaim, nfsMountFailure, nfsServer, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2020-07-21T14:02:00Z';

export const scenario: Scenario = {
  id: 'nfs-server-unresolvable-examples-kubeadm',
  title: 'The kubernetes/examples NFS PV names its server by cluster DNS; kubelet\'s host mount cannot resolve it',
  source: {
    url: 'https://github.com/kubernetes/examples/issues/390',
    summary: 'Using `server: nfs-server.default.svc.cluster.local` from the example: "It works on GKE through some black magic, but neither on minikube or kubeadm clusters" — "mount.nfs: Failed to resolve server nfs-server.default.svc.cluster.local: Name or service not known".',
    rootCause: '"The controller is not resolving the IP address against core-dns before building the mount command line that will be run on the node\'s host system": mount.nfs runs with the node\'s resolver, which does not know cluster DNS names.',
    filledIn: 'kubeadm 1.29 cluster; the nfs-server ReplicationController of the example as a Deployment with its Service; the nginx "nfs-web" consumer; message in systemd-free mount-utils wording.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/nfs-web-6c8d7f5b9-2xq9z',
  expect: { top: 'nfs-server-unresolvable', ruledOut: ['hairpin-colocation', 'target-not-ready', 'portal-stale'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: ['kubeadm-cp', 'kubeadm-w1', 'kubeadm-w2'] });
    nfsServer(c, 'default/nfs-server', { node: 'kubeadm-w2', labels: { role: 'nfs-server' } });
    nfsClaim(c, 'default/nfs', 'nfs', 'nfs-server.default.svc.cluster.local', '/');
    const app = c.deployment('default/nfs-web', {
      labels: { role: 'web-frontend' }, templateHash: '6c8d7f5b9', suffix: '2xq9z', image: 'nginx:1.19', volumes: [pvcVolume('nfs', 'nfs', '/usr/share/nginx/html')],
      node: 'kubeadm-w1', podCreated: '-9m', state: waiting('ContainerCreating'),
    });
    scheduled(c, app.pod, '-9m');
    failedMount(c, app.pod, nfsMountFailure('nfs', app.pod.metadata.uid ?? '', kubeletDir('kubeadm'), 'nfs-server.default.svc.cluster.local:/', 'mount.nfs: Failed to resolve server nfs-server.default.svc.cluster.local: Name or service not known'), { count: 12, first: '-9m', last: '-20s' });
    mountTimeout(c, app.pod, ['nfs'], { count: 3, first: '-7m', last: '-2m' });
    return c.objects();
  },
};
