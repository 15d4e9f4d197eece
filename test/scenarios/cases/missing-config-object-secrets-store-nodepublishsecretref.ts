import { running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { csiDriver, custom, failedMount, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2020-06-22T10:30:00Z';
const NODES = ['aks-linux-35064155-vmss000000', 'aks-linux-35064155-vmss000001', 'aks-linux-35064155-vmss000002'];
// AKS 1.17 Ubuntu 16.04 nodes with Moby.
const AKS = { kubeletVersion: 'v1.17.7', containerRuntimeVersion: 'docker://3.0.10+azure', osImage: 'Ubuntu 16.04.6 LTS', kernelVersion: '4.15.0-1083-azure', roles: ['agent'], labels: { 'kubernetes.azure.com/role': 'agent', 'topology.kubernetes.io/region': 'westeurope' } };

export const scenario: Scenario = {
  id: 'missing-config-object-secrets-store-nodepublishsecretref',
  title: 'Secrets Store CSI inline volume whose nodePublishSecretRef names a Secret that does not exist in the pod\'s namespace',
  source: {
    url: 'https://github.com/Azure/secrets-store-csi-driver-provider-azure/issues/133',
    summary: 'The deployment stays in ContainerCreating: "MountVolume.SetUp failed for volume \\"secrets-store-inline\\" : fetching NodePublishSecretRef dataapi-v2-kris/loginsecret1 failed: kubernetes.io/csi: failed to find the secret loginsecret1 in the namespace dataapi-v2-kris with error: secrets \\"loginsecret1\\" not found".',
    rootCause: 'The inline CSI volume\'s nodePublishSecretRef points at Secret `loginsecret1`, which does not exist in the pod\'s namespace `dataapi-v2-kris`; kubelet must read it before NodePublishVolume and fails. Creating the service-principal Secret in that namespace (before the pod) fixes it. The driver and its provider run fine.',
    filledIn: 'Three AKS 1.17 nodes; the secrets-store-csi-driver DaemonSet (registered, not attach-required) and the Azure provider DaemonSet; the SecretProviderClass azure-kvname; the dataapi Deployment with the inline volume; no Secret loginsecret1 anywhere.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'dataapi-v2-kris/dataapi-deployment-7c9d8f6b5-qw4zt',
  expect: { top: 'missing-config-object', ruledOut: ['csi-node-plugin-missing', 'pvc-not-bound', 'kubelet-volume-stall'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, nodeOptions: Object.fromEntries(NODES.map((n) => [n, AKS])) });
    csiDriver(c, { driver: 'secrets-store.csi.k8s.io', daemonSet: 'kube-system/csi-secrets-store', image: 'mcr.microsoft.com/k8s/csi/secrets-store/driver:v0.0.11', kubeletDir: '/var/lib/kubelet', pluginNodes: NODES, allNodes: NODES, attachRequired: false, labels: { app: 'csi-secrets-store' } });
    const drv = c.get('CSIDriver', 'secrets-store.csi.k8s.io');
    (drv as unknown as { spec: Record<string, unknown> }).spec.volumeLifecycleModes = ['Ephemeral'];
    (drv as unknown as { spec: Record<string, unknown> }).spec.podInfoOnMount = true;
    c.daemonSet('kube-system/csi-secrets-store-provider-azure', { labels: { app: 'csi-secrets-store-provider-azure' }, image: 'mcr.microsoft.com/k8s/csi/secrets-store/provider-azure:0.0.6', nodes: NODES, state: running({ since: '-5d' }), podCreated: '-5d' });
    c.namespace('dataapi-v2-kris', { created: '-2h' });
    custom(c, 'secrets-store.csi.x-k8s.io/v1alpha1', 'SecretProviderClass', 'dataapi-v2-kris/azure-kvname', { spec: { provider: 'azure', parameters: { usePodIdentity: 'false', keyvaultName: 'dataapi-kv', objects: 'array:\n  - |\n    objectName: dbpassword\n    objectType: secret\n', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' } } }, {}, '-40m');
    const app = c.deployment('dataapi-v2-kris/dataapi-deployment', {
      templateHash: '7c9d8f6b5', suffix: 'qw4zt', image: 'dataapiregistry.azurecr.io/dataapi:v2.3.1', ports: [{ name: 'http', containerPort: 80 }],
      volumes: [{ name: 'secrets-store-inline', source: { csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'azure-kvname' }, nodePublishSecretRef: { name: 'loginsecret1' } } }, mountPath: '/mnt/secrets-store', readOnly: true }],
      node: 'aks-linux-35064155-vmss000001', podCreated: '-21s', state: waiting('ContainerCreating'),
    });
    scheduled(c, app.pod, '-21s');
    failedMount(c, app.pod, 'MountVolume.SetUp failed for volume "secrets-store-inline" : fetching NodePublishSecretRef dataapi-v2-kris/loginsecret1 failed: kubernetes.io/csi: failed to find the secret loginsecret1 in the namespace dataapi-v2-kris with error: secrets "loginsecret1" not found', { count: 6, first: '-21s', last: '-6s' });
    // An earlier rollout's pod hit the same error and gave up waiting: a stale summary on a pod that is gone.
    const old = c.goneRef('Pod', 'dataapi-v2-kris/dataapi-deployment-7c9d8f6b5-m8k2d');
    c.event({ on: old, reason: 'FailedMount', source: { component: 'kubelet', host: 'aks-linux-35064155-vmss000002' }, count: 3, first: '-38m', last: '-32m', message: 'Unable to attach or mount volumes: unmounted volumes=[secrets-store-inline], unattached volumes=[secrets-store-inline default-token-8x2kq]: timed out waiting for the condition' });
    c.deployment('dataapi-v2-kris/nginx-secrets-store', { image: 'nginx:1.19', node: 'aks-linux-35064155-vmss000000', podCreated: '-1h', state: running({ since: '-1h' }) });
    return c.objects();
  },
};
