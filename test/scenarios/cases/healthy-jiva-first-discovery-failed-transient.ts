import { pvcVolume, running } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { attached, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2019-01-24T10:45:00Z';
const NODES = ['ip-10-124-1-18.eu-central-1.compute.internal', 'ip-10-124-2-40.eu-central-1.compute.internal', 'ip-10-124-3-62.eu-central-1.compute.internal'];
// kops 1.11 on AWS: Debian stretch images, Docker 17.03.
const KOPS = { kubeletVersion: 'v1.11.6', containerRuntimeVersion: 'docker://17.3.2', osImage: 'Debian GNU/Linux 9 (stretch)', kernelVersion: '4.9.0-7-amd64' };

export const scenario: Scenario = {
  id: 'healthy-jiva-first-discovery-failed-transient',
  title: 'Control: a Jiva-backed pod that failed its first iSCSI discovery while the new target started, then mounted and has run for 20 minutes',
  source: {
    url: 'https://github.com/openebs-archive/openebs-docs/issues/513',
    summary: '"Error logs regarding iSCSI connection in kubelet while deploying OpenEBS volume": "MountVolume.WaitForAttach failed for volume \\"pvc-26e83856-1b00-11e9-896b-0676b4c38b5e\\" : failed to get any path for iscsi disk, last err seen:\\niscsi: failed to sendtargets to portal 172.20.13.86:3260 output: iscsiadm: Connection to Discovery Address 172.20.13.86 failed" (x4 over 21s), "But, after that I see the containers have come up."',
    rootCause: 'Nothing is wrong now. The maintainer: the first discovery attempt failed because the freshly created target was not serving yet, "But in next iteration it\'s able to discover and process further." The pod is Running and Ready; kubehow must raise no hypothesis for it, whatever the earlier FailedMount events say.',
    filledIn: 'Three kops 1.11 nodes in eu-central-1; OpenEBS 0.8 legacy Jiva (controller and three replicas Running); the consumer on ip-10-124-3-62 with the report\'s PV name; the discovery failure as the report quotes it (truncated after the first iscsiadm line), 25 minutes old; the pod Running since 21 minutes; the Service address is the cluster\'s, not the report\'s 172.20.13.86.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'demo/percona-7d8b6c9f5-jw2xt',
  messageGroup: 'iscsi-discovery-pdu',
  expect: { top: null, ruledOut: [] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, nodeOptions: Object.fromEntries(NODES.map((n) => [n, KOPS])) });
    const vol = c.jivaVolume({ claim: 'demo/demo-vol1-claim', uid: '26e83856-1b00-11e9-896b-0676b4c38b5e', controllerNode: NODES[0] ?? '', replicaNodes: NODES, created: '-26m', controllerCreated: '-26m', version: '0.8.0' });
    const app = c.deployment('demo/percona', {
      templateHash: '7d8b6c9f5', suffix: 'jw2xt', image: 'percona:5.7', ports: [{ name: 'mysql', containerPort: 3306 }],
      volumes: [pvcVolume('demo-vol1', 'demo-vol1-claim', '/var/lib/mysql')], node: NODES[2], podCreated: '-26m', state: running({ since: '-21m' }),
    });
    scheduled(c, app.pod, '-26m');
    attached(c, app.pod, vol.pvName, '-26m');
    c.event({ on: app.pod, reason: 'FailedMount', count: 4, first: '-25m41s', last: '-25m20s', message: `MountVolume.WaitForAttach failed for volume "${vol.pvName}" : failed to get any path for iscsi disk, last err seen:\niscsi: failed to sendtargets to portal ${vol.portal} output: iscsiadm: Connection to Discovery Address ${vol.portal.split(":")[0] ?? ""} failed\n` });
    c.event({ on: app.pod, reason: 'Started', container: 'percona', message: 'Started container', last: '-21m' });
    return c.objects();
  },
};
