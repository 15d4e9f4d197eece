import { pvcVolume, unscheduled } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import type { Scenario } from '../types.ts';

const NOW = '2023-04-26T09:25:00Z';

export const scenario: Scenario = {
  id: 'pvc-not-bound-no-storageclass-k0s',
  title: 'No default StorageClass: the PostgreSQL claim stays Pending with "no storage class is set"',
  source: {
    url: 'https://github.com/apecloud/kubeblocks/issues/5757',
    summary: 'Creating a PostgreSQL cluster left `pgsql-postgresql-0` Pending and its claim `data-pgsql-postgresql-0` Pending with "Normal FailedBinding 4m47s (x5903 over 24h) persistentvolume-controller no persistent volumes available for this claim and no storage class is set".',
    rootCause: 'Maintainer: "use kubectl get sc to check whether you have default storage class set, if not, please select a storage class and add storageclass.kubernetes.io/is-default-class: "true"" — the claim names no class and the cluster has no default, so nothing provisions it.',
    filledIn: 'Modelled on k0s v1.30, which ships no StorageClass at all (the report: CentOS 7.9, Kubernetes v1.23.6); the StatefulSet and claim names of the report; the scheduler\'s unbound-PVC message.',
  },
  distribution: 'k0s',
  now: NOW,
  pod: 'pgsql/pgsql-postgresql-0',
  expect: { top: 'pvc-not-bound', ruledOut: ['volume-node-affinity-conflict', 'node-not-ready'] },
  build() {
    const c = baseCluster('k0s', NOW, { nodes: ['k0s-controller', 'k0s-worker-1', 'k0s-worker-2'] });
    const pvc = c.claim('pgsql/data-pgsql-postgresql-0', { size: '20Gi', created: '-24h', labels: { 'app.kubernetes.io/instance': 'pgsql' } });
    const sts = c.statefulSet('pgsql/pgsql-postgresql', { image: 'docker.io/apecloud/spilo:14.8.0', volumes: [pvcVolume('data', 'data-pgsql-postgresql-0', '/home/postgres/pgdata')], podCreated: '-24h', state: unscheduled('0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..') });
    c.event({ on: sts.pod, reason: 'FailedScheduling', message: '0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..', count: 289, first: '-24h', last: '-5m' });
    c.event({ on: pvc, reason: 'FailedBinding', type: 'Normal', message: 'no persistent volumes available for this claim and no storage class is set', count: 5903, first: '-24h', last: '-10s' });
    return c.objects();
  },
};
