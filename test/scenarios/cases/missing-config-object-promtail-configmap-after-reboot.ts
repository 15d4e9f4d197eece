import { configMapVolume, hostPathVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { custom, failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2023-02-16T18:05:00Z';
const NODES = ['homelab-1', 'homelab-2'];

export const scenario: Scenario = {
  id: 'missing-config-object-promtail-configmap-after-reboot',
  title: 'Promtail (loki-stack) does not come back after a host reboot: its ConfigMap is gone',
  source: {
    url: 'https://github.com/grafana/helm-charts/issues/2216',
    summary: '"MountVolume.SetUp failed for volume \\"config\\" : configmap \\"loki-stack-promtail\\" not found". "After a host reboot promtail didn\'t come back up. ... These are the only configmaps I\'m seeing" (the list lacks loki-stack-promtail).',
    rootCause: 'The ConfigMap the promtail DaemonSet mounts is missing from the namespace (answer: "this error is coming most probably because your configMap loki-stack-promtail not exist in the namespace"); reinstalling the chart recreated it and fixed the pod.',
    filledIn: 'k3s two-node homelab; the loki-stack release\'s other objects (Loki StatefulSet running on local-path, its ConfigMaps); promtail\'s hostPath volumes; kubelet summary events.',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'loki/loki-stack-promtail-7xk2p',
  expect: { top: 'missing-config-object', ruledOut: ['hairpin-colocation', 'node-not-ready', 'kubelet-volume-stall'] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: NODES });
    for (const name of ['loki-stack', 'loki-stack-test', 'kube-root-ca.crt']) custom(c, 'v1', 'ConfigMap', `loki/${name}`, { data: { placeholder: '' } }, {}, '-90d');
    c.statefulSet('loki/loki-stack', { image: 'grafana/loki:2.6.1', node: 'homelab-1', podCreated: '-50m', state: running({ since: '-45m' }), labels: { app: 'loki', release: 'loki-stack' } });
    const ds = c.daemonSet('loki/loki-stack-promtail', {
      labels: { 'app.kubernetes.io/name': 'promtail', 'app.kubernetes.io/instance': 'loki-stack' }, nodes: ['homelab-2'], suffixes: { 'homelab-2': '7xk2p' },
      containers: [{ name: 'promtail', image: 'docker.io/grafana/promtail:2.7.0', args: ['-config.file=/etc/promtail/promtail.yaml'], volumeMounts: [{ name: 'config', mountPath: '/etc/promtail' }, { name: 'run', mountPath: '/run/promtail' }, { name: 'containers', mountPath: '/var/lib/docker/containers', readOnly: true }, { name: 'pods', mountPath: '/var/log/pods', readOnly: true }] }],
      volumes: [configMapVolume('config', 'loki-stack-promtail'), hostPathVolume('run', '/run/promtail'), hostPathVolume('containers', '/var/lib/docker/containers'), hostPathVolume('pods', '/var/log/pods')],
      state: waiting('ContainerCreating'), podCreated: '-48m',
    });
    const pod = ds.pods[0];
    if (pod === undefined) throw new Error('promtail pod not built');
    scheduled(c, pod, '-48m');
    failedMount(c, pod, 'MountVolume.SetUp failed for volume "config" : configmap "loki-stack-promtail" not found', { count: 31, first: '-48m', last: '-40s' });
    mountTimeout(c, pod, ['config'], { count: 21, first: '-46m', last: '-2m' });
    return c.objects();
  },
};
