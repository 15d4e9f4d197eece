import { dig, pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiDriver, mountTimeout, nfsServer, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2022-07-04T10:15:00Z';
const NODES = ['gke-nfs-test-default-pool-3b9c1f2e-0k7d', 'gke-nfs-test-default-pool-3b9c1f2e-5h2x', 'gke-nfs-test-default-pool-3b9c1f2e-q8mn'];
const GKE = { kubeletVersion: 'v1.24.1-gke.1400', containerRuntimeVersion: 'containerd://1.6.6', osImage: 'Container-Optimized OS from Google', kernelVersion: '5.10.123+', labels: { 'cloud.google.com/gke-nodepool': 'default-pool', 'cloud.google.com/gke-os-distribution': 'cos', 'node.kubernetes.io/instance-type': 'e2-medium', 'topology.kubernetes.io/zone': 'europe-west1-b' } };
const POD_UID = 'c69f5a0b-2cf5-47d6-bf69-6f9e66eb1435';
const SERVER = 'nfs-server.default.svc.cluster.local';

export const scenario: Scenario = {
  id: 'nfs-server-unresolvable-csi-driver-nfs-gke',
  title: 'csi-driver-nfs on GKE 1.24: the node plugin mounts "nfs-server.default.svc.cluster.local" and the host resolver cannot resolve it',
  source: {
    url: 'https://github.com/kubernetes-csi/csi-driver-nfs/issues/359',
    summary: 'GKE 1.24, CSI-Driver-NFS 4.0 from the repository example: "MountVolume.SetUp failed for volume \\"pv-nginx\\" : rpc error: code = Internal desc = mount failed: exit status 32 … Mounting arguments: -t nfs -o nfsvers=4.1 nfs-server.default.svc.cluster.local:/ /var/lib/kubelet/pods/c69f5a0b-…/volumes/kubernetes.io~csi/pv-nginx/mount Output: mount.nfs: Failed to resolve server nfs-server.default.svc.cluster.local: Name or service not known".',
    rootCause: 'The NFS server is named by its cluster DNS name, but mount.nfs runs in the host-network node plugin and resolves it through the node\'s resolver, which does not know cluster names; naming the server by its ClusterIP (or making the node plugin use cluster DNS) fixes it.',
    filledIn: 'Three GKE 1.24 nodes with COS; the csi-driver-nfs v4.0 node DaemonSet (hostNetwork, dnsPolicy Default, as its manifest sets them) and CSIDriver (no attach); the example\'s in-cluster nfs-server Deployment and Service in default; the static PV/PVC pv-nginx/pvc-nginx and the nginx pod; the mount timeout summary.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/nginx-nfs-example',
  expect: { top: 'nfs-server-unresolvable', ruledOut: ['hairpin-colocation', 'target-not-ready', 'nfs-export-denied', 'mount-helper-missing', 'external-target-unreachable'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, nodeOptions: Object.fromEntries(NODES.map((n) => [n, GKE])) });
    csiDriver(c, { driver: 'nfs.csi.k8s.io', daemonSet: 'kube-system/csi-nfs-node', image: 'registry.k8s.io/sig-storage/nfsplugin:v4.0.0', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES, allNodes: NODES, attachRequired: false, labels: { app: 'csi-nfs-node' } });
    // csi-driver-nfs deploy/csi-nfs-node.yaml: `hostNetwork: true` with `dnsPolicy: Default`, i.e. the node's own resolver.
    for (const o of c.objects()) {
      if (o.kind === 'DaemonSet' && o.metadata.name === 'csi-nfs-node') (dig(o, 'spec', 'template', 'spec') as Record<string, unknown>).dnsPolicy = 'Default';
      if (o.kind === 'Pod' && dig(o, 'metadata', 'labels', 'app') === 'csi-nfs-node') (o.spec as Record<string, unknown>).dnsPolicy = 'Default';
    }
    nfsServer(c, 'default/nfs-server', { node: NODES[2] ?? '', image: 'itsthenetwork/nfs-server-alpine:latest', labels: { app: 'nfs-server' }, podCreated: '-40m' });
    c.boundClaim('default/pvc-nginx', { pvName: 'pv-nginx', storageClass: null, size: '10Gi', accessModes: ['ReadWriteMany'], created: '-20m', source: { csi: { driver: 'nfs.csi.k8s.io', volumeHandle: `${SERVER}/share##`, volumeAttributes: { server: SERVER, share: '/' } } } });
    const pv = c.get('PersistentVolume', 'pv-nginx');
    (pv.spec as Record<string, unknown>).mountOptions = ['nfsvers=4.1'];
    const pod = c.pod('default/nginx-nfs-example', { uid: POD_UID, image: 'nginx', volumes: [pvcVolume('pvc-nginx', 'pvc-nginx', '/var/www')], node: NODES[0], created: '-12m', state: waiting('ContainerCreating') });
    scheduled(c, pod, '-12m');
    c.event({ on: pod, reason: 'FailedMount', message: `MountVolume.SetUp failed for volume "pv-nginx" : rpc error: code = Internal desc = mount failed: exit status 32\nMounting command: mount\nMounting arguments: -t nfs -o nfsvers=4.1 ${SERVER}:/ /var/lib/kubelet/pods/${POD_UID}/volumes/kubernetes.io~csi/pv-nginx/mount\nOutput: mount.nfs: Failed to resolve server ${SERVER}: Name or service not known\n`, count: 13, first: '-12m', last: '-30s' });
    mountTimeout(c, pod, ['pvc-nginx'], { count: 5, first: '-10m', last: '-1m' });
    return c.objects();
  },
};
