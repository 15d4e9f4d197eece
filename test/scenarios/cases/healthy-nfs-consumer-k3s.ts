import { pvcVolume, running } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { nfsClaim, nfsServer, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2024-04-20T12:00:00Z';

export const scenario: Scenario = {
  id: 'healthy-nfs-consumer-k3s',
  title: 'Control: an NFS consumer on a different node than its in-cluster server, Running and Ready',
  source: {
    url: 'https://github.com/kubernetes/examples/issues/220',
    summary: 'In the report the nginx pod "on the server where the nfs-server is running, can connect to the nfs"; mounts that succeed are the control group of the NFS scenarios.',
    rootCause: 'Nothing is wrong with this pod: its NFS volume mounted and it is Ready. kubehow must raise no hypothesis.',
    filledIn: 'k3s 1.29; an in-cluster NFS server Deployment/Service; the consumer on another node; all events Normal.',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'web/static-site-5f7d9c8b6-k9wzr',
  expect: { top: null, ruledOut: [] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: ['k3s-node-1', 'k3s-node-2', 'k3s-node-3'] });
    const server = nfsServer(c, 'storage/nfs-server', { node: 'k3s-node-3', labels: { role: 'nfs-server' } });
    nfsClaim(c, 'web/site-content', 'site-content', server.ip, '/exports/site');
    const app = c.deployment('web/static-site', { templateHash: '5f7d9c8b6', suffix: 'k9wzr', image: 'nginx:1.25', volumes: [pvcVolume('content', 'site-content', '/usr/share/nginx/html')], node: 'k3s-node-1', podCreated: '-3h', state: running({ since: '-3h' }) });
    scheduled(c, app.pod, '-3h');
    c.event({ on: app.pod, reason: 'Pulled', container: 'static-site', message: 'Container image "nginx:1.25" already present on machine', last: '-3h' });
    c.event({ on: app.pod, reason: 'Created', container: 'static-site', message: 'Created container static-site', last: '-3h' });
    c.event({ on: app.pod, reason: 'Started', container: 'static-site', message: 'Started container static-site', last: '-3h' });
    return c.objects();
  },
};
