import { pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { failedMount, mountTimeout, nfsClaim, nfsMountFailure, nfsServer, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2024-04-18T20:10:00Z';

export const scenario: Scenario = {
  id: 'hairpin-nfs-server-same-node-k3s',
  title: 'In-cluster NFS server behind a ClusterIP: the consumer that lands on the server\'s node times out',
  source: {
    url: 'https://github.com/kelseyhightower/kubernetes-the-hard-way/issues/518',
    summary: '"PodA -> ServiceA ClusterIP -> PodA on same node or PodA -> ServiceB ClusterIP -> PodB on same node … the above traffic … hangs", while the cluster otherwise works.',
    rootCause: 'Hairpin traffic to a ClusterIP whose backend is on the sending node is not handled by that CNI/bridge configuration (hairpin mode / br_netfilter), so the connection hangs; clients on other nodes are fine.',
    filledIn: 'Applied to NFS: an nfs-ganesha style server Deployment behind a ClusterIP (the PV holds the ClusterIP, as the nfs-ganesha provisioner chart writes it) on k3s-node-2, a Vaultwarden pod rescheduled onto k3s-node-2 whose host-side mount.nfs times out; an older consumer on k3s-node-1 mounts fine.',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'vault/vaultwarden-6d7c9b8f5-f2kpn',
  messageGroup: 'nfs-mount-timeout',
  expect: { top: 'hairpin-colocation', ruledOut: ['target-not-ready', 'portal-stale', 'nfs-server-unresolvable', 'nfs-export-denied'], minVerdict: 'likely' },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: ['k3s-node-1', 'k3s-node-2', 'k3s-node-3'] });
    const server = nfsServer(c, 'storage/nfs-server', { node: 'k3s-node-2', image: 'registry.k8s.io/sig-storage/nfs-provisioner:v4.0.8', labels: { app: 'nfs-server-provisioner' } });
    nfsClaim(c, 'vault/vaultwarden-data', 'pvc-3b9e7f1c-5a2d-4c8e-9f61-0d7a2e4b8c13', server.ip, '/export/pvc-3b9e7f1c-5a2d-4c8e-9f61-0d7a2e4b8c13', { storageClass: 'nfs' });
    const app = c.deployment('vault/vaultwarden', {
      templateHash: '6d7c9b8f5', suffix: 'f2kpn', image: 'vaultwarden/server:1.30.5', volumes: [pvcVolume('data', 'vaultwarden-data', '/data')],
      node: 'k3s-node-2', podCreated: '-14m', state: waiting('ContainerCreating'),
    });
    scheduled(c, app.pod, '-14m');
    const pv = 'pvc-3b9e7f1c-5a2d-4c8e-9f61-0d7a2e4b8c13';
    failedMount(c, app.pod, nfsMountFailure(pv, app.pod.metadata.uid ?? '', kubeletDir('k3s'), `${server.ip}:/export/${pv}`, 'mount.nfs: Connection timed out'), { count: 5, first: '-12m', last: '-40s' });
    mountTimeout(c, app.pod, ['data'], { count: 6, first: '-12m', last: '-2m' });
    c.deployment('vault/vaultwarden-backup', { image: 'bruceforce/vaultwarden-backup:1.23.0', volumes: [pvcVolume('data', 'vaultwarden-data', '/data')], node: 'k3s-node-1', podCreated: '-6d', state: running({ since: '-6d' }) });
    return c.objects();
  },
};
