import { crashLoop, dig, pvcVolume, running } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { nfsClaim, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2020-06-20T09:30:00Z';
const NODES = ['k8s-master', 'k8s-node-1', 'k8s-node-2'];

export const scenario: Scenario = {
  id: 'unknown-init-chown-harbor-database-nfs',
  title: 'Control: harbor-database-0 in Init:CrashLoopBackOff on an NFS volume that mounted fine — the init container\'s chown is refused',
  source: {
    url: 'https://github.com/goharbor/harbor-helm/issues/373',
    summary: '"Helm install fails v1.9.0: Init:CrashLoopBackOff on harbor-harbor-database-0": the database pod\'s init container (which prepares the data directory) keeps failing; the volume itself mounts.',
    rootCause: 'The maintainer: "Most likely it\'s the env that do not allow `chown`, in that case you have to make sure the directory in the volume has the permission required by the pod" — the NFS export squashes root, so the init container\'s chown of the mounted data directory fails. The mount succeeded: nothing in kubehow\'s storage catalog (mount, attach, target, initiator) is the cause, so the expected answer is `unknown` and no storage hypothesis may stand.',
    filledIn: 'kubeadm cluster with an external NFS server 10.10.0.5 (root_squash) behind a static RWX PV; the chart\'s StatefulSet with the `data-migrator`-style init container `change-permission-of-directory` (chown 999:999) crash-looping, the database container waiting on PodInitializing; kubelet BackOff events and a successful volume setup.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'harbor/harbor-harbor-database-0',
  expect: { top: 'unknown', ruledOut: ['nfs-export-denied', 'external-target-unreachable', 'mount-helper-missing', 'kubelet-volume-stall', 'pvc-not-bound'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES });
    nfsClaim(c, 'harbor/database-data-harbor-harbor-database-0', 'harbor-database-nfs', '10.10.0.5', '/srv/nfs/harbor/database', { created: '-40m' });
    const sts = c.statefulSet('harbor/harbor-harbor-database', {
      labels: { app: 'harbor', component: 'database', release: 'harbor' },
      initContainers: [{ name: 'change-permission-of-directory', image: 'goharbor/harbor-db:v2.0.0', command: ['/bin/sh'], args: ['-c', 'chown -R 999:999 /var/lib/postgresql/data'], volumeMounts: [{ name: 'database-data', mountPath: '/var/lib/postgresql/data' }] }],
      containers: [{ name: 'database', image: 'goharbor/harbor-db:v2.0.0', volumeMounts: [{ name: 'database-data', mountPath: '/var/lib/postgresql/data' }] }],
      volumes: [pvcVolume('database-data', 'database-data-harbor-harbor-database-0', '/var/lib/postgresql/data')],
      node: 'k8s-node-1', podCreated: '-38m', state: running({ since: '-38m' }),
    });
    const pod = sts.pod;
    // Init-container crash loop: the builder models main containers only, so the status is set as kubelet reports it.
    const status = dig(pod, 'status') as Record<string, unknown>;
    const started = c.time('-50s');
    status.phase = 'Pending';
    status.conditions = [
      { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [change-permission-of-directory]', lastTransitionTime: c.time('-38m') },
      { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [database]', lastTransitionTime: c.time('-38m') },
      { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [database]', lastTransitionTime: c.time('-38m') },
      { type: 'PodScheduled', status: 'True', lastTransitionTime: c.time('-38m') },
    ];
    status.initContainerStatuses = [{
      name: 'change-permission-of-directory', image: 'goharbor/harbor-db:v2.0.0', imageID: 'docker-pullable://goharbor/harbor-db@sha256:3b7c1a2e9d0f4c5b6a7e8d9c0b1a2f3e4d5c6b7a8f9e0d1c2b3a4f5e6d7c8b9a', ready: false, restartCount: 11,
      containerID: 'docker://5d0c7f1e2b3a4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d',
      state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=change-permission-of-directory pod=harbor-harbor-database-0_harbor(' + (pod.metadata.uid ?? '') + ')' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: started, finishedAt: started, containerID: 'docker://5d0c7f1e2b3a4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d' } },
    }];
    status.containerStatuses = [{ name: 'database', image: 'goharbor/harbor-db:v2.0.0', imageID: '', ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'PodInitializing' } }, lastState: {} }];
    scheduled(c, pod, '-38m');
    c.event({ on: pod, reason: 'Pulled', container: 'change-permission-of-directory', message: 'Container image "goharbor/harbor-db:v2.0.0" already present on machine', count: 12, first: '-37m', last: '-50s', fieldPath: 'spec.initContainers{change-permission-of-directory}' });
    c.event({ on: pod, reason: 'BackOff', type: 'Warning', message: 'Back-off restarting failed container', count: 160, first: '-36m', last: '-20s', fieldPath: 'spec.initContainers{change-permission-of-directory}' });
    c.deployment('harbor/harbor-harbor-core', { image: 'goharbor/harbor-core:v2.0.0', node: 'k8s-node-2', podCreated: '-38m', state: crashLoop(9, { exitCode: 2 }) });
    c.deployment('harbor/harbor-harbor-portal', { image: 'goharbor/harbor-portal:v2.0.0', node: 'k8s-node-2', podCreated: '-38m', state: running({ since: '-37m' }) });
    return c.objects();
  },
};
