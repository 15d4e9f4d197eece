import { running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { attached, csiClaim, csiDriver, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2022-09-16T09:53:00Z';
const NODES = ['rancher-w1', 'rancher-w2', 'rancher-w3'];
const IMAGE = 'docker.io/bitnami/postgresql:14.5.0-debian-11-r14';

export const scenario: Scenario = {
  id: 'image-pull-failure-bitnami-postgresql-longhorn',
  title: 'PostgreSQL StatefulSet on a healthy Longhorn volume cannot start: the chart\'s image tag "14.5.0-debian-11-r14" is not found',
  source: {
    url: 'https://github.com/bitnami/charts/issues/12453',
    summary: '"Image not found docker.io/bitnami/postgresql": helm install of postgresql 11.9.1 from Rancher waits on "StatefulSet is not ready: myspace/postgresql. 0 out of 1 expected pods are ready" because the image docker.io/bitnami/postgresql:14.5.0-debian-11-r14 cannot be pulled.',
    rootCause: 'The image tag the chart references was not available in the registry, so kubelet never gets past pulling it; the pod\'s volume attached and mounted normally. Using an existing tag (or a later chart) fixes it.',
    filledIn: 'A k3s-based Rancher downstream cluster with three workers and Longhorn 1.3 as the storage class; the chart\'s StatefulSet postgresql with its data-postgresql-0 claim (attached, mounted); containerd\'s "not found" pull error wording and the BackOff sequence.',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'myspace/postgresql-0',
  expect: { top: 'image-pull-failure', ruledOut: ['kubelet-volume-stall', 'multi-attach', 'stale-volume-attachment', 'sandbox-failure'] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'driver.longhorn.io', daemonSet: 'longhorn-system/longhorn-csi-plugin', image: 'longhornio/longhorn-manager:v1.3.1', kubeletDir: kubeletDir('k3s'), pluginNodes: NODES, allNodes: NODES, labels: { app: 'longhorn-csi-plugin' } });
    const { pv } = csiClaim(c, 'myspace/data-postgresql-0', { driver: 'driver.longhorn.io', storageClass: 'longhorn', size: '8Gi', created: '-10m', attributes: { numberOfReplicas: '3', staleReplicaTimeout: '2880' } });
    c.attachVolume({ pv, node: 'rancher-w2' });
    const s = c.statefulSet('myspace/postgresql', {
      labels: { 'app.kubernetes.io/component': 'primary', 'app.kubernetes.io/instance': 'postgresql', 'app.kubernetes.io/name': 'postgresql' }, serviceName: 'postgresql-hl',
      containers: [{ name: 'postgresql', image: IMAGE, ports: [{ name: 'tcp-postgresql', containerPort: 5432 }], volumeMounts: [{ name: 'data', mountPath: '/bitnami/postgresql' }] }],
      volumes: [{ name: 'data', source: { persistentVolumeClaim: { claimName: 'data-postgresql-0' } }, mountPath: '/bitnami/postgresql' }],
      node: 'rancher-w2', podCreated: '-10m', state: waiting('ImagePullBackOff', { message: `Back-off pulling image "${IMAGE}"` }),
    });
    c.service('myspace/postgresql', { selector: { 'app.kubernetes.io/instance': 'postgresql', 'app.kubernetes.io/name': 'postgresql' }, ports: [{ name: 'tcp-postgresql', port: 5432 }] });
    c.deployment('myspace/pgadmin', { image: 'dpage/pgadmin4:6.13', node: 'rancher-w1', podCreated: '-30d', state: running({ since: '-30d' }) });
    const pod = s.pods[0];
    if (pod === undefined) throw new Error('no pod');
    scheduled(c, pod, '-10m');
    attached(c, pod, pv.metadata.name, '-9m52s');
    const ev = (reason: string, message: string, count: number, first: string, last: string) => { c.event({ on: pod, reason, message, count, first, last, container: 'postgresql' }); };
    ev('Pulling', `Pulling image "${IMAGE}"`, 6, '-9m45s', '-4m10s');
    ev('Failed', `Failed to pull image "${IMAGE}": rpc error: code = NotFound desc = failed to pull and unpack image "${IMAGE}": failed to resolve reference "${IMAGE}": ${IMAGE}: not found`, 6, '-9m44s', '-4m9s');
    ev('Failed', 'Error: ErrImagePull', 6, '-9m44s', '-4m9s');
    ev('BackOff', `Back-off pulling image "${IMAGE}"`, 38, '-9m43s', '-20s');
    ev('Failed', 'Error: ImagePullBackOff', 38, '-9m43s', '-20s');
    return c.objects();
  },
};
