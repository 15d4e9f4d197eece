import { crashLoop, pvcVolume, running, unscheduled } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiDriver } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2021-03-18T06:40:00Z';
const NODES = ['rancher-cp-1', 'worker-1', 'worker-2'];
// Rancher 2.5-provisioned RKE cluster: kubelet in Docker, Kubernetes v1.19.8, service CIDR 10.43.0.0/16.
const RKE = { kubeletVersion: 'v1.19.8', containerRuntimeVersion: 'docker://19.3.15', osImage: 'Ubuntu 20.04.2 LTS', kernelVersion: '5.4.0-66-generic' };
const PREBIND = 'running PreBind plugin "VolumeBinding": binding volumes: timed out waiting for the condition';

export const scenario: Scenario = {
  id: 'pvc-not-bound-hcloud-csi-controller-crashloop',
  title: 'Hetzner Cloud CSI after a Rancher/Kubernetes upgrade: the controller (csi-provisioner + hcloud-csi-driver) crash-loops, claims wait forever for "csi.hetzner.cloud"',
  source: {
    url: 'https://github.com/hetznercloud/csi-driver/issues/188',
    summary: '"After upgrading rancher and kubernetes, I can\'t claim PVs anymore. Volume always stucks in the pending state: waiting for a volume to be created, either by external provisioner \\"csi.hetzner.cloud\\" or manually created by system administrator"; then "It seems like the services csi-provisioner and hcloud-csi-driver are crashing continuously": "F0318 06:31:55.640944 1 csi-provisioner.go:141] Error getting server version: Get https://10.43.0.1:443/version?timeout=32s: dial tcp 10.43.0.1:443: i/o timeout".',
    rootCause: 'The external provisioner for csi.hetzner.cloud is not running (its controller pod crash-loops because it cannot reach the API server), so nothing provisions the claim: the PVC stays Pending and the consumer cannot be scheduled.',
    filledIn: 'A three-node RKE cluster on Kubernetes 1.19.8 (k3s profile for the 10.43 service CIDR, node info overridden); the hcloud CSI 1.5.1 controller StatefulSet crash-looping, its node DaemonSet Running; the hcloud-volumes StorageClass (WaitForFirstConsumer); the consumer Deployment and its claim with the selected-node annotation and the PV controller\'s events.',
  },
  distribution: 'k3s',
  now: NOW,
  pod: 'apps/nextcloud-7b8f9d5c6-k2x9p',
  expect: { top: 'pvc-not-bound', ruledOut: ['volume-node-affinity-conflict', 'csi-node-plugin-missing', 'node-not-ready'] },
  build() {
    const c = baseCluster('k3s', NOW, { nodes: NODES, epoch: '-200d', nodeOptions: Object.fromEntries(NODES.map((n, i) => [n, { ...RKE, roles: i === 0 ? ['controlplane', 'etcd'] : ['worker'], labels: { 'node.kubernetes.io/instance-type': 'cx31', 'topology.kubernetes.io/region': 'nbg1', 'csi.hetzner.cloud/location': 'nbg1' } }])) });
    csiDriver(c, { driver: 'csi.hetzner.cloud', daemonSet: 'kube-system/hcloud-csi-node', image: 'hetznercloud/hcloud-csi-driver:1.5.1', kubeletDir: kubeletDir('k3s'), pluginNodes: NODES, allNodes: NODES, labels: { app: 'hcloud-csi' } });
    c.storageClass('hcloud-volumes', { provisioner: 'csi.hetzner.cloud', volumeBindingMode: 'WaitForFirstConsumer', isDefault: true, allowVolumeExpansion: true });
    c.statefulSet('kube-system/hcloud-csi-controller', {
      labels: { app: 'hcloud-csi-controller' }, serviceName: 'hcloud-csi-controller', serviceAccountName: 'hcloud-csi',
      containers: [
        { name: 'csi-attacher', image: 'quay.io/k8scsi/csi-attacher:v2.2.0', args: ['--csi-address=/var/lib/csi/sockets/pluginproxy/csi.sock', '--v=5'] },
        { name: 'csi-resizer', image: 'quay.io/k8scsi/csi-resizer:v0.3.0', args: ['--csi-address=/var/lib/csi/sockets/pluginproxy/csi.sock', '--v=5'] },
        { name: 'csi-provisioner', image: 'quay.io/k8scsi/csi-provisioner:v1.6.0', args: ['--provisioner=csi.hetzner.cloud', '--csi-address=/var/lib/csi/sockets/pluginproxy/csi.sock', '--feature-gates=Topology=true', '--v=5'] },
        { name: 'hcloud-csi-driver', image: 'hetznercloud/hcloud-csi-driver:1.5.1', env: [{ name: 'CSI_ENDPOINT', value: 'unix:///var/lib/csi/sockets/pluginproxy/csi.sock' }, { name: 'HCLOUD_TOKEN', valueFrom: { secretKeyRef: { name: 'hcloud-csi', key: 'token' } } }] },
      ],
      node: 'worker-1', podCreated: '-2d', state: crashLoop(212, { reason: 'Error', exitCode: 255 }),
    });
    const pvc = c.claim('apps/nextcloud-data', { storageClass: 'hcloud-volumes', provisioner: 'csi.hetzner.cloud', selectedNode: 'worker-2', size: '50Gi', created: '-40m' });
    const d = c.deployment('apps/nextcloud', { templateHash: '7b8f9d5c6', suffix: 'k2x9p', image: 'nextcloud:21.0.0-apache', volumes: [pvcVolume('data', 'nextcloud-data', '/var/www/html')], podCreated: '-40m', state: unscheduled(PREBIND) });
    c.deployment('apps/redis', { image: 'redis:6.2.1', node: 'worker-1', podCreated: '-60d', state: running({ since: '-60d' }) });
    c.event({ on: pvc, reason: 'WaitForFirstConsumer', type: 'Normal', message: 'waiting for first consumer to be created before binding', first: '-40m', last: '-40m' });
    c.event({ on: pvc, reason: 'ExternalProvisioning', type: 'Normal', message: 'waiting for a volume to be created, either by external provisioner "csi.hetzner.cloud" or manually created by system administrator', count: 162, first: '-40m', last: '-10s' });
    c.event({ on: d.pod, reason: 'FailedScheduling', message: PREBIND, count: 3, first: '-30m', last: '-10m', style: 'events-api' });
    return c.objects();
  },
};
