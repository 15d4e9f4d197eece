import { dig, pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiClaim, csiDriver, custom, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2024-03-23T18:44:00Z';
const NODES = ['harvester-01', 'harvester-02', 'harvester-03'];
const OLD_RS = 'vm-import-controller-harvester-vm-import-controller-7f4bf5l9l';

export const scenario: Scenario = {
  id: 'multi-attach-longhorn-rolling-update',
  title: 'Rolling update of a Deployment with an RWO Longhorn PVC: the new pod lands on another node',
  source: {
    url: 'https://github.com/harvester/vm-import-controller/issues/23',
    summary: '"The deployment … uses a RWO PVC from Longhorn. … the new pod ever gets out of ContainerCreating because it\'s waiting on the PVC to be attached but of course it\'s still attached to the old pod": "Multi-Attach error for volume \\"pvc-bca43bf8-e4a9-4a4f-89ba-c95fdeda3b46\\" Volume is already used by pod(s) vm-import-controller-harvester-vm-import-controller-7f4bf5l9ln9".',
    rootCause: 'RollingUpdate starts the new pod before the old one stops; the RWO volume is still attached to the old pod\'s node. Fix: `strategy: Recreate`.',
    filledIn: 'Harvester\'s RKE2 nodes modelled on the k3s profile; the old pod Running on harvester-01 and the new one on harvester-03; the VolumeAttachment to harvester-01.',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'harvester-system/vm-import-controller-harvester-vm-import-controller-5c8d9b7f6-tq2mz',
  messageGroup: 'multi-attach-error',
  expect: { top: 'multi-attach', ruledOut: ['stale-volume-attachment'] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'driver.longhorn.io', daemonSet: 'longhorn-system/longhorn-csi-plugin', image: 'longhornio/longhorn-manager:v1.6.0', kubeletDir: kubeletDir('k3s'), pluginNodes: NODES, allNodes: NODES, labels: { app: 'longhorn-csi-plugin' } });
    const { pv } = csiClaim(c, 'harvester-system/vm-import-controller-harvester-vm-import-controller', { driver: 'driver.longhorn.io', storageClass: 'harvester-longhorn', size: '200Gi', uid: 'bca43bf8-e4a9-4a4f-89ba-c95fdeda3b46', created: '-60d', attributes: { numberOfReplicas: '3', staleReplicaTimeout: '30' } });
    c.attachVolume({ pv, node: 'harvester-01' });
    const name = 'harvester-system/vm-import-controller-harvester-vm-import-controller';
    const labels = { 'app.kubernetes.io/name': 'harvester-vm-import-controller' };
    const volumes = [pvcVolume('vm-import-controller', 'vm-import-controller-harvester-vm-import-controller', '/tmp/vmimport')];
    // One Deployment mid-rollout: the old ReplicaSet's pod still Running on harvester-01, the new one's pod waiting on harvester-03.
    const d = c.deployment(name, {
      labels, templateHash: '5c8d9b7f6', image: 'rancher/harvester-vm-import-controller:v0.2.0', volumes, revision: 2, created: '-50d', podCreated: '-9m',
      pods: [{ node: 'harvester-03', suffix: 'tq2mz', state: waiting('ContainerCreating') }, { name: `${OLD_RS}-n9x7k`, node: 'harvester-01', created: '-50d', state: running({ since: '-50d' }) }],
    });
    const oldRs = custom(c, 'apps/v1', 'ReplicaSet', `harvester-system/${OLD_RS}`, {
      spec: { replicas: 1, selector: { matchLabels: { ...labels, 'pod-template-hash': '7f4bf5l9l' } }, template: dig(d.replicaSet, 'spec', 'template') },
      status: { replicas: 1, readyReplicas: 1, availableReplicas: 1, fullyLabeledReplicas: 1, observedGeneration: 1 },
    }, { labels: { ...labels, 'pod-template-hash': '7f4bf5l9l' }, annotations: { 'deployment.kubernetes.io/desired-replicas': '1', 'deployment.kubernetes.io/max-replicas': '2', 'deployment.kubernetes.io/revision': '1' } }, '-50d');
    oldRs.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.deployment.metadata.name, uid: d.deployment.metadata.uid ?? '', controller: true }];
    const old = d.pods[1];
    if (old !== undefined) {
      old.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: OLD_RS, uid: oldRs.metadata.uid ?? '', controller: true }];
      old.metadata.labels = { ...labels, 'pod-template-hash': '7f4bf5l9l' };
      old.metadata.generateName = `${OLD_RS}-`;
    }
    const pod = d.pod;
    scheduled(c, pod, '-9m');
    c.event({ on: pod, reason: 'FailedAttachVolume', message: `Multi-Attach error for volume "${pv.metadata.name}" Volume is already used by pod(s) ${OLD_RS}-n9x7k`, last: '-9m' });
    mountTimeout(c, pod, ['vm-import-controller'], { count: 4, first: '-7m', last: '-1m' });
    return c.objects();
  },
};
