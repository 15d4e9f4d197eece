import { pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2022-05-13T03:30:00Z';

export const scenario: Scenario = {
  id: 'kubelet-volume-stall-volume-manager',
  title: 'Pod waits in ContainerCreating far longer than its volumes need; the volume manager never reports',
  source: {
    url: 'https://github.com/kubernetes/kubernetes/issues/110036',
    summary: '"Pod stuck in ContainerCreating for too long due to volumeManager": the pod\'s volumes were ready but kubelet kept waiting; no failure event explained it.',
    rootCause: 'The kubelet volume manager\'s wait for attach/mount was not woken up (desired/actual state of world not re-evaluated), so the pod stayed in ContainerCreating with nothing failing; a fix was proposed in the linked PR.',
    filledIn: 'k3s 1.29 with local-path volumes; the pod has a Scheduled event only; the node is Ready and its other pods Running.',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'batch/report-generator-7d5f9c6b8-2hxkp',
  expect: { top: 'kubelet-volume-stall', ruledOut: ['node-not-ready', 'pvc-not-bound'] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: ['edge-1', 'edge-2'] });
    c.storageClass('local-path', { provisioner: 'rancher.io/local-path', volumeBindingMode: 'WaitForFirstConsumer', reclaimPolicy: 'Delete', isDefault: true });
    c.boundClaim('batch/report-scratch', { storageClass: 'local-path', provisioner: 'rancher.io/local-path', size: '2Gi', node: 'edge-2', created: '-25m', selectedNode: 'edge-2', source: { hostPath: { path: '/var/lib/rancher/k3s/storage/pvc-report-scratch_batch_report-scratch', type: 'DirectoryOrCreate' } } });
    const app = c.deployment('batch/report-generator', { templateHash: '7d5f9c6b8', suffix: '2hxkp', image: 'python:3.10-slim', volumes: [pvcVolume('scratch', 'report-scratch', '/scratch')], node: 'edge-2', podCreated: '-25m', state: waiting('ContainerCreating') });
    scheduled(c, app.pod, '-25m');
    c.deployment('batch/queue', { image: 'redis:7.0', node: 'edge-2', podCreated: '-3d', state: running({ since: '-3d' }) });
    return c.objects();
  },
};
