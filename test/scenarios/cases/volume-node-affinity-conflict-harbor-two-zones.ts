import type { KubeObject } from '../../../src/sources/types.ts';
import { dig, pvcVolume, running, unscheduled, type NodeOptions } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiClaim, csiDriver } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2022-10-31T08:20:00Z';
const MASTERS = ['ip-10-0-1-21.us-west-2.compute.internal', 'ip-10-0-2-22.us-west-2.compute.internal', 'ip-10-0-3-23.us-west-2.compute.internal'];
const WORKERS = ['ip-10-0-1-31.us-west-2.compute.internal', 'ip-10-0-2-32.us-west-2.compute.internal', 'ip-10-0-3-33.us-west-2.compute.internal'];
const ZONES = ['us-west-2a', 'us-west-2b', 'us-west-2c'];
// Tanzu Community Edition 0.12 workload cluster on AWS: Ubuntu 20.04, Kubernetes 1.23.
const TCE = { kubeletVersion: 'v1.23.8+vmware.2', containerRuntimeVersion: 'containerd://1.6.6', osImage: 'Ubuntu 20.04.5 LTS', kernelVersion: '5.4.0-1084-aws' };
const zoneOf = (i: number) => ({ 'topology.kubernetes.io/zone': ZONES[i] ?? '', 'topology.ebs.csi.aws.com/zone': ZONES[i] ?? '', 'topology.kubernetes.io/region': 'us-west-2' });
const zoneAffinity = (zone: string) => ({ required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.ebs.csi.aws.com/zone', operator: 'In', values: [zone] }] }] } });

export const scenario: Scenario = {
  id: 'volume-node-affinity-conflict-harbor-two-zones',
  title: 'Harbor jobservice mounts two EBS volumes provisioned in different zones: no node can satisfy both',
  source: {
    url: 'https://github.com/vmware-tanzu/community-edition/pull/5501',
    summary: '"In harbor 2.6.1 we need two PVs `jobservice` and `scan-data` both bound to the jobservice pod, but these two PVs may fall into two different AZs (for example us-west-2a, us-west-2b) by using `ebs.csi.aws.com` storageclass, thus the pod hang in pending state": "0/6 nodes are available: 6 pod has unbound immediate PersistentVolumeClaims." then "0/6 nodes are available: 3 node(s) had taint {node-role.kubernetes.io/master: }, that the pod didn\'t tolerate, 3 node(s) had volume node affinity conflict."',
    rootCause: 'With an Immediate-binding EBS StorageClass each claim is provisioned in whatever zone the provisioner picks; the two volumes landed in us-west-2a and us-west-2b, and an EBS volume attaches only in its own zone, so every worker conflicts with one PV\'s zone nodeAffinity. The fix was a StorageClass that binds on first consumer (or pins one zone).',
    filledIn: 'Three tainted control-plane and three worker nodes, one per zone; the EBS CSI node DaemonSet; the two claims with the zone nodeAffinity the EBS CSI driver writes; the rest of Harbor Running.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'tanzu-system-registry/harbor-jobservice-b7b986fd-7c4rc',
  expect: { top: 'volume-node-affinity-conflict', ruledOut: ['pvc-not-bound', 'node-not-ready', 'csi-node-plugin-missing'] },
  build() {
    const nodeOptions: Record<string, NodeOptions> = {};
    MASTERS.forEach((n, i) => { nodeOptions[n] = { ...TCE, roles: ['control-plane', 'master'], taints: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }], labels: zoneOf(i) }; });
    WORKERS.forEach((n, i) => { nodeOptions[n] = { ...TCE, roles: [], labels: zoneOf(i) }; });
    const all = [...MASTERS, ...WORKERS];
    const c = baseCluster('kubeadm', NOW, { nodes: all, nodeOptions });
    csiDriver(c, { driver: 'ebs.csi.aws.com', daemonSet: 'kube-system/ebs-csi-node', image: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.11.4', kubeletDir: kubeletDir('kubeadm'), pluginNodes: all, allNodes: all, labels: { app: 'ebs-csi-node' }, tolerations: [{ operator: 'Exists' }] });
    c.storageClass('default', { provisioner: 'ebs.csi.aws.com', volumeBindingMode: 'Immediate', isDefault: true, parameters: { type: 'gp2' }, created: '-30d' });
    const job = csiClaim(c, 'tanzu-system-registry/harbor-jobservice', { driver: 'ebs.csi.aws.com', storageClass: 'default', size: '1Gi', created: '-9m' });
    const scan = csiClaim(c, 'tanzu-system-registry/harbor-jobservice-scandata', { driver: 'ebs.csi.aws.com', storageClass: 'default', size: '1Gi', created: '-9m' });
    const setAffinity = (pv: KubeObject, zone: string, handle: string) => {
      const spec = dig(pv, 'spec') as Record<string, unknown>;
      spec.nodeAffinity = zoneAffinity(zone);
      (spec.csi as Record<string, unknown>).volumeHandle = handle;
    };
    setAffinity(job.pv, 'us-west-2a', 'vol-0a3f5c9e7b21d4e86');
    setAffinity(scan.pv, 'us-west-2b', 'vol-07d2e91b6c48af350');
    c.deployment('tanzu-system-registry/harbor-core', { image: 'projects.registry.vmware.com/tce/harbor/harbor-core:v2.6.1', node: WORKERS[0], podCreated: '-8m14s', state: running({ since: '-8m' }) });
    c.statefulSet('tanzu-system-registry/harbor-database', { image: 'projects.registry.vmware.com/tce/harbor/harbor-db:v2.6.1', node: WORKERS[1], podCreated: '-8m14s', state: running({ since: '-8m' }) });
    const pending = '0/6 nodes are available: 3 node(s) had taint {node-role.kubernetes.io/master: }, that the pod didn\'t tolerate, 3 node(s) had volume node affinity conflict.';
    const app = c.deployment('tanzu-system-registry/harbor-jobservice', {
      templateHash: 'b7b986fd', suffix: '7c4rc', image: 'projects.registry.vmware.com/tce/harbor/harbor-jobservice:v2.6.1',
      volumes: [pvcVolume('job-logs', 'harbor-jobservice', '/var/log/jobs'), pvcVolume('job-scandata-exports', 'harbor-jobservice-scandata', '/var/scandata_exports')],
      podCreated: '-8m18s', state: unscheduled(pending),
    });
    c.event({ on: app.pod, reason: 'FailedScheduling', message: '0/6 nodes are available: 6 pod has unbound immediate PersistentVolumeClaims.', count: 4, first: '-8m55s', last: '-8m47s' });
    c.event({ on: app.pod, reason: 'FailedScheduling', message: pending, count: 10, first: '-8m39s', last: '-28s' });
    return c.objects();
  },
};
