import { configMapVolume, running } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { custom, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2016-05-03T10:40:00Z';
const NODES = ['ip-10-115-0-10.eu-west-1.compute.internal', 'ip-10-115-0-133.eu-west-1.compute.internal', 'ip-10-115-0-141.eu-west-1.compute.internal'];

export const scenario: Scenario = {
  id: 'healthy-nginx-ingress-configmap-not-found-transient',
  title: 'nginx ingress controller running although its first sync said configmaps "nginx-template" not found',
  source: {
    url: 'https://github.com/kubernetes/kubernetes/issues/25096',
    summary: '"The following errors are occurring despite the volume being mounted. * Warning FailedMount Unable to mount volumes for pod \\"nginx-ingress-controller-1626740531-88561_default(d125e230-1151-11e6-a2d1-0adbaa6061ff)\\": configmaps \\"nginx-template\\" not found * Warning FailedSync Error syncing pod, skipping: configmaps \\"nginx-template\\" not found ... however the configmap exists." The same describe shows the kubelet going on to "pulling image \\"aledbf/nginx-third-party:0.16\\"".',
    rootCause: 'The ConfigMap exists and the volume was mounted: the two warnings are from the kubelet\'s first sync, before its view of the ConfigMap caught up, and were retried successfully. The pod is healthy; the events are stale noise.',
    filledIn: 'The pod shown Running 32 minutes later (the report\'s describe already shows the image pull that follows a successful mount); the ConfigMap present; event counts 1 as in the report; the base cluster\'s 1.29 nodes stand in for the 1.2 ones.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/nginx-ingress-controller-1626740531-88561',
  expect: { top: null, ruledOut: ['missing-config-object', 'kubelet-volume-stall'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES });
    custom(c, 'v1', 'ConfigMap', 'default/nginx-template', { data: { 'nginx.tmpl': '' } }, {}, '-33m');
    const app = c.deployment('default/nginx-ingress-controller', {
      templateHash: '1626740531', suffix: '88561', labels: { k8sApp: 'nginx-ingress-lb' },
      containers: [{ name: 'nginx-ingress-lb', image: 'aledbf/nginx-third-party:0.16', ports: [{ containerPort: 80 }, { containerPort: 443 }], volumeMounts: [{ name: 'nginx-template-volume', mountPath: '/etc/nginx/template', readOnly: true }] }],
      volumes: [configMapVolume('nginx-template-volume', 'nginx-template', '/etc/nginx/template')],
      node: 'ip-10-115-0-133.eu-west-1.compute.internal', podCreated: '-32m', state: running({ since: '-31m' }),
    });
    scheduled(c, app.pod, '-32m');
    const uid = app.pod.metadata.uid ?? '';
    c.event({ on: app.pod, reason: 'FailedMount', message: `Unable to mount volumes for pod "nginx-ingress-controller-1626740531-88561_default(${uid})": configmaps "nginx-template" not found`, count: 1, first: '-32m', last: '-32m' });
    c.event({ on: app.pod, reason: 'FailedSync', type: 'Warning', message: 'Error syncing pod, skipping: configmaps "nginx-template" not found', count: 1, first: '-32m', last: '-32m' });
    c.event({ on: app.pod, reason: 'Pulling', message: 'pulling image "aledbf/nginx-third-party:0.16"', count: 1, first: '-32m', last: '-32m', type: 'Normal' });
    c.event({ on: app.pod, reason: 'Pulled', message: 'Successfully pulled image "aledbf/nginx-third-party:0.16"', count: 1, first: '-31m', last: '-31m', type: 'Normal' });
    c.event({ on: app.pod, reason: 'Started', message: 'Started container nginx-ingress-lb', count: 1, first: '-31m', last: '-31m', type: 'Normal' });
    return c.objects();
  },
};
