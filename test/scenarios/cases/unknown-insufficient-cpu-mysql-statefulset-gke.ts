import { dig, pvcVolume, running, unscheduled } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import type { Scenario } from '../types.ts';

const NOW = '2017-06-17T11:42:00Z';
const NODES = ['gke-cluster-1-default-pool-3b1e4f2a-0k2d', 'gke-cluster-1-default-pool-3b1e4f2a-7pq1', 'gke-cluster-1-default-pool-3b1e4f2a-x9vm'];
// GKE 1.6.4 n1-standard-1 nodes (one vCPU each, most of it reserved by system pods).
const GKE = { kubeletVersion: 'v1.6.4', containerRuntimeVersion: 'docker://1.11.2', osImage: 'Container-Optimized OS from Google', kernelVersion: '4.4.52+', roles: [], capacity: { cpu: '1', memory: '3794356Ki', pods: '110' }, labels: { 'cloud.google.com/gke-nodepool': 'default-pool', 'failure-domain.beta.kubernetes.io/zone': 'us-central1-b', 'failure-domain.beta.kubernetes.io/region': 'us-central1', 'beta.kubernetes.io/instance-type': 'n1-standard-1' } };

export const scenario: Scenario = {
  id: 'unknown-insufficient-cpu-mysql-statefulset-gke',
  title: 'Control: mysql-0 Pending on "Insufficient cpu (3)" — its claim was briefly unbound, is Bound now; not a storage problem',
  source: {
    url: 'https://github.com/kubernetes/website/issues/4124',
    summary: 'Running the "replicated stateful application" tutorial on GKE: "[SchedulerPredicates failed due to PersistentVolumeClaim is not bound: \\"data-mysql-0\\", which is unexpected., …]" (x4) and then "No nodes are available that match all of the following predicates:: Insufficient cpu (3)." (x3).',
    rootCause: 'The claim bound within seconds (dynamic GCE PD provisioning); the pod stays Pending because none of the three small nodes has the CPU the mysql + xtrabackup containers request. It is a capacity problem (bigger nodes or smaller requests), not a storage one, and was closed as a support request. No storage cause applies: the expected answer is `unknown`, with the unbound-claim event recognised as stale.',
    filledIn: 'Three GKE 1.6 n1-standard-1 nodes; the tutorial\'s mysql StatefulSet (mysql 5.7 and xtrabackup, requests 500m + 100m CPU) and its bound 10Gi GCE PD claim; legacy event shapes of 1.6.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/mysql-0',
  expect: { top: 'unknown', ruledOut: ['pvc-not-bound', 'volume-node-affinity-conflict', 'node-not-ready', 'csi-node-plugin-missing'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, nodeOptions: Object.fromEntries(NODES.map((n) => [n, GKE])) });
    c.storageClass('standard', { provisioner: 'kubernetes.io/gce-pd', parameters: { type: 'pd-standard' }, isDefault: true, created: '-20d' });
    const claim = c.boundClaim('default/data-mysql-0', { storageClass: 'standard', provisioner: 'kubernetes.io/gce-pd', size: '10Gi', accessModes: ['ReadWriteOnce'], created: '-25s', pvLabels: { 'failure-domain.beta.kubernetes.io/zone': 'us-central1-b', 'failure-domain.beta.kubernetes.io/region': 'us-central1' }, source: { csi: { driver: 'kubernetes.io/gce-pd', volumeHandle: 'x' } } });
    // In-tree GCE PD (1.6 has no CSI): the builder's PVSource has no gcePersistentDisk, so swap the source in.
    const spec = dig(claim.pv, 'spec') as Record<string, unknown>;
    delete spec.csi;
    spec.gcePersistentDisk = { pdName: 'gke-cluster-1-3b1e4f2a-dyn-pvc-2f3e9a1c-5363-11e7-8d4f-42010a800002', fsType: 'ext4' };
    const pending = 'No nodes are available that match all of the following predicates:: Insufficient cpu (3).';
    const sts = c.statefulSet('default/mysql', {
      labels: { app: 'mysql' }, serviceName: 'mysql',
      initContainers: [{ name: 'init-mysql', image: 'mysql:5.7', command: ['bash', '-c', 'set -ex'] }, { name: 'clone-mysql', image: 'gcr.io/google-samples/xtrabackup:1.0', command: ['bash', '-c', 'set -ex'] }],
      containers: [
        { name: 'mysql', image: 'mysql:5.7', ports: [{ name: 'mysql', containerPort: 3306 }], resources: { requests: { cpu: '500m', memory: '1Gi' } }, volumeMounts: [{ name: 'data', mountPath: '/var/lib/mysql', subPath: 'mysql' }] },
        { name: 'xtrabackup', image: 'gcr.io/google-samples/xtrabackup:1.0', ports: [{ name: 'xtrabackup', containerPort: 3307 }], resources: { requests: { cpu: '100m', memory: '100Mi' } }, volumeMounts: [{ name: 'data', mountPath: '/var/lib/mysql', subPath: 'mysql' }] },
      ],
      volumes: [pvcVolume('data', 'data-mysql-0', '/var/lib/mysql')],
      podCreated: '-25s', state: unscheduled(pending),
    });
    c.event({ on: sts.pod, reason: 'FailedScheduling', style: 'legacy', source: { component: 'default-scheduler' }, message: '[SchedulerPredicates failed due to PersistentVolumeClaim is not bound: "data-mysql-0", which is unexpected., SchedulerPredicates failed due to PersistentVolumeClaim is not bound: "data-mysql-0", which is unexpected., SchedulerPredicates failed due to PersistentVolumeClaim is not bound: "data-mysql-0", which is unexpected.]', count: 4, first: '-22s', last: '-18s' });
    c.event({ on: sts.pod, reason: 'FailedScheduling', style: 'legacy', source: { component: 'default-scheduler' }, message: pending, count: 3, first: '-14s', last: '-6s' });
    c.deployment('default/guestbook', { image: 'gcr.io/google-samples/gb-frontend:v4', node: NODES[0], podCreated: '-3d', state: running({ since: '-3d' }), containers: [{ name: 'php-redis', image: 'gcr.io/google-samples/gb-frontend:v4', resources: { requests: { cpu: '100m', memory: '100Mi' } } }] });
    return c.objects();
  },
};
