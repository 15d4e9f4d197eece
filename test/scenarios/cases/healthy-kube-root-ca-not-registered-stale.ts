import { configMapVolume, running } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2023-08-28T03:10:00Z';
const NODES = ['k8s-cp-1', 'k8s-worker-1', 'k8s-worker-2'];
const K124 = { kubeletVersion: 'v1.24.10', containerRuntimeVersion: 'containerd://1.6.15', osImage: 'Ubuntu 20.04.5 LTS', kernelVersion: '5.4.0-144-generic' };

export const scenario: Scenario = {
  id: 'healthy-kube-root-ca-not-registered-stale',
  title: 'Control: a pod Running and Ready for two hours, with spurious "kube-root-ca.crt not registered" FailedMount events from its start',
  source: {
    url: 'https://github.com/kubernetes/kubernetes/issues/105204',
    summary: '"sporadic \\"MountVolume.SetUp failed for volume ... not registered\\" failures seen": kubelet logs "MountVolume.SetUp failed for volume \\"kube-api-access-qlshz\\" (UniqueName: \\"kubernetes.io/projected/…-kube-api-access-qlshz\\") pod \\"pod-name-79687c7975-hrfmv\\" … : object \\"test-namespace\\"/\\"kube-root-ca.crt\\" not registered", on v1.24.10 and v1.23.7, "usually during the rollout process".',
    rootCause: 'Not a storage fault: the kubelet\'s ConfigMap/Secret manager reports "not registered" when a volume SetUp races the pod\'s registration (or its deregistration when the pod is torn down); the ConfigMap exists, the retry succeeds, and the pod runs. This case is the pod after it started: kubehow must raise no hypothesis for a Running, Ready pod whatever its earlier events say.',
    filledIn: 'A kubeadm 1.24 cluster; the report\'s namespace and pod name; the projected kube-api-access volume and a config ConfigMap (both present); three "not registered" FailedMount events two hours old, followed by the pod starting.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'test-namespace/pod-name-79687c7975-hrfmv',
  expect: { top: null, ruledOut: [] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, nodeOptions: Object.fromEntries(NODES.map((n) => [n, K124])) });
    c.namespace('test-namespace', { created: '-90d' });
    c.custom({ apiVersion: 'v1', kind: 'ConfigMap', name: 'kube-root-ca.crt', namespace: 'test-namespace', created: '-90d', body: { data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\n(redacted)\n-----END CERTIFICATE-----\n' } } });
    c.custom({ apiVersion: 'v1', kind: 'ConfigMap', name: 'pod-name-config', namespace: 'test-namespace', created: '-30d', body: { data: { 'app.yaml': 'log_level: info\n' } } });
    const app = c.deployment('test-namespace/pod-name', {
      templateHash: '79687c7975', suffix: 'hrfmv', apiAccessSuffix: 'qlshz', image: 'registry.example.com/pod-name:2.14.0', ports: [{ name: 'http', containerPort: 8080 }],
      volumes: [configMapVolume('config', 'pod-name-config', '/etc/app')], node: 'k8s-worker-2', podCreated: '-2h4m', state: running({ since: '-2h2m' }),
    });
    scheduled(c, app.pod, '-2h4m');
    c.event({ on: app.pod, reason: 'FailedMount', count: 3, first: '-2h4m', last: '-2h3m', message: 'MountVolume.SetUp failed for volume "kube-api-access-qlshz" : object "test-namespace"/"kube-root-ca.crt" not registered' });
    c.event({ on: app.pod, reason: 'FailedMount', count: 2, first: '-2h4m', last: '-2h3m', message: 'MountVolume.SetUp failed for volume "config" : object "test-namespace"/"pod-name-config" not registered' });
    c.event({ on: app.pod, reason: 'Pulled', container: 'pod-name', message: 'Container image "registry.example.com/pod-name:2.14.0" already present on machine', last: '-2h2m' });
    c.event({ on: app.pod, reason: 'Created', container: 'pod-name', message: 'Created container pod-name', last: '-2h2m' });
    c.event({ on: app.pod, reason: 'Started', container: 'pod-name', message: 'Started container pod-name', last: '-2h2m' });
    return c.objects();
  },
};
