import { pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { custom, failedMount, mountTimeout, nfsClaim, nfsServer, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2021-07-24T16:05:00Z';
const NODES = ['gke-web-default-pool-8c2f1a7d-4hxz', 'gke-web-default-pool-8c2f1a7d-9qlm', 'gke-web-default-pool-8c2f1a7d-w2rt'];
// GKE 1.20 on Container-Optimized OS, NetworkPolicy enforcement (Calico) enabled.
const GKE = { kubeletVersion: 'v1.20.8-gke.900', containerRuntimeVersion: 'containerd://1.4.4', osImage: 'Container-Optimized OS from Google', kernelVersion: '5.4.104+', roles: [], labels: { 'cloud.google.com/gke-nodepool': 'default-pool', 'cloud.google.com/gke-os-distribution': 'cos', 'topology.kubernetes.io/zone': 'us-central1-a' } };
const PV = 'my-pv-f9da82d12a6f00abb20b832e9dadc879';
const SERVER = 'nfs-server-svc.mynamespace.svc.cluster.local';

export const scenario: Scenario = {
  id: 'network-policy-blocks-target-nfs-server-gke-deny-other-namespaces',
  title: 'In-cluster NFS server behind a "deny from other namespaces" NetworkPolicy on GKE: the node-side NFS mount times out',
  source: {
    url: 'https://github.com/ahmetb/kubernetes-network-policy-recipes/issues/79',
    summary: '"What about a selector for a PV when it needs to access NFS Pod": after applying the "DENY all traffic from other namespaces" recipe in the namespace of the NFS server, the PV mount fails ("… /home/kubernetes/containerized_mounter/mounter mount -t nfs nfs-server-svc.mynamespace.svc.cluster.local:/ …/volumes/kubernetes.io~nfs/my-pv-f9da82d12a6f00abb20b832e9dadc879 … Mount failed: mount failed: exit status 32 / Mounting command: chroot …"); labelling the PV as if it were a pod of another namespace did not help.',
    rootCause: 'The NFS mount is made by the kubelet on the node (host network), not by a pod, so no podSelector/namespaceSelector can ever match it: the ingress policy that admits only pods of the same namespace drops the node\'s connection to the NFS server pod, and the mount times out. Admitting the node addresses (an ipBlock) or exempting the NFS server pod from the policy fixes it.',
    filledIn: 'Three GKE 1.20 COS nodes; the NFS server Deployment and Service nfs-server-svc in mynamespace (running, Ready, on another node than the client); the recipe\'s policy as written; the static PV with the report\'s name and server; mount.nfs\'s "Connection timed out" output (the report cut the output off) and the kubelet timeout summary.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'web/web-7f6b8d9c4-k2m8p',
  messageGroup: 'nfs-mount-timeout',
  expect: { top: 'network-policy-blocks-target', ruledOut: ['target-not-ready', 'hairpin-colocation', 'nfs-server-unresolvable', 'nfs-export-denied', 'mount-helper-missing'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES, nodeOptions: Object.fromEntries(NODES.map((n) => [n, GKE])) });
    c.namespace('mynamespace', { created: '-30d', labels: { 'kubernetes.io/metadata.name': 'mynamespace' } });
    nfsServer(c, 'mynamespace/nfs-server', { node: NODES[0] ?? '', image: 'gcr.io/google_containers/volume-nfs:0.8', labels: { role: 'nfs-server' }, podCreated: '-20d' });
    // nfsServer names the Service after the Deployment; the report's clients use nfs-server-svc.
    c.service('mynamespace/nfs-server-svc', { selector: { role: 'nfs-server' }, ports: [{ name: 'nfs', port: 2049 }, { name: 'mountd', port: 20048 }, { name: 'rpcbind', port: 111 }] });
    custom(c, 'networking.k8s.io/v1', 'NetworkPolicy', 'mynamespace/deny-from-other-namespaces', { spec: { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }], policyTypes: ['Ingress'] } }, {}, '-1h');
    nfsClaim(c, 'web/web-shared', PV, SERVER, '/', { created: '-20d' });
    const app = c.deployment('web/web', { templateHash: '7f6b8d9c4', suffix: 'k2m8p', image: 'nginx:1.21', volumes: [pvcVolume('shared', 'web-shared', '/usr/share/nginx/html')], node: NODES[2], podCreated: '-14m', state: waiting('ContainerCreating') });
    scheduled(c, app.pod, '-14m');
    const target = `/var/lib/kubelet/pods/${app.pod.metadata.uid ?? ''}/volumes/kubernetes.io~nfs/${PV}`;
    failedMount(c, app.pod, `MountVolume.SetUp failed for volume "${PV}" : mount failed: exit status 1\nMounting command: systemd-run\nMounting arguments: --description=Kubernetes transient mount for ${target} --scope -- /home/kubernetes/containerized_mounter/mounter mount -t nfs ${SERVER}:/ ${target}\nOutput: Running scope as unit: run-rdc06e260917a44f19efba49ee227e0ef.scope\nMount failed: mount failed: exit status 32\nMounting command: chroot\nMounting arguments: [/home/kubernetes/containerized_mounter/rootfs mount -t nfs ${SERVER}:/ ${target}]\nOutput: mount.nfs: Connection timed out\n\n`, { count: 5, first: '-12m', last: '-50s' });
    mountTimeout(c, app.pod, ['shared'], { count: 6, first: '-12m', last: '-1m30s' });
    // Before the policy was applied the previous web pod mounted the share.
    const old = c.goneRef('Pod', 'web/web-7f6b8d9c4-x9t4w');
    c.event({ on: old, reason: 'Started', source: { component: 'kubelet', host: NODES[1] ?? '' }, container: 'web', message: 'Started container web', last: '-3h' });
    c.deployment('mynamespace/nfs-client-tools', { image: 'busybox:1.33', node: NODES[0], podCreated: '-2d', state: running({ since: '-2d' }) });
    return c.objects();
  },
};
