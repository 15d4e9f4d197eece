import { pvcVolume, running } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { attached, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2026-04-02T10:00:00Z';

export const scenario: Scenario = {
  id: 'healthy-jiva-consumer-microk8s',
  title: 'Control: Sonarr after the fix — on its own node, away from its Jiva controller, Running and Ready',
  source: {
    url: 'https://github.com/openebs/openebs/issues/3641',
    summary: 'The report: on one cluster "some of jiva volume cannot mount to payload due to iSCSI login failure" ("Login I/O error, failed to receive a PDU") while the other Jiva volumes mount. This control case is one of the volumes that mount.',
    rootCause: 'Not taken from the report: nothing is wrong with this pod. It mounted its volume and is Ready; the corpus keeps it to prove that kubehow raises no hypothesis for a healthy pod, even with an earlier pod\'s mount failures in the event stream.',
    filledIn: 'The whole cluster: the seed incident\'s shape (microk8s, legacy Jiva, three replicas) after remediation — Sonarr on k8s01 with anti-affinity to its controller on k8s03, and a stale FailedMount of the previous pod on k8s03.',
  },
  distribution: 'microk8s',
  now: NOW,
  pod: 'media/sonarr-dd4cb4f69-r7mzt',
  expect: { top: null, ruledOut: [] },
  build() {
    const c = baseCluster('microk8s', NOW, { nodes: ['k8s01', 'k8s02', 'k8s03'] });
    const vol = c.jivaVolume({ claim: 'media/sonarr-config', controllerNode: 'k8s03', replicaNodes: ['k8s01', 'k8s02', 'k8s03'], created: '-200d' });
    const app = c.deployment('media/sonarr', {
      labels: { 'app.kubernetes.io/name': 'sonarr' }, templateHash: 'dd4cb4f69', suffix: 'r7mzt', image: 'lscr.io/linuxserver/sonarr:latest', ports: [{ name: 'http', containerPort: 8989 }],
      volumes: [pvcVolume('config', 'sonarr-config', '/config')], node: 'k8s01', podCreated: '-2d', state: running({ since: '-2d' }),
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { 'openebs.io/controller': 'jiva-controller', 'openebs.io/persistent-volume': vol.pvName } }, namespaces: ['openebs'], topologyKey: 'kubernetes.io/hostname' }] } },
    });
    scheduled(c, app.pod, '-2d');
    attached(c, app.pod, vol.pvName, '-2d');
    const old = c.goneRef('Pod', 'media/sonarr-dd4cb4f69-8kmhv');
    c.event({ on: old, reason: 'FailedMount', source: { component: 'kubelet', host: 'k8s03' }, count: 12, first: '-2d1h', last: '-2d', message: `MountVolume.WaitForAttach failed for volume "${vol.pvName}" : failed to get any path for iscsi disk, last err seen:\niscsi: failed to sendtargets to portal ${vol.portal} output: iscsiadm: Connection to Discovery Address ${vol.portal.split(':')[0] ?? ''} failed\niscsiadm: Login I/O error, failed to receive a PDU\n, err exit status 4` });
    return c.objects();
  },
};
