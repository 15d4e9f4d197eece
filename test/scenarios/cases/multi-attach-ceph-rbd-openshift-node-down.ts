import { pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiClaim, csiDriver, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2019-12-11T10:20:00Z';
const NODES = ['master-0', 'worker-0', 'worker-1', 'worker-2'];
// OpenShift 4.2 nodes (RHCOS, CRI-O, kubelet v1.14.6+ OpenShift build).
const OCP = { kubeletVersion: 'v1.14.6+cebabbf4a', containerRuntimeVersion: 'cri-o://1.14.11-0.24.dev.rhaos4.2.gitc41de67.el8', osImage: 'Red Hat Enterprise Linux CoreOS 42.81.20191119.1 (Ootpa)', kernelVersion: '4.18.0-147.0.3.el8_1.x86_64' };
const DOWN = 'worker-1';

export const scenario: Scenario = {
  id: 'multi-attach-ceph-rbd-openshift-node-down',
  title: 'OpenShift node crashed: the replacement pod of an RWO Ceph RBD volume waits on "Volume is already exclusively attached to one node" while the old pod is stuck Terminating there',
  source: {
    url: 'https://github.com/ceph/ceph-csi/issues/740',
    summary: '"When one of my OpenShift node goes down, the (RWO/rbd) PVC that were attached to that machine would get unavailable. Pods trying to restart on another node would be stuck in containerCreating, with events mentioning multi-attach errors. Those would remain stuck until I eventually reboot my faulty node."',
    rootCause: 'The RWO RBD volume stays attached to the dead node: its old pod cannot finish terminating (the kubelet there is gone), so the attach-detach controller never detaches it and refuses a second attachment (Kubernetes behaviour later addressed by non-graceful node shutdown; workaround: force-delete the pod on the dead node or bring the node back).',
    filledIn: 'Four OpenShift 4.2 nodes, ceph-csi RBD driver (rbd.csi.ceph.com) with its node plugin on every node, a Deployment with the RWO claim; worker-1 NotReady with its heartbeat 40 minutes old, the old pod Terminating there and its VolumeAttachment still attached; the 1.14-era Multi-Attach wording ("exclusively attached to one node").',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'lab/postgres-7d9b8c6f4-xk2pl',
  messageGroup: 'multi-attach-error',
  expect: { top: 'multi-attach', ruledOut: ['stale-volume-attachment', 'kubelet-volume-stall'] },
  build() {
    const nodeOptions = Object.fromEntries(NODES.map((n) => [n, { ...OCP, ...(n === DOWN ? { ready: 'Unknown' as const, heartbeat: '-40m', taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' as const }, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' as const }] } : {}) }]));
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, nodeOptions });
    csiDriver(c, { driver: 'rbd.csi.ceph.com', daemonSet: 'ceph-csi/csi-rbdplugin', image: 'quay.io/cephcsi/cephcsi:canary', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES.slice(1), allNodes: NODES, labels: { app: 'csi-rbdplugin' } });
    const { pv } = csiClaim(c, 'lab/postgres-data', { driver: 'rbd.csi.ceph.com', storageClass: 'csi-rbd-sc', size: '20Gi', created: '-30d', parameters: { clusterID: 'rook-ceph', pool: 'replicapool', imageFeatures: 'layering' }, attributes: { clusterID: 'rook-ceph', pool: 'replicapool' } });
    c.attachVolume({ pv, node: DOWN });
    const d = c.deployment('lab/postgres', {
      templateHash: '7d9b8c6f4', image: 'registry.redhat.io/rhel8/postgresql-10:1', strategy: 'Recreate', volumes: [pvcVolume('data', 'postgres-data', '/var/lib/pgsql/data')], podCreated: '-34m',
      pods: [{ node: 'worker-2', suffix: 'xk2pl', state: waiting('ContainerCreating') }, { node: DOWN, suffix: 'q7w4d', created: '-12d', state: running({ since: '-12d' }) }],
    });
    const old = d.pods[1];
    if (old !== undefined) Object.assign(old.metadata, { deletionTimestamp: c.time('-35m'), deletionGracePeriodSeconds: 30 });
    scheduled(c, d.pod, '-34m');
    c.event({ on: d.pod, reason: 'FailedAttachVolume', message: `Multi-Attach error for volume "${pv.metadata.name}" Volume is already exclusively attached to one node and can't be attached to another`, count: 1, last: '-34m' });
    mountTimeout(c, d.pod, ['data'], { count: 15, first: '-32m', last: '-1m' });
    return c.objects();
  },
};
