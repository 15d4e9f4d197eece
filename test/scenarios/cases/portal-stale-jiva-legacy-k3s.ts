import { dig, pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { attached, failedMount, iscsiSendtargetsFailure, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2024-02-11T16:05:00Z';
const OLD_IP = '10.43.187.44';

export const scenario: Scenario = {
  id: 'portal-stale-jiva-legacy-k3s',
  title: 'Legacy Jiva on k3s after the OpenEBS namespace was restored: the PV still points at the old ClusterIP',
  source: {
    url: 'https://github.com/kubernetes/kubernetes/issues/60143',
    summary: 'An iSCSI PV lists a target portal that no longer serves the volume; "Currently this path is always failure from here on. Even if admin replaced this node or brought up a new node with new portal IP, how can app pod make use of new path/IP?"',
    rootCause: 'The PV spec is immutable (maintainer: "PV spec is expected to be immutable"), so a portal frozen into the PV at provisioning keeps pointing at an address that no longer answers. Legacy Jiva writes the controller Service ClusterIP into the PV; recreating the Service gives it a new IP.',
    filledIn: 'k3s 1.29 with OpenEBS 2.12 legacy Jiva; the openebs namespace was deleted and restored from a Velero backup, so `<pv>-ctrl-svc` came back with a new ClusterIP (the controller runs `--clusterIP` with the new one) while the PV kept 10.43.187.44.',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'home/nextcloud-84d7f9c6b5-lx9qp',
  messageGroup: 'iscsi-connect-timeout',
  expect: { top: 'portal-stale', ruledOut: ['hairpin-colocation', 'target-not-ready', 'replica-quorum-lost'] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: ['k3s-server', 'k3s-agent-1', 'k3s-agent-2'] });
    const vol = c.jivaVolume({ claim: 'home/nextcloud-data', controllerNode: 'k3s-agent-2', replicaNodes: ['k3s-server', 'k3s-agent-1', 'k3s-agent-2'], size: '20Gi', created: '-90d', controllerCreated: '-2h', controllerStartedAt: '-2h' });
    const iscsi = dig(vol.pv, 'spec', 'iscsi') as { targetPortal: string };
    iscsi.targetPortal = `${OLD_IP}:3260`;
    const app = c.deployment('home/nextcloud', {
      templateHash: '84d7f9c6b5', suffix: 'lx9qp', image: 'nextcloud:28.0.2-apache', volumes: [pvcVolume('data', 'nextcloud-data', '/var/www/html')],
      node: 'k3s-agent-1', podCreated: '-1h30m', state: waiting('ContainerCreating'),
    });
    scheduled(c, app.pod, '-1h30m');
    attached(c, app.pod, vol.pvName, '-1h30m');
    const timeout = `iscsiadm: connect to ${OLD_IP} timed out\n`.repeat(6) + 'iscsiadm: connection login retries (reopen_max) 5 exceeded\niscsiadm: Could not perform SendTargets discovery: encountered connection failure\n';
    failedMount(c, app.pod, iscsiSendtargetsFailure(vol.pvName, `${OLD_IP}:3260`, timeout, 4), { count: 31, first: '-1h28m', last: '-2m' });
    mountTimeout(c, app.pod, ['data'], { count: 40, first: '-1h27m', last: '-1m' });
    c.deployment('home/nextcloud-redis', { image: 'redis:7.2', node: 'k3s-agent-2', podCreated: '-2h', state: running({ since: '-2h' }) });
    return c.objects();
  },
};
