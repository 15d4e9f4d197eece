import { pvcVolume, unscheduled } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiClaim, csiDriver } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2020-09-15T21:00:00Z';
const NODES = ['dev101', 'dev102', 'dev103'];

export const scenario: Scenario = {
  id: 'volume-node-affinity-conflict-topolvm-node-gone',
  title: 'TopoLVM volume bound to a node that no longer exists: the StatefulSet pod cannot be scheduled anywhere',
  source: {
    url: 'https://github.com/topolvm/topolvm/issues/194',
    summary: '"Pods stuck on \\"node affinity conflict\\"": percona-xtradb-cluster-pxc-0 stayed Pending with "node(s) had volume node affinity conflict" after the cluster\'s nodes changed.',
    rootCause: 'A TopoLVM PV is local to the node it was created on (nodeAffinity `topology.topolvm.io/node In [<node>]`); the node was replaced, so no schedulable node satisfies the PV\'s affinity — the PVC must be deleted and recreated.',
    filledIn: 'The PV pins the removed node dev104; three remaining k3s nodes run the TopoLVM node plugin; the scheduler message for three nodes.',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'nextcloud/percona-xtradb-cluster-pxc-0',
  expect: { top: 'volume-node-affinity-conflict', ruledOut: ['pvc-not-bound', 'node-not-ready'] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'topolvm.cybozu.com', daemonSet: 'topolvm-system/node', image: 'quay.io/topolvm/topolvm-with-sidecar:0.5.3', kubeletDir: kubeletDir('k3s'), pluginNodes: NODES, allNodes: NODES, attachRequired: false });
    const { pv } = csiClaim(c, 'nextcloud/datadir-percona-xtradb-cluster-pxc-0', { driver: 'topolvm.cybozu.com', storageClass: 'topolvm-provisioner', size: '20Gi', created: '-40d', attributes: { 'topology.topolvm.cybozu.com/node': 'dev104' }, fsType: 'xfs' });
    (pv.spec as Record<string, unknown>).nodeAffinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.topolvm.cybozu.com/node', operator: 'In', values: ['dev104'] }] }] } };
    const msg = '0/3 nodes are available: 3 node(s) had volume node affinity conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..';
    const sts = c.statefulSet('nextcloud/percona-xtradb-cluster-pxc', { image: 'percona/percona-xtradb-cluster:8.0.19-10.1', volumes: [pvcVolume('datadir', 'datadir-percona-xtradb-cluster-pxc-0', '/var/lib/mysql')], podCreated: '-3h', state: unscheduled(msg) });
    c.event({ on: sts.pod, reason: 'FailedScheduling', message: msg, count: 40, first: '-3h', last: '-3m' });
    return c.objects();
  },
};
