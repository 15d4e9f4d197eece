import { pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { failedMount, mountTimeout, nfsClaim, nfsMountFailure, nfsServer, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2018-03-23T10:30:00Z';

export const scenario: Scenario = {
  id: 'nfs-export-denied-examples-rancher',
  title: 'In-cluster NFS server exports only to its own node: every other node is "access denied"',
  source: {
    url: 'https://github.com/kubernetes/examples/issues/220',
    summary: '"If i start the nginx server the pod on the server where the nfs-server is running, can connect to the nfs. But on the other node the pod throws an error: … mount -t nfs 10.43.103.112:/ … mount.nfs: access denied by server while mounting 10.43.103.112:/".',
    rootCause: 'Answer in the thread: "there is wrong with access right, u can config access rule on the nfs server" — the export\'s client list admits the server\'s own node but not the other nodes\' addresses.',
    filledIn: 'Rancher-era k3s-style cluster with service CIDR 10.43.0.0/16 (10.43.103.112 as in the report); the nfs-server on node-1; a second nginx replica Running on node-1 as the report describes.',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'default/nginx-nfs-7f9d8c6b5-hq7zc',
  expect: { top: 'nfs-export-denied', ruledOut: ['hairpin-colocation', 'target-not-ready', 'portal-stale', 'nfs-server-unresolvable'] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: ['node-1', 'node-2'] });
    const server = nfsServer(c, 'default/nfs-server', { node: 'node-1', clusterIP: '10.43.103.112', labels: { role: 'nfs-server' } });
    nfsClaim(c, 'default/nfs', 'nfs', server.ip, '/');
    const d = c.deployment('default/nginx-nfs', {
      templateHash: '7f9d8c6b5', image: 'nginx:1.13', volumes: [pvcVolume('nfs', 'nfs', '/usr/share/nginx/html')], podCreated: '-15m',
      pods: [{ node: 'node-2', suffix: 'hq7zc', state: waiting('ContainerCreating') }, { node: 'node-1', suffix: 'b4d2m', state: running({ since: '-14m' }) }],
    });
    const pod = d.pod;
    scheduled(c, pod, '-15m');
    failedMount(c, pod, nfsMountFailure('nfs', pod.metadata.uid ?? '', kubeletDir('k3s'), `${server.ip}:/`, `mount.nfs: access denied by server while mounting ${server.ip}:/`), { count: 15, first: '-15m', last: '-30s' });
    mountTimeout(c, pod, ['nfs'], { count: 6, first: '-13m', last: '-1m' });
    return c.objects();
  },
};
