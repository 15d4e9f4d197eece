import { crashLoop, pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiDriver, csiIscsiFailure, cstorVolume, failedMount, mountTimeout, pduLost, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2020-05-15T05:02:00Z';
const NODES = ['master', 'node-1', 'node-2', 'node-3'];

export const scenario: Scenario = {
  id: 'replica-quorum-lost-cstor-pools-init',
  title: 'cStor target running but its pools never came up: "login failed, target not ready"',
  source: {
    url: 'https://github.com/openebs/openebs/issues/3038',
    summary: 'Pods stayed in ContainerCreating with "Unable to attach or mount volumes: ... timed out waiting for the condition"; the target\'s cstor-istgt log showed "login failed, target not ready" for every connection while the pool pods kept restarting.',
    rootCause: 'Maintainer (kmova): "the cstor pools are not ready yet. CSPs are all in Init" — no replica behind the target, so the target refuses I/O and logins; the pool containers were failing to initialise on the given disks.',
    filledIn: 'cStor CSI layout instead of the 1.x SPC pools of the report; pool pods crash-looping; the consumer on node-1, the target on node-3; iscsiadm output as the initiator sees a target that drops the login.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/minio-6d5f8b9c7d-wq8tn',
  messageGroup: 'iscsi-discovery-pdu',
  expect: { top: 'replica-quorum-lost', ruledOut: ['hairpin-colocation', 'portal-stale'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, epoch: '-20d' });
    csiDriver(c, { driver: 'cstor.csi.openebs.io', daemonSet: 'openebs/openebs-cstor-csi-node', image: 'openebs/cstor-csi-driver:3.5.0', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES, allNodes: NODES, attachRequired: false });
    const broken = crashLoop(37, { reason: 'Error', exitCode: 1, finishedAt: '-2m' });
    const vol = cstorVolume(c, { claim: 'default/minio-data', targetNode: 'node-3', phase: 'Offline', created: '-2h', pools: [{ node: 'node-1', mode: 'Offline', poolState: broken }, { node: 'node-2', mode: 'Offline', poolState: broken }, { node: 'node-3', mode: 'Offline', poolState: broken }] });
    const app = c.deployment('default/minio', {
      templateHash: '6d5f8b9c7d', suffix: 'wq8tn', containers: [{ name: 'minio', image: 'minio/minio:RELEASE.2020-05-08T02-40-49Z', args: ['server', '/data'] }],
      volumes: [pvcVolume('data', 'minio-data', '/data')], node: 'node-1', podCreated: '-1h50m', state: waiting('ContainerCreating'),
    });
    scheduled(c, app.pod, '-1h50m');
    failedMount(c, app.pod, csiIscsiFailure(vol.pvName, vol.portal, pduLost(vol.portal.split(':')[0] ?? ''), 4), { count: 54, first: '-1h48m', last: '-1m' });
    mountTimeout(c, app.pod, ['data'], { count: 49, first: '-1h47m', last: '-3m' });
    return c.objects();
  },
};
