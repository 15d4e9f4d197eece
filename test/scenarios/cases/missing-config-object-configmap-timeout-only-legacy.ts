import { configMapVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { custom, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2016-07-11T12:30:00Z';
const NODES = ['kube-master', 'kube-node-1', 'kube-node-2'];

export const scenario: Scenario = {
  id: 'missing-config-object-configmap-timeout-only-legacy',
  title: 'Pod mounting a ConfigMap that does not exist: the old kubelet only says "timeout expired waiting for volumes to attach/mount"',
  source: {
    url: 'https://github.com/kubernetes/kubernetes/issues/28772',
    summary: '"I tried to create pod ... with mounting non-existing config map and it failed to start(expected). `kubectl describe pod some_pod` shows next messages: FailedMount Unable to mount volumes for pod \\"some_pod_default(9cefb7b2-4762-11e6-9fd3-fa163e0da9df)\\": timeout expired waiting for volumes to attach/mount for pod \\"some_pod\\"/\\"default\\". list of unattached/unmounted volumes=[config-volume]" and "FailedSync Error syncing pod, skipping: timeout expired waiting for volumes to attach/mount ...". "It is hard to understand the reason of timeout without reading kubelet logs".',
    rootCause: 'The ConfigMap named by the pod\'s configMap volume does not exist in the namespace; the kubelet of that era reported only the generic mount timeout (the issue asked for a clearer message). Creating the ConfigMap lets the pod start.',
    filledIn: 'A kubeadm-like cluster (the base profile\'s 1.29 nodes stand in for the 1.3 ones of the report); the pod named some-pod (the report\'s some_pod is not a valid name) with a configMap volume "config-volume" naming ConfigMap "app-config"; other ConfigMaps in the namespace; the events in the 1.3 wording of the report with our names.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/some-pod',
  expect: { top: 'missing-config-object', ruledOut: ['kubelet-volume-stall', 'hairpin-colocation', 'node-not-ready'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES });
    for (const name of ['nginx-conf', 'redis-config']) custom(c, 'v1', 'ConfigMap', `default/${name}`, { data: { placeholder: '' } }, {}, '-5d');
    c.deployment('default/nginx', { image: 'nginx:1.11', volumes: [configMapVolume('conf', 'nginx-conf', '/etc/nginx/conf.d')], node: 'kube-node-2', podCreated: '-5d', state: running({ since: '-5d' }) });
    const pod = c.pod('default/some-pod', { image: 'busybox:1.25', volumes: [configMapVolume('config-volume', 'app-config', '/etc/config')], node: 'kube-node-1', created: '-20m', state: waiting('ContainerCreating') });
    scheduled(c, pod, '-20m');
    const uid = pod.metadata.uid ?? '';
    c.event({ on: pod, reason: 'FailedMount', message: `Unable to mount volumes for pod "some-pod_default(${uid})": timeout expired waiting for volumes to attach/mount for pod "some-pod"/"default". list of unattached/unmounted volumes=[config-volume]`, count: 9, first: '-18m', last: '-1m' });
    c.event({ on: pod, reason: 'FailedSync', type: 'Warning', message: 'Error syncing pod, skipping: timeout expired waiting for volumes to attach/mount for pod "some-pod"/"default". list of unattached/unmounted volumes=[config-volume]', count: 9, first: '-18m', last: '-1m' });
    return c.objects();
  },
};
