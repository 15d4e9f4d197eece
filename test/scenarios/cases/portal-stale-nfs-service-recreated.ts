import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { failedMount, mountTimeout, nfsClaim, nfsMountFailure, nfsServer, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2019-12-06T15:20:00Z';
const OLD_IP = '10.96.240.174';

export const scenario: Scenario = {
  id: 'portal-stale-nfs-service-recreated',
  title: 'Rook NFS server Service recreated with a new ClusterIP; the PVs still mount the old one',
  source: {
    url: 'https://github.com/rook/rook/issues/4441',
    summary: '"A pod is failing to come up and the event logs show it cant mount the volumes due to a timeout connecting the the nfs pod. The NFS pod is up and running but its service IP does not match the IP in the PV. I suspect the cluster was restarted or something else cause the service IP to change."',
    rootCause: 'The NFS PVs record the server Service\'s ClusterIP; the Service was recreated and got a new IP, so mounts go to an address nothing answers on. The fix is to give the Service a fixed clusterIP or recreate the PVs.',
    filledIn: 'kubeadm cluster with service CIDR 10.96.0.0/16 (the report\'s prefix is masked), the rook-nfs server StatefulSet modelled as a Deployment, a Logstash consumer.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'logstash/logstash-65474c5988-dchv7',
  messageGroup: 'nfs-mount-timeout',
  expect: { top: 'portal-stale', ruledOut: ['hairpin-colocation', 'nfs-server-unresolvable'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: ['k8s-master', 'k8s-node-1', 'k8s-node-2', 'k8s-node-3'] });
    nfsServer(c, 'rook-nfs/rook-nfs', { node: 'k8s-node-3', image: 'rook/nfs:v1.1.7', labels: { app: 'rook-nfs' }, podCreated: '-3h' });
    const pv = 'pvc-586a1ac9-0af6-11ea-88ca-005056a246ae';
    nfsClaim(c, 'logstash/pipeline-logstashshared-0', pv, OLD_IP, `/nfs-share/${pv}`, { storageClass: 'rook-nfs-share1', created: '-17d' });
    const app = c.deployment('logstash/logstash', {
      templateHash: '65474c5988', suffix: 'dchv7', image: 'docker.elastic.co/logstash/logstash:7.4.2', volumes: [pvcVolume('pipeline-logstashshared-0', 'pipeline-logstashshared-0', '/usr/share/logstash/pipeline')],
      node: 'k8s-node-1', podCreated: '-1h', state: waiting('ContainerCreating'),
    });
    scheduled(c, app.pod, '-1h');
    failedMount(c, app.pod, `(combined from similar events): ${nfsMountFailure(pv, app.pod.metadata.uid ?? '', kubeletDir('kubeadm'), `${OLD_IP}:/nfs-share/${pv}`, 'mount.nfs: Connection timed out')}`, { count: 22, first: '-58m', last: '-8m' });
    mountTimeout(c, app.pod, ['pipeline-logstashshared-0'], { count: 26, first: '-57m', last: '-3m' });
    return c.objects();
  },
};
