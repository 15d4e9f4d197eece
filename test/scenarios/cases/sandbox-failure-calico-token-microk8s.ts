import { running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2022-10-22T08:15:00Z';

export const scenario: Scenario = {
  id: 'sandbox-failure-calico-token-microk8s',
  title: 'After weeks of stable running, new pods on one node never get a sandbox (Calico CNI token rejected)',
  source: {
    url: 'https://github.com/projectcalico/calico/issues/5712',
    summary: '"After K8S cluster run stable for weeks, K8S cannot start POD (randomly) because \\"error getting ClusterInformation: connection is unauthorized: Unauthorized\\"": "Failed to create pod sandbox: … networkPlugin cni failed to set up pod \\"pod-with-cm_default\\" network: error getting ClusterInformation: connection is unauthorized: Unauthorized".',
    rootCause: 'The CNI plugin\'s service-account token (projected, time-bound since 1.22) expired and was not refreshed in the CNI kubeconfig on that node; calico-node refreshes it in fixed releases, restarting calico-node recovers.',
    filledIn: 'microk8s 1.28 (which ships Calico) with three nodes; only k8s02\'s new pods are affected; the pod of the report with a ConfigMap volume.',
  },
  distribution: 'microk8s',
  now: NOW,
  pod: 'default/pod-with-cm',
  expect: { top: 'sandbox-failure', ruledOut: ['missing-config-object', 'kubelet-volume-stall', 'node-not-ready'] },
  build() {
    const c = baseCluster('microk8s', NOW, { nodes: ['k8s01', 'k8s02', 'k8s03'] });
    c.custom({ apiVersion: 'v1', kind: 'ConfigMap', name: 'app-config', namespace: 'default', created: '-1h', body: { data: {} } });
    const pod = c.pod('default/pod-with-cm', { image: 'nginx:1.23', volumes: [{ name: 'config', source: { configMap: { name: 'app-config', defaultMode: 420 } }, mountPath: '/etc/app' }], node: 'k8s02', created: '-3m47s', state: waiting('ContainerCreating') });
    scheduled(c, pod, '-3m47s');
    c.event({ on: pod, reason: 'FailedCreatePodSandBox', count: 14, first: '-3m46s', last: '-10s', message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = [failed to set up sandbox container "3dcfdb21462e255a8f4059ca8540c8df05863bd6444cb22290133f894840845e" network for pod "pod-with-cm": networkPlugin cni failed to set up pod "pod-with-cm_default" network: error getting ClusterInformation: connection is unauthorized: Unauthorized, failed to clean up sandbox container "3dcfdb21462e255a8f4059ca8540c8df05863bd6444cb22290133f894840845e" network for pod "pod-with-cm": networkPlugin cni failed to teardown pod "pod-with-cm_default" network: error getting ClusterInformation: connection is unauthorized: Unauthorized]' });
    c.deployment('default/web', { image: 'nginx:1.23', node: 'k8s02', podCreated: '-30d', state: running({ since: '-30d' }) });
    return c.objects();
  },
};
