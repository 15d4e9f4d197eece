import { pvcVolume, running } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { csiClaim, csiDriver, legacyMountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2019-01-04T14:32:00Z';
const NODES = ['cranky-brattain-83pc', 'cranky-brattain-83pu', 'cranky-brattain-83p9'];

export const scenario: Scenario = {
  id: 'healthy-digitalocean-multi-attach-resolved-after-recreate',
  title: 'DigitalOcean block volume moved nodes under a Recreate Deployment: Multi-Attach and mount timeouts, then attached and running',
  source: {
    url: 'https://github.com/digitalocean/csi-digitalocean/issues/111',
    summary: 'Maintainer retrying with strategy "Recreate": "seems like it\'s really working well. But I waited couple of minutes and the scheduler had time to resolve the issues": "Multi-Attach error for volume \\"volume-nyc1-01\\" Volume is already exclusively attached to one node and can\'t be attached to another", "Unable to mount volumes for pod \\"my-csi-app-555bfcb94d-ws584_default(f656145f-1016-11e9-acf1-82ed94d9aecc)\\": timeout expired waiting for volumes to attach or mount for pod \\"default\\"/\\"my-csi-app-555bfcb94d-ws584\\". list of unmounted volumes=[my-do-volume]. list of unattached volumes=[my-do-volume default-token-l9nfd]", then "AttachVolume.Attach succeeded for volume \\"volume-nyc1-01\\"".',
    rootCause: 'Nothing is wrong once the old node released the volume: the attach-detach controller detached it from the previous node and attached it to the new one, and the pod started. The Multi-Attach and timeout warnings are stale.',
    filledIn: 'The pod Running shortly after the attach (the report ends at the SuccessfulAttachVolume event); the VolumeAttachment on the new node; the node names\' other members and kubeadm base cluster; PV named as in the report.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/my-csi-app-555bfcb94d-ws584',
  messageGroup: 'multi-attach-error',
  expect: { top: null, ruledOut: ['multi-attach', 'stale-volume-attachment', 'kubelet-volume-stall'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'dobs.csi.digitalocean.com', daemonSet: 'kube-system/csi-do-node', image: 'digitalocean/do-csi-plugin:v0.4.0', kubeletDir: '/var/lib/kubelet', pluginNodes: NODES, allNodes: NODES, attachRequired: true, labels: { app: 'csi-do-node' } });
    const { pv } = csiClaim(c, 'default/csi-pod-pvc', { driver: 'dobs.csi.digitalocean.com', storageClass: 'do-block-storage', size: '5Gi', created: '-1h', pvName: 'volume-nyc1-01' });
    c.attachVolume({ pv, node: 'cranky-brattain-83pu' });
    const app = c.deployment('default/my-csi-app', {
      templateHash: '555bfcb94d', suffix: 'ws584', strategy: 'Recreate', image: 'busybox:1.29', volumes: [pvcVolume('my-do-volume', 'csi-pod-pvc', '/data')],
      node: 'cranky-brattain-83pu', podCreated: '-6m20s', state: running({ since: '-12s' }),
    });
    scheduled(c, app.pod, '-6m13s');
    c.event({ on: app.pod, reason: 'FailedAttachVolume', source: { component: 'attachdetach-controller' }, message: `Multi-Attach error for volume "${pv.metadata.name}" Volume is already exclusively attached to one node and can't be attached to another`, count: 1, first: '-6m12s', last: '-6m12s' });
    legacyMountTimeout(c, app.pod, ['my-do-volume'], { count: 2, first: '-4m9s', last: '-1m52s' });
    c.event({ on: app.pod, reason: 'SuccessfulAttachVolume', source: { component: 'attachdetach-controller' }, message: `AttachVolume.Attach succeeded for volume "${pv.metadata.name}"`, count: 1, first: '-20s', last: '-20s', type: 'Normal' });
    return c.objects();
  },
};
