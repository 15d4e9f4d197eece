import { hostPathVolume, pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { attached, csiClaim, csiDriver, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2021-08-11T02:55:00Z';
const NODES = ['uk8s-mon-a', 'uk8s-mon-b', 'uk8s-mon-c', 'uk8s-w-1'];
const MONS = ['172.20.58.60', '172.20.85.112', '172.20.249.153'];
// UCloud UK8S nodes: CentOS 7 with the provider's 4.1 kernel, Docker runtime, Kubernetes 1.19.
const UK8S = { kubeletVersion: 'v1.19.5', containerRuntimeVersion: 'docker://19.3.14', osImage: 'CentOS Linux 7 (Core)', kernelVersion: '4.1.0-25.el7.ucloud.x86_64' };
const HANDLE = '0001-0009-rook-ceph-0000000000000002-d391ab80-fa4d-11eb-b4f0-0ac36fad62fd';

export const scenario: Scenario = {
  id: 'unknown-rbd-map-kernel-lacks-features',
  title: 'Rook Ceph RBD on a 4.1 kernel: "rbd: sysfs write failed / rbd: map failed: (5) Input/output error" with healthy in-cluster mons — a node kernel limit the catalog has no cause for',
  source: {
    url: 'https://github.com/ceph/ceph-csi/issues/2397',
    summary: 'csi-rbdplugin: "GRPC error: rpc error: code = Internal desc = rbd: map failed with error an error (exit status 5) occurred while running rbd args: [--id csi-rbd-node -m 172.20.58.60:6789,172.20.85.112:6789,172.20.249.153:6789 --keyfile=***stripped*** map replicapool/csi-vol-d391ab80-… --device-type krbd --options noudev], rbd error output: rbd: sysfs write failed\\nrbd: map failed: (5) Input/output error", with "kernel 4.1.0-25.el7.ucloud.x86_64 does not support required features" in the same log.',
    rootCause: 'The node\'s 4.1 kernel RBD client lacks image features the volume uses, so the kernel refuses the map (EIO). The Ceph cluster and the CSI plugin are fine; a newer kernel (or an image created with only `layering`) fixes it. None of the catalog\'s causes applies: the honest answer is `unknown`, quoting the map error, not a target, replica or initiator cause.',
    filledIn: 'Four UCloud UK8S nodes (CentOS 7, kernel 4.1.0-25.el7.ucloud); Rook with host-network mons on the three mon nodes at the report\'s addresses, all Running; the csi-rbdplugin DaemonSet and CSIDriver; a bound RBD claim whose handle matches the report; the consumer on uk8s-w-1 with the kubelet-side MountDevice event carrying the plugin\'s error and the timeout summary.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/redis-0',
  expect: { top: 'unknown', ruledOut: ['target-not-ready', 'hairpin-colocation', 'external-target-unreachable', 'replica-quorum-lost', 'initiator-missing', 'csi-node-plugin-missing', 'multipath-claims-device'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, nodeOptions: Object.fromEntries(NODES.map((n, i) => [n, { ...UK8S, ip: MONS[i] ?? '172.20.12.31' }])) });
    csiDriver(c, { driver: 'rook-ceph.rbd.csi.ceph.com', daemonSet: 'rook-ceph/csi-rbdplugin', image: 'quay.io/cephcsi/cephcsi:v3.3.1', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES, allNodes: NODES, labels: { app: 'csi-rbdplugin' } });
    ['a', 'b', 'c'].forEach((id, i) => {
      c.deployment(`rook-ceph/rook-ceph-mon-${id}`, {
        labels: { app: 'rook-ceph-mon', ceph_daemon_id: id, mon: id, mon_cluster: 'rook-ceph', rook_cluster: 'rook-ceph' }, hostNetwork: true, strategy: 'Recreate',
        containers: [{ name: 'mon', image: 'quay.io/ceph/ceph:v15.2.13', command: ['ceph-mon'], args: ['--fsid=1f4f8b8a-3f2e-4c6b-9d0a-7b3c5e2a1d90', `--id=${id}`, `--public-addr=${MONS[i] ?? ''}`], ports: [{ name: 'tcp-msgr1', containerPort: 6789 }] }],
        volumes: [hostPathVolume('rook-ceph-mons-keyring', `/var/lib/rook/mon-${id}/data`)],
        node: NODES[i], podCreated: '-40d', state: running({ since: '-40d' }),
      });
    });
    c.deployment('rook-ceph/rook-ceph-osd-0', { labels: { app: 'rook-ceph-osd', 'ceph-osd-id': '0', rook_cluster: 'rook-ceph' }, image: 'quay.io/ceph/ceph:v15.2.13', node: 'uk8s-mon-a', podCreated: '-40d', state: running({ since: '-40d' }) });
    c.deployment('rook-ceph/rook-ceph-osd-1', { labels: { app: 'rook-ceph-osd', 'ceph-osd-id': '1', rook_cluster: 'rook-ceph' }, image: 'quay.io/ceph/ceph:v15.2.13', node: 'uk8s-mon-b', podCreated: '-40d', state: running({ since: '-40d' }) });
    const { pv } = csiClaim(c, 'default/redis-data-redis-0', { driver: 'rook-ceph.rbd.csi.ceph.com', storageClass: 'rook-ceph-block', size: '8Gi', created: '-20m', parameters: { clusterID: 'rook-ceph', pool: 'replicapool', imageFormat: '2', imageFeatures: 'layering,fast-diff,object-map,deep-flatten,exclusive-lock' }, attributes: { clusterID: 'rook-ceph', pool: 'replicapool', imageFeatures: 'layering,fast-diff,object-map,deep-flatten,exclusive-lock', imageName: 'csi-vol-d391ab80-fa4d-11eb-b4f0-0ac36fad62fd' } });
    (pv.spec as { csi: { volumeHandle: string } }).csi.volumeHandle = HANDLE;
    c.attachVolume({ pv, node: 'uk8s-w-1' });
    const s = c.statefulSet('default/redis', { image: 'redis:6.2.5', volumes: [pvcVolume('redis-data', 'redis-data-redis-0', '/data')], node: 'uk8s-w-1', podCreated: '-6m', state: waiting('ContainerCreating') });
    const pod = s.pods[0];
    if (pod === undefined) throw new Error('no pod');
    scheduled(c, pod, '-6m');
    attached(c, pod, pv.metadata.name, '-5m58s');
    c.event({ on: pod, reason: 'FailedMount', message: `MountVolume.MountDevice failed for volume "${pv.metadata.name}" : rpc error: code = Internal desc = rbd: map failed with error an error (exit status 5) occurred while running rbd args: [--id csi-rbd-node -m ${MONS.map((m) => `${m}:6789`).join(',')} --keyfile=***stripped*** map replicapool/csi-vol-d391ab80-fa4d-11eb-b4f0-0ac36fad62fd --device-type krbd --options noudev], rbd error output: rbd: sysfs write failed\nrbd: map failed: (5) Input/output error`, count: 5, first: '-5m50s', last: '-40s' });
    mountTimeout(c, pod, ['redis-data'], { count: 2, first: '-3m50s', last: '-1m40s' });
    return c.objects();
  },
};
