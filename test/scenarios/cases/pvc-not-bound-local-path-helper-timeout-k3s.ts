import { hostPathVolume, pvcVolume, running, unscheduled, waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { custom } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2021-05-26T07:30:40Z';
const K3S = { kubeletVersion: 'v1.20.6+k3s1', containerRuntimeVersion: 'containerd://1.4.4-k3s1', osImage: 'Ubuntu 20.04.2 LTS', kernelVersion: '5.4.0-73-generic' };
const CLAIM_UID = 'b3ce46c6-8b3a-4d89-ae3b-39ef6f904d9e';
const PREBIND = 'running PreBind plugin "VolumeBinding": binding volumes: timed out waiting for the condition';

export const scenario: Scenario = {
  id: 'pvc-not-bound-local-path-helper-timeout-k3s',
  title: 'k3s local-path-provisioner: the create-pvc helper pod never runs, "create process timeout after 120 seconds", the consumer stays Pending',
  source: {
    url: 'https://github.com/rancher/local-path-provisioner/issues/192',
    summary: 'k3s v1.20.6+k3s1, provisioner v0.0.19: "video-cbccb664-b2hmb 0/1 Pending", "helper-pod-create-pvc-b3ce46c6-8b3a-4d89-ae3b-39ef6f904d9e 0/1 ContainerCreating"; provisioner log: "failed to provision volume with StorageClass \\"local-path\\": failed to create volume pvc-b3ce46c6-8b3a-4d89-ae3b-39ef6f904d9e: create process timeout after 120 seconds", emitted as a ProvisioningFailed event on the claim.',
    rootCause: 'The claim is never bound: local-path-provisioner creates the host directory through a helper pod, and that helper pod never ran, so every provisioning attempt times out after 120 s (ProvisioningFailed) and the consumer cannot be bound to a node.',
    filledIn: 'A single-node k3s 1.20 host "w"; the stock local-path StorageClass (WaitForFirstConsumer) and provisioner Deployment in kube-system; the PVC with its selected-node annotation and events; the consumer pod\'s FailedScheduling from the VolumeBinding PreBind timeout; the helper pod waiting in ContainerCreating without events (the report does not say why).',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'default/video-cbccb664-b2hmb',
  expect: { top: 'pvc-not-bound', ruledOut: ['volume-node-affinity-conflict', 'node-not-ready', 'kubelet-volume-stall'] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: ['w'], epoch: '-20d', nodeOptions: { w: K3S } });
    c.storageClass('local-path', { provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer', reclaimPolicy: 'Delete', isDefault: true });
    custom(c, 'v1', 'ConfigMap', 'kube-system/local-path-config', { data: { 'config.json': '{"nodePathMap":[{"node":"DEFAULT_PATH_FOR_NON_LISTED_NODES","paths":["/var/lib/rancher/k3s/storage"]}]}' } });
    c.deployment('kube-system/local-path-provisioner', { labels: { app: 'local-path-provisioner' }, templateHash: '5ff76fc89d', suffix: 'bbq6r', serviceAccountName: 'local-path-provisioner-service-account', image: 'rancher/local-path-provisioner:v0.0.19', volumes: [{ name: 'config-volume', source: { configMap: { name: 'local-path-config' } }, mountPath: '/etc/config/' }], node: 'w', podCreated: '-20d', state: running({ since: '-20d' }) });
    const pvc = c.claim('default/video-pvc', { uid: CLAIM_UID, storageClass: 'local-path', provisioner: 'rancher.io/local-path', selectedNode: 'w', size: '2Gi', created: '-2m35s' });
    c.pod(`kube-system/helper-pod-create-pvc-${CLAIM_UID}`, { image: 'rancher/library-busybox:1.32.1', volumes: [hostPathVolume('data', '/var/lib/rancher/k3s/storage', { type: 'DirectoryOrCreate', mountPath: '/var/lib/rancher/k3s/storage' })], node: 'w', created: '-2m1s', state: waiting('ContainerCreating'), ip: null });
    const d = c.deployment('default/video', { templateHash: 'cbccb664', suffix: 'b2hmb', image: 'registry.example.local/video:1.4.2', volumes: [pvcVolume('data', 'video-pvc', '/data')], podCreated: '-2m35s', state: unscheduled(PREBIND) });
    c.event({ on: pvc, reason: 'WaitForFirstConsumer', type: 'Normal', message: 'waiting for first consumer to be created before binding', first: '-2m35s', last: '-2m35s' });
    c.event({ on: pvc, reason: 'ExternalProvisioning', type: 'Normal', message: 'waiting for a volume to be created, either by external provisioner "rancher.io/local-path" or manually created by system administrator', count: 11, first: '-2m34s', last: '-5s' });
    c.event({ on: pvc, reason: 'Provisioning', type: 'Normal', source: { component: 'rancher.io/local-path_local-path-provisioner-5ff76fc89d-bbq6r_0b6f5a4e-2f0e-4b1e-9d47-6d1c0a8f3e21' }, message: 'External provisioner is provisioning volume for claim "default/video-pvc"', count: 2, first: '-2m34s', last: '-33s' });
    c.event({ on: pvc, reason: 'ProvisioningFailed', source: { component: 'rancher.io/local-path_local-path-provisioner-5ff76fc89d-bbq6r_0b6f5a4e-2f0e-4b1e-9d47-6d1c0a8f3e21' }, message: `failed to provision volume with StorageClass "local-path": failed to create volume pvc-${CLAIM_UID}: create process timeout after 120 seconds`, count: 1, first: '-36s', last: '-36s' });
    c.event({ on: d.pod, reason: 'FailedScheduling', message: PREBIND, count: 1, first: '-35s', last: '-35s', style: 'events-api' });
    return c.objects();
  },
};
