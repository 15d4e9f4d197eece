import { crashLoop, pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { failedMount, mountTimeout, nfsClaim, nfsMountFailure, nfsServer, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2019-05-28T10:40:00Z';

export const scenario: Scenario = {
  id: 'target-not-ready-nfs-ganesha-crashloop',
  title: 'nfs-ganesha run without privileges crash-loops; clients of its Service time out',
  source: {
    url: 'https://github.com/nfs-ganesha/nfs-ganesha/issues/426',
    summary: 'Running nfs-ganesha in a pod without privileged mode or extra capabilities: the server does not come up and "pod-using-nfs" stays in ContainerCreating with its NFS volume unmounted.',
    rootCause: 'Ganesha needs capabilities (e.g. DAC_READ_SEARCH, SYS_RESOURCE) to start; without them the server container exits, so nothing serves NFS behind the Service.',
    filledIn: 'A k3s cluster; the ganesha Deployment crash-looping (12 restarts) and its Service with no ready endpoint; the consumer on another node; mount.nfs timing out on the ClusterIP.',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'worker-unique-id-namespace/pod-using-nfs',
  messageGroup: 'nfs-mount-timeout',
  expect: { top: 'target-not-ready', ruledOut: ['hairpin-colocation', 'portal-stale', 'nfs-server-unresolvable'] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: ['k3s-a', 'k3s-b'] });
    const server = nfsServer(c, 'worker-unique-id-namespace/nfs-ganesha', { node: 'k3s-b', image: 'janeczku/nfs-ganesha:latest', labels: { app: 'nfs-ganesha' }, podCreated: '-40m', state: crashLoop(12, { reason: 'Error', exitCode: 2, finishedAt: '-1m' }) });
    nfsClaim(c, 'worker-unique-id-namespace/repo', 'repo-nfs', server.ip, '/export', { created: '-40m' });
    const pod = c.pod('worker-unique-id-namespace/pod-using-nfs', { image: 'alpine:3.9', volumes: [pvcVolume('nfs-volume', 'repo', '/repo')], node: 'k3s-a', created: '-38m', state: waiting('ContainerCreating') });
    scheduled(c, pod, '-38m');
    failedMount(c, pod, nfsMountFailure('repo-nfs', pod.metadata.uid ?? '', kubeletDir('k3s'), `${server.ip}:/export`, 'mount.nfs: Connection timed out'), { count: 16, first: '-36m', last: '-1m' });
    mountTimeout(c, pod, ['nfs-volume'], { count: 17, first: '-36m', last: '-2m' });
    return c.objects();
  },
};
