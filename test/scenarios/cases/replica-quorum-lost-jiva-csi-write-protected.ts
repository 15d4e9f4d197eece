import { crashLoop, pvcVolume, unscheduled, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiDriver, failedMount, jivaCsiVolume, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2019-09-09T08:40:00Z';
const NODES = ['ocp-master', 'ocp-node-1', 'ocp-node-2', 'ocp-node-3'];

export const scenario: Scenario = {
  id: 'replica-quorum-lost-jiva-csi-write-protected',
  title: 'Jiva volume read-only after its controller restarted without replica quorum: "is write-protected"',
  source: {
    url: 'https://github.com/openebs/openebs/issues/2737',
    summary: '"Application pod struck in container creating state after restarting the controller pod and application pod. The persistent volume consumed by application pod became write-protected": "mount: cannot remount …-lun-0 read-write, is write-protected".',
    rootCause: 'The Jiva target came back without enough replicas registered in RW mode, so it serves the LUN read-only (quorum not met); the replicas must rejoin (or be rebuilt) before the volume becomes writable.',
    filledIn: 'Jiva CSI layout (JivaVolume status RO / phase Syncing) instead of the 1.x external provisioner of the report; one replica crash-looping and one Pending; the kubelet message in CSI form.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'app/busybox-6b8d7c9f5-rk2wq',
  expect: { top: 'replica-quorum-lost', ruledOut: ['hairpin-colocation', 'portal-stale', 'filesystem-corruption'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'jiva.csi.openebs.io', daemonSet: 'openebs/openebs-jiva-csi-node', image: 'openebs/jiva-csi:3.5.0', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES, allNodes: NODES, attachRequired: false });
    const vol = jivaCsiVolume(c, { claim: 'app/busybox-data', controllerNode: 'ocp-node-3', replicaNodes: ['ocp-node-1', 'ocp-node-2', 'ocp-node-3'], mode: 'RO', controllerCreated: '-20m', replicaStates: [crashLoop(8, { reason: 'Error', exitCode: 1, finishedAt: '-3m' }), unscheduled('0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/master: }, 3 node(s) didn\'t match pod anti-affinity rules.'), waiting('ContainerCreating')] });
    const app = c.deployment('app/busybox', { templateHash: '6b8d7c9f5', suffix: 'rk2wq', image: 'busybox:1.31', volumes: [pvcVolume('data', 'busybox-data', '/data')], node: 'ocp-node-1', podCreated: '-15m', state: waiting('ContainerCreating') });
    scheduled(c, app.pod, '-15m');
    const target = `${kubeletDir('kubeadm')}/pods/${app.pod.metadata.uid ?? ''}/volumes/kubernetes.io~csi/${vol.pvName}/mount`;
    const gm = `${kubeletDir('kubeadm')}/plugins/kubernetes.io/csi/jiva.csi.openebs.io/${vol.pvName}/globalmount`;
    failedMount(c, app.pod, `MountVolume.SetUp failed for volume "${vol.pvName}" : rpc error: code = Internal desc = mount failed: exit status 32\nMounting command: mount\nMounting arguments: -o remount,bind ${gm} ${target}\nOutput: mount: cannot remount ${gm} read-write, is write-protected\n`, { count: 10, first: '-14m', last: '-1m' });
    mountTimeout(c, app.pod, ['data'], { count: 6, first: '-13m', last: '-2m' });
    return c.objects();
  },
};
