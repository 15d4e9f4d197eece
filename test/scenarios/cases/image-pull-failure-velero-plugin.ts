import { waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2024-05-03T04:10:00Z';

export const scenario: Scenario = {
  id: 'image-pull-failure-velero-plugin',
  title: 'Velero with the OpenEBS plugin init container: the image tag does not exist on Docker Hub',
  source: {
    url: 'https://github.com/openebs/openebs/issues/3719',
    summary: '"Failed to pull image \\"openebs/velero-plugin:v3.6.0\\": rpc error: code = NotFound desc = failed to pull and unpack image \\"docker.io/openebs/velero-plugin:v3.6.0\\": failed to resolve reference … not found", then "Error: ErrImagePull" and "Back-off pulling image".',
    rootCause: 'The referenced image tag is not published in the registry (the OpenEBS images had moved), so the kubelet cannot pull it; the fix is a tag/registry that exists.',
    filledIn: 'k3s cluster with Velero; the plugin as an init container (how Velero loads plugins), the pod in Init with ImagePullBackOff; no volumes involved beyond a scratch emptyDir.',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'velero/velero-6b9c8d7f5-wq4rt',
  expect: { top: 'image-pull-failure', ruledOut: ['kubelet-volume-stall', 'sandbox-failure'] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: ['k3s-a', 'k3s-b'] });
    const d = c.deployment('velero/velero', {
      templateHash: '6b9c8d7f5', suffix: 'wq4rt', serviceAccountName: 'velero',
      initContainers: [{ name: 'velero-plugin-openebs', image: 'openebs/velero-plugin:v3.6.0', volumeMounts: [{ name: 'plugins', mountPath: '/target' }] }],
      containers: [{ name: 'velero', image: 'velero/velero:v1.13.2', command: ['/velero'], args: ['server'], volumeMounts: [{ name: 'plugins', mountPath: '/plugins' }] }],
      volumes: [{ name: 'plugins', source: { emptyDir: {} } }],
      node: 'k3s-b', podCreated: '-5m53s', state: waiting('PodInitializing'),
    });
    scheduled(c, d.pod, '-5m53s');
    const ev = (reason: string, message: string, count: number, first: string, last: string) => { c.event({ on: d.pod, reason, message, count, first, last, container: 'velero-plugin-openebs' }); };
    ev('Pulling', 'Pulling image "openebs/velero-plugin:v3.6.0"', 4, '-5m53s', '-4m20s');
    ev('Failed', 'Failed to pull image "openebs/velero-plugin:v3.6.0": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/openebs/velero-plugin:v3.6.0": failed to resolve reference "docker.io/openebs/velero-plugin:v3.6.0": docker.io/openebs/velero-plugin:v3.6.0: not found', 4, '-5m51s', '-4m18s');
    ev('Failed', 'Error: ErrImagePull', 4, '-5m51s', '-4m18s');
    ev('BackOff', 'Back-off pulling image "openebs/velero-plugin:v3.6.0"', 20, '-5m51s', '-42s');
    ev('Failed', 'Error: ImagePullBackOff', 20, '-5m51s', '-42s');
    // The init container is the one that cannot start: kubelet reports it waiting in ImagePullBackOff.
    const init = (d.pod.status as { initContainerStatuses: Record<string, unknown>[] }).initContainerStatuses[0];
    if (init !== undefined) init.state = { waiting: { message: 'Back-off pulling image "openebs/velero-plugin:v3.6.0"', reason: 'ImagePullBackOff' } };
    return c.objects();
  },
};
