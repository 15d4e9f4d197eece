/**
 * Builds examples/sonarr-hairpin/cluster.json: the 2026-03-30 sonarr iSCSI hairpin incident (see the PIR in
 * shared/seed) as the cluster looked at detection time (~T+2m, before any remediation), as one
 * `kubectl get -o json` List. Run `npm run example:generate` (node examples/generate.ts); the output is
 * byte-for-byte deterministic and examples/generate.test.ts fails when the committed file drifts.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../src/sources/types.ts';
import {
  ClusterBuilder,
  configMapVolume,
  hostPathVolume,
  pvcVolume,
  running,
  waiting,
} from '../test/support/cluster-builder.ts';
import type { DeploymentResult, ExitInfo, JivaVolume, PodInstanceOptions, PodVolume, Time } from '../test/support/cluster-builder.ts';
import { formatList, kubectlGetOrder } from '../test/support/snapshot-formats.ts';

/** Detection time (~T+2m), UTC. The PIR's timeline is AEST (UTC+10): 19:32 local. */
export const NOW = '2026-03-30T09:32:00Z';
/** Where the example is written. */
export const OUTPUT_FILE = fileURLToPath(new URL('./sonarr-hairpin/cluster.json', import.meta.url));

/** Names and uids the PIR talks about, for tests and the README. */
export const SONARR = {
  namespace: 'media',
  pod: 'sonarr-dd4cb4f69-8kmhv',
  replicaSet: 'sonarr-dd4cb4f69',
  claim: 'sonarr-config',
  claimUid: '17e6e808-a9fc-4f64-b490-71deffdb81fd',
  pv: 'pvc-17e6e808-a9fc-4f64-b490-71deffdb81fd',
  portal: '10.152.183.62:3260',
  controllerPod: 'pvc-17e6e808-a9fc-4f64-b490-71deffdb81fd-ctrl-75854597dc-pr4kt',
  /** The earlier pod on k8s01 whose fsck failure is the stale false trail; it is gone from the snapshot. */
  stalePod: 'sonarr-dd4cb4f69-q6t2n',
} as const;

const OPENEBS_VERSION = '2.12.2';
const CLUSTER_CREATED = '2025-09-14T03:12:45Z';

/** The whole example, in `kubectl get ... -A -o json` order. */
export function buildSonarrHairpinExample(): KubeObject[] {
  const c = new ClusterBuilder({ now: NOW, flavor: 'microk8s', epoch: CLUSTER_CREATED });
  addNodes(c);
  addKubeSystem(c);
  addOpenEBS(c);
  addMediaApps(c);
  return kubectlGetOrder(c.objects());
}

/** The text of examples/sonarr-hairpin/cluster.json. */
export function renderSonarrHairpinExample(): string {
  return formatList(buildSonarrHairpinExample());
}

// ---------------------------------------------------------------------------------------------
// Nodes: three microk8s nodes; k8s02's disk trouble shows only in its events, not in its conditions.
// ---------------------------------------------------------------------------------------------

function addNodes(c: ClusterBuilder): void {
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'media', 'openebs']) c.namespace(ns, { created: ns === 'media' ? '2025-09-14T05:40:12Z' : ns === 'openebs' ? '2025-09-14T04:02:31Z' : CLUSTER_CREATED });
  c.node('k8s01', { ip: '192.168.1.11', podCIDR: '10.1.73.0/24', heartbeat: '-19s' });
  c.node('k8s02', { ip: '192.168.1.12', podCIDR: '10.1.236.0/24', heartbeat: '-27s', created: '2025-09-14T03:31:08Z', capacity: { ephemeralStorage: '47799020Ki' } });
  c.node('k8s03', { ip: '192.168.1.13', podCIDR: '10.1.219.0/24', heartbeat: NOW, created: '2025-09-14T03:35:52Z' });

  // The kubelet's image GC on k8s02 cannot free anything (PIR: "k8s02 disk pressure", tracked separately).
  const gc = 'Failed to garbage collect required amount of images. Attempted to free 4294967296 bytes, but only found 0 bytes eligible to free.';
  const k8s02 = c.get('Node', 'k8s02');
  c.event({ on: k8s02, reason: 'ImageGCFailed', message: gc, count: 1806, first: '2026-03-24T02:11:37Z', last: '-3m12s' });
  c.event({ on: k8s02, reason: 'FreeDiskSpaceFailed', message: gc, count: 1806, first: '2026-03-24T02:11:37Z', last: '-3m11s' });
}

// ---------------------------------------------------------------------------------------------
// kube-system: Calico and CoreDNS as the microk8s addons install them; all healthy.
// ---------------------------------------------------------------------------------------------

function addKubeSystem(c: ClusterBuilder): void {
  c.service('default/kubernetes', {
    selector: null,
    clusterIP: '10.152.183.1',
    labels: { component: 'apiserver', provider: 'kubernetes' },
    ports: [{ name: 'https', port: 443, targetPort: 16443 }],
    addresses: [{ ip: '192.168.1.11' }, { ip: '192.168.1.12' }, { ip: '192.168.1.13' }],
  });

  const calicoImage = (name: string) => `docker.io/calico/${name}:v3.25.1`;
  const cni = (name: string, args: string[]) => ({ name, image: calicoImage('cni'), command: args, securityContext: { privileged: true } });
  c.daemonSet('kube-system/calico-node', {
    created: CLUSTER_CREATED,
    podCreated: '2026-03-02T22:14:09Z',
    labels: { 'k8s-app': 'calico-node' },
    objectLabels: { 'k8s-app': 'calico-node' },
    hostNetwork: true,
    priorityClassName: 'system-node-critical',
    serviceAccountName: 'calico-node',
    tolerations: [{ effect: 'NoSchedule', operator: 'Exists' }, { key: 'CriticalAddonsOnly', operator: 'Exists' }, { effect: 'NoExecute', operator: 'Exists' }],
    initContainers: [cni('upgrade-ipam', ['/opt/cni/bin/calico-ipam', '-upgrade']), cni('install-cni', ['/opt/cni/bin/install'])],
    containers: [{
      name: 'calico-node',
      image: calicoImage('node'),
      env: [{ name: 'DATASTORE_TYPE', value: 'kubernetes' }, { name: 'CALICO_NETWORKING_BACKEND', value: 'vxlan' }, { name: 'CALICO_IPV4POOL_CIDR', value: '10.1.0.0/16' }, { name: 'FELIX_HEALTHENABLED', value: 'true' }],
      resources: { requests: { cpu: '250m' } },
      readinessProbe: { exec: { command: ['/bin/calico-node', '-felix-ready'] }, periodSeconds: 10, timeoutSeconds: 10 },
      livenessProbe: { exec: { command: ['/bin/calico-node', '-felix-live'] }, failureThreshold: 6, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 10 },
      securityContext: { privileged: true },
      volumeMounts: [
        { mountPath: '/host/etc/cni/net.d', name: 'cni-net-dir' },
        { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
        { mountPath: '/run/xtables.lock', name: 'xtables-lock' },
        { mountPath: '/var/run/calico', name: 'var-run-calico' },
        { mountPath: '/var/lib/calico', name: 'var-lib-calico' },
      ],
    }],
    volumes: [
      hostPathVolume('lib-modules', '/lib/modules'),
      hostPathVolume('var-run-calico', '/var/snap/microk8s/current/var/run/calico'),
      hostPathVolume('var-lib-calico', '/var/snap/microk8s/current/var/lib/calico'),
      hostPathVolume('xtables-lock', '/run/xtables.lock', { type: 'FileOrCreate' }),
      hostPathVolume('cni-bin-dir', '/var/snap/microk8s/current/opt/cni/bin'),
      hostPathVolume('cni-net-dir', '/var/snap/microk8s/current/args/cni-network'),
    ],
    state: running({ since: '2026-03-02T22:14:31Z' }),
  });

  c.deployment('kube-system/calico-kube-controllers', {
    created: CLUSTER_CREATED,
    labels: { 'k8s-app': 'calico-kube-controllers' },
    priorityClassName: 'system-cluster-critical',
    serviceAccountName: 'calico-kube-controllers',
    tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { effect: 'NoSchedule', key: 'node-role.kubernetes.io/master' }],
    containers: [{
      name: 'calico-kube-controllers',
      image: calicoImage('kube-controllers'),
      env: [{ name: 'ENABLED_CONTROLLERS', value: 'node' }, { name: 'DATASTORE_TYPE', value: 'kubernetes' }],
      readinessProbe: { exec: { command: ['/usr/bin/check-status', '-r'] } },
    }],
    node: 'k8s01',
    podCreated: '2026-03-02T22:15:40Z',
    state: running(),
  });

  c.deployment('kube-system/coredns', {
    created: CLUSTER_CREATED,
    labels: { 'k8s-app': 'kube-dns' },
    objectLabels: { 'k8s-app': 'kube-dns' },
    priorityClassName: 'system-cluster-critical',
    serviceAccountName: 'coredns',
    tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
    containers: [{
      name: 'coredns',
      image: 'coredns/coredns:1.10.1',
      args: ['-conf', '/etc/coredns/Corefile'],
      ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53 }, { name: 'metrics', containerPort: 9153 }],
      resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
      readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' } },
      livenessProbe: { failureThreshold: 5, httpGet: { path: '/health', port: 8080, scheme: 'HTTP' }, initialDelaySeconds: 60, timeoutSeconds: 5 },
      volumeMounts: [{ mountPath: '/etc/coredns', name: 'config-volume', readOnly: true }],
    }],
    volumes: [configMapVolume('config-volume', 'coredns')],
    node: 'k8s01',
    podCreated: '2026-03-02T22:15:44Z',
    state: running(),
  });
  c.service('kube-system/kube-dns', {
    clusterIP: '10.152.183.10',
    selector: { 'k8s-app': 'kube-dns' },
    labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
    ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }, { name: 'dns-tcp', port: 53, targetPort: 53 }, { name: 'metrics', port: 9153, targetPort: 9153 }],
    created: CLUSTER_CREATED,
  });
}

// ---------------------------------------------------------------------------------------------
// openebs: the OpenEBS 2.12 helm chart (legacy components). Everything on k8s02, plus the apiserver on
// k8s01, is in a restart storm: the last exit is minutes old and the kubelet is backing off.
// ---------------------------------------------------------------------------------------------

interface OpenEBSComponent {
  /** Deployment name (helm fullname `openebs-<component>`). */
  name: string;
  component: string;
  componentName: string;
  node: string;
  containers: { name: string; image: string; restarts: number; backOffCount: number }[];
  /** When the current containers started, and the previous run. */
  since: Time;
  lastExit: ExitInfo;
  env?: { name: string; value: string }[];
}

function addOpenEBS(c: ClusterBuilder): void {
  const v = OPENEBS_VERSION;
  c.storageClass('openebs-device', {
    provisioner: 'openebs.io/local',
    annotations: { 'cas.openebs.io/config': '- name: StorageType\n  value: "device"\n', 'openebs.io/cas-type': 'local' },
    volumeBindingMode: 'WaitForFirstConsumer',
    created: '2025-09-14T04:02:40Z',
  });
  c.storageClass('openebs-hostpath', {
    provisioner: 'openebs.io/local',
    annotations: { 'cas.openebs.io/config': '- name: StorageType\n  value: "hostpath"\n- name: BasePath\n  value: "/var/openebs/local"\n', 'openebs.io/cas-type': 'local' },
    volumeBindingMode: 'WaitForFirstConsumer',
    created: '2025-09-14T04:02:40Z',
  });
  c.storageClass('openebs-jiva-default', {
    provisioner: 'openebs.io/provisioner-iscsi',
    annotations: { 'cas.openebs.io/config': '- name: ReplicaCount\n  value: "3"\n- name: StoragePool\n  value: default\n', 'openebs.io/cas-type': 'jiva' },
    created: '2025-09-14T04:02:52Z',
  });
  c.storageClass('openebs-snapshot-promoter', { provisioner: 'volumesnapshot.external-storage.k8s.io/snapshot-promoter', created: '2025-09-14T04:02:52Z' });

  const components: OpenEBSComponent[] = [
    {
      name: 'openebs-localpv-provisioner', component: 'localpv-provisioner', componentName: 'openebs-localpv-provisioner', node: 'k8s02',
      containers: [{ name: 'openebs-localpv-provisioner', image: 'openebs/provisioner-localpv:2.12.0', restarts: 697, backOffCount: 3129 }],
      since: '-1m14s', lastExit: { startedAt: '-9m41s', finishedAt: '-6m22s' },
    },
    {
      name: 'openebs-snapshot-operator', component: 'snapshot-operator', componentName: 'openebs-snapshot-operator', node: 'k8s02',
      containers: [
        { name: 'openebs-snapshot-controller', image: `openebs/snapshot-controller:${v}`, restarts: 97, backOffCount: 802 },
        { name: 'openebs-snapshot-provisioner', image: `openebs/snapshot-provisioner:${v}`, restarts: 87, backOffCount: 731 },
      ],
      since: '-3m40s', lastExit: { startedAt: '-12m5s', finishedAt: '-8m47s' },
      env: [{ name: 'OPENEBS_MAYA_SERVICE_NAME', value: 'openebs-apiservice' }],
    },
    {
      name: 'openebs-provisioner', component: 'provisioner', componentName: 'openebs-provisioner', node: 'k8s02',
      containers: [{ name: 'openebs-provisioner', image: `openebs/openebs-k8s-provisioner:${v}`, restarts: 110, backOffCount: 512 }],
      since: '-2m5s', lastExit: { startedAt: '-9m58s', finishedAt: '-7m7s' },
      env: [{ name: 'OPENEBS_MAYA_SERVICE_NAME', value: 'openebs-apiservice' }],
    },
    {
      name: 'openebs-ndm-operator', component: 'ndm-operator', componentName: 'ndm-operator', node: 'k8s02',
      containers: [{ name: 'openebs-ndm-operator', image: 'openebs/node-disk-operator:1.6.1', restarts: 76, backOffCount: 351 }],
      since: '-4m48s', lastExit: { startedAt: '-13m1s', finishedAt: '-9m50s' },
    },
    {
      name: 'openebs-apiserver', component: 'apiserver', componentName: 'maya-apiserver', node: 'k8s01',
      containers: [{ name: 'openebs-apiserver', image: `openebs/m-apiserver:${v}`, restarts: 77, backOffCount: 355 }],
      since: '-37s', lastExit: { startedAt: '-8m20s', finishedAt: '-5m39s' },
      env: [{ name: 'OPENEBS_IO_JIVA_CONTROLLER_IMAGE', value: `openebs/jiva:${v}` }, { name: 'OPENEBS_IO_JIVA_REPLICA_IMAGE', value: `openebs/jiva:${v}` }, { name: 'OPENEBS_IO_VOLUME_MONITOR_IMAGE', value: `openebs/m-exporter:${v}` }, { name: 'OPENEBS_IO_JIVA_REPLICA_COUNT', value: '3' }],
    },
  ];
  for (const comp of components) addOpenEBSComponent(c, comp);

  addOpenEBSComponent(c, {
    name: 'openebs-admission-server', component: 'admission-webhook', componentName: 'admission-webhook', node: 'k8s03',
    containers: [{ name: 'admission-webhook', image: `openebs/admission-server:${v}`, restarts: 0, backOffCount: 0 }],
    since: '2026-03-11T06:20:17Z', lastExit: {},
  });
  c.service('openebs/openebs-apiservice', {
    selector: { app: 'openebs', release: 'openebs', component: 'apiserver' },
    labels: { app: 'openebs', chart: `openebs-${v}`, heritage: 'Helm', 'openebs.io/component-name': 'maya-apiserver-svc', release: 'openebs' },
    ports: [{ name: 'api', port: 5656, targetPort: 5656 }],
    created: '2025-09-14T04:02:31Z',
  });
  c.service('openebs/admission-server-svc', {
    selector: { app: 'openebs', release: 'openebs', component: 'admission-webhook' },
    labels: { app: 'admission-webhook', chart: `openebs-${v}`, heritage: 'Helm', 'openebs.io/component-name': 'admission-webhook-svc', release: 'openebs' },
    ports: [{ port: 443, targetPort: 443 }],
    created: '2025-09-14T04:02:31Z',
  });

  c.daemonSet('openebs/openebs-ndm', {
    created: '2025-09-14T04:02:31Z',
    podCreated: '2026-02-27T11:48:03Z',
    objectLabels: helmLabels('ndm', 'ndm'),
    selector: { app: 'openebs', component: 'ndm', release: 'openebs' },
    labels: { app: 'openebs', component: 'ndm', name: 'openebs-ndm', 'openebs.io/component-name': 'ndm', 'openebs.io/version': v, release: 'openebs' },
    hostNetwork: true,
    serviceAccountName: 'openebs',
    containers: [{
      name: 'openebs-ndm',
      image: 'openebs/node-disk-manager:1.6.1',
      env: [{ name: 'NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } }, { name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
      livenessProbe: { exec: { command: ['pgrep', 'ndm'] }, initialDelaySeconds: 30, periodSeconds: 60 },
      securityContext: { privileged: true },
      volumeMounts: [
        { mountPath: '/host/node-disk-manager.config', name: 'config', readOnly: true, subPath: 'node-disk-manager.config' },
        { mountPath: '/run/udev', name: 'udev' },
        { mountPath: '/host/proc', name: 'procmount', readOnly: true },
        { mountPath: '/dev', name: 'devmount' },
      ],
    }],
    volumes: [
      configMapVolume('config', 'openebs-ndm-config'),
      hostPathVolume('udev', '/run/udev', { type: 'Directory' }),
      hostPathVolume('procmount', '/proc', { type: 'Directory' }),
      hostPathVolume('devmount', '/dev', { type: 'Directory' }),
    ],
    state: running({ since: '2026-02-27T11:48:20Z' }),
  });
}

function helmLabels(component: string, componentName: string): Record<string, string> {
  return { app: 'openebs', chart: `openebs-${OPENEBS_VERSION}`, component, heritage: 'Helm', 'openebs.io/component-name': componentName, 'openebs.io/version': OPENEBS_VERSION, release: 'openebs' };
}

function addOpenEBSComponent(c: ClusterBuilder, comp: OpenEBSComponent): void {
  const restarts = Object.fromEntries(comp.containers.map((k) => [k.name, k.restarts]));
  const storming = comp.containers.some((k) => k.restarts > 0);
  const { pod } = c.deployment(`openebs/${comp.name}`, {
    created: '2025-09-14T04:02:31Z',
    podCreated: storming ? '2026-03-25T17:03:55Z' : '2026-03-11T06:19:58Z',
    objectLabels: helmLabels(comp.component, comp.componentName),
    selector: { app: 'openebs', component: comp.component, release: 'openebs' },
    labels: { app: 'openebs', component: comp.component, name: comp.name, 'openebs.io/component-name': comp.componentName, 'openebs.io/version': OPENEBS_VERSION, release: 'openebs' },
    strategy: 'Recreate',
    serviceAccountName: 'openebs',
    containers: comp.containers.map((k) => ({
      name: k.name,
      image: k.image,
      env: [{ name: 'OPENEBS_NAMESPACE', value: 'openebs' }, { name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }, ...(comp.env ?? [])],
      livenessProbe: { exec: { command: ['sh', '-c', `test $(pgrep -c "^${k.name.replace(/^openebs-/, '')}.*") = 1`] }, initialDelaySeconds: 30, periodSeconds: 60 },
    })),
    node: comp.node,
    state: running({ since: comp.since, restarts, lastExit: { ...comp.lastExit, reason: 'Error', exitCode: 1 } }),
  });
  for (const k of comp.containers) {
    if (k.backOffCount === 0) continue;
    c.event({
      on: pod,
      container: k.name,
      reason: 'BackOff',
      message: `Back-off restarting failed container ${k.name} in pod ${pod.metadata.name}_openebs(${pod.metadata.uid ?? ''})`,
      count: k.backOffCount,
      first: '2026-03-25T19:41:12Z',
      // The last back-off precedes the current start by a few seconds.
      last: new Date(Date.parse(c.time(comp.since)) - 12_000).toISOString(),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// media: the apps. Each Jiva-backed app has a legacy Jiva volume (controller + 3 replicas in openebs);
// only sonarr shares a node with its own controller.
// ---------------------------------------------------------------------------------------------

interface MediaApp {
  name: string;
  port: number;
  image?: string;
  probePath?: string;
  templateHash?: string;
  pod: PodInstanceOptions;
  volumes: PodVolume[];
  created: Time;
}

function mediaApp(c: ClusterBuilder, app: MediaApp): DeploymentResult {
  const labels = { 'app.kubernetes.io/instance': app.name, 'app.kubernetes.io/name': app.name };
  const result = c.deployment(`media/${app.name}`, {
    created: app.created,
    labels,
    templateHash: app.templateHash,
    revision: 3,
    strategy: 'Recreate',
    containers: [{
      name: app.name,
      image: app.image ?? `lscr.io/linuxserver/${app.name}:latest`,
      env: [{ name: 'PUID', value: '1000' }, { name: 'PGID', value: '1000' }, { name: 'TZ', value: 'Australia/Brisbane' }],
      ports: [{ name: 'http', containerPort: app.port }],
      ...(app.probePath === undefined ? {} : { readinessProbe: { httpGet: { path: app.probePath, port: 'http', scheme: 'HTTP' }, initialDelaySeconds: 10 } }),
    }],
    volumes: app.volumes,
    pods: [app.pod],
  });
  c.service(`media/${app.name}`, { selector: labels, labels, ports: [{ name: 'http', port: app.port, targetPort: 'http' }], created: app.created });
  return result;
}

/** A Jiva-backed app whose controller runs on a different node than the app (healthy). */
function healthyJivaApp(c: ClusterBuilder, a: { name: string; port: number; image?: string; probePath?: string; node: string; controllerNode: string; clusterIP: string; replicaNodes: string[]; created: Time; podCreated: Time; controllerCreated: Time }): void {
  const claim = `${a.name}-config`;
  const volume = c.jivaVolume({
    claim: `media/${claim}`, clusterIP: a.clusterIP, controllerNode: a.controllerNode, replicaNodes: a.replicaNodes, controllerCreated: a.controllerCreated,
    created: a.created, provisionerNode: 'k8s02', serviceAccount: 'openebs', version: OPENEBS_VERSION,
  });
  mediaApp(c, {
    name: a.name, port: a.port, image: a.image, probePath: a.probePath, created: a.created,
    pod: { node: a.node, created: a.podCreated, state: running() },
    volumes: [pvcVolume('config', claim)],
  });
  c.attachVolume({ pv: volume.pv, node: a.node });
}

function addMediaApps(c: ClusterBuilder): void {
  addSonarr(c);

  // radarr: consumer k8s02, controller k8s01.
  healthyJivaApp(c, { name: 'radarr', port: 7878, probePath: '/ping', node: 'k8s02', controllerNode: 'k8s01', clusterIP: '10.152.183.117', replicaNodes: ['k8s01', 'k8s02', 'k8s03'], created: '2025-09-14T06:02:19Z', podCreated: '2026-03-28T10:41:52Z', controllerCreated: '2026-03-28T10:12:07Z' });
  // readarr: consumer k8s01, controller k8s02.
  healthyJivaApp(c, { name: 'readarr', port: 8787, probePath: '/ping', node: 'k8s01', controllerNode: 'k8s02', clusterIP: '10.152.183.203', replicaNodes: ['k8s02', 'k8s03', 'k8s01'], created: '2025-09-14T06:05:44Z', podCreated: '2026-03-19T03:27:10Z', controllerCreated: '2026-03-12T21:54:33Z' });
  // overseerr: consumer k8s03, controller k8s01.
  healthyJivaApp(c, { name: 'overseerr', port: 5055, node: 'k8s03', controllerNode: 'k8s01', clusterIP: '10.152.183.38', replicaNodes: ['k8s03', 'k8s01', 'k8s02'], created: '2025-09-15T08:30:02Z', podCreated: '2026-03-21T14:02:48Z', controllerCreated: '2026-03-17T09:45:21Z' });
  // calibreweb: consumer k8s02, controller k8s03 (linuxserver publishes it as calibre-web).
  healthyJivaApp(c, { name: 'calibreweb', port: 8083, image: 'lscr.io/linuxserver/calibre-web:latest', node: 'k8s02', controllerNode: 'k8s03', clusterIP: '10.152.183.149', replicaNodes: ['k8s01', 'k8s03', 'k8s02'], created: '2025-10-02T11:16:37Z', podCreated: '2026-03-20T19:33:05Z', controllerCreated: '2026-03-14T07:08:59Z' });

  // sabnzbd: downloads on an in-tree NFS PV served by the NAS outside the cluster (not a cluster Service).
  c.boundClaim('media/sabnzbd-downloads', {
    pvName: 'sabnzbd-downloads-nfs', storageClass: null, size: '500Gi', accessModes: ['ReadWriteMany'], reclaimPolicy: 'Retain',
    source: { nfs: { server: '192.168.1.20', path: '/volume1/downloads' } }, created: '2025-09-14T06:10:03Z',
  });
  mediaApp(c, {
    name: 'sabnzbd', port: 8080, created: '2025-09-14T06:10:03Z',
    pod: { node: 'k8s01', created: '2026-03-19T03:27:12Z', state: running() },
    volumes: [pvcVolume('downloads', 'sabnzbd-downloads')],
  });

  // tautulli: an openebs-hostpath local PV, pinned to k8s03 by the PV's nodeAffinity.
  const tautulliUid = '4b0a3f57-6c2e-4d8a-9e31-5f27c8d0b914';
  c.boundClaim('media/tautulli-config', {
    uid: tautulliUid, storageClass: 'openebs-hostpath', size: '1Gi', provisioner: 'openebs.io/local', selectedNode: 'k8s03', node: 'k8s03',
    source: { local: { path: `/var/openebs/local/pvc-${tautulliUid}` } }, pvLabels: { 'openebs.io/cas-type': 'local-hostpath' }, created: '2025-09-14T06:12:40Z',
  });
  mediaApp(c, {
    name: 'tautulli', port: 8181, created: '2025-09-14T06:12:40Z',
    pod: { node: 'k8s03', created: '2026-03-21T14:02:50Z', state: running() },
    volumes: [pvcVolume('config', 'tautulli-config')],
  });
}

// ---------------------------------------------------------------------------------------------
// sonarr: the incident. The current pod and its Jiva controller are both on k8s03 (hairpin); the fsck
// failure in the events belongs to an earlier pod on k8s01 that is gone.
// ---------------------------------------------------------------------------------------------

function addSonarr(c: ClusterBuilder): void {
  const volume: JivaVolume = c.jivaVolume({
    claim: `media/${SONARR.claim}`,
    uid: SONARR.claimUid,
    clusterIP: '10.152.183.62',
    created: '2025-09-14T06:00:51Z',
    controllerNode: 'k8s03',
    controllerHash: '75854597dc',
    controllerSuffix: 'pr4kt',
    controllerCreated: '-6h48m',
    controllerStartedAt: '-6h47m51s',
    replicaNodes: ['k8s02', 'k8s01', 'k8s03'],
    replicaRestarts: [6, 0, 3],
    replicaSince: ['2026-03-25T17:06:31Z', '2025-09-14T06:01:02Z', '2026-03-22T23:40:18Z'],
    provisionerNode: 'k8s02',
    serviceAccount: 'openebs',
    version: OPENEBS_VERSION,
  });

  const apiAccess = 'kube-api-access-7xq2c';
  const app = mediaApp(c, {
    name: 'sonarr',
    port: 8989,
    probePath: '/ping',
    templateHash: 'dd4cb4f69',
    created: '2025-09-14T06:00:50Z',
    pod: { suffix: '8kmhv', node: 'k8s03', created: '-27m', state: waiting('ContainerCreating'), apiAccessSuffix: apiAccess.slice(-5) },
    volumes: [pvcVolume('config', SONARR.claim)],
  });
  const pod = app.pod;
  c.attachVolume({ pv: volume.pv, node: 'k8s03' });

  // The current pod (T-27m): created, scheduled, attached (API level), then kubelet's iscsiadm cannot log in.
  c.event({ on: app.replicaSet, reason: 'SuccessfulCreate', message: `Created pod: ${SONARR.pod}`, last: '-27m' });
  c.event({ on: pod, reason: 'Scheduled', message: `Successfully assigned media/${SONARR.pod} to k8s03`, last: '-27m', reportingInstance: 'default-scheduler-k8s01' });
  c.event({ on: pod, reason: 'SuccessfulAttachVolume', message: `AttachVolume.Attach succeeded for volume "${SONARR.pv}"`, last: '-26m59s' });
  c.event({
    on: pod, reason: 'FailedMount', count: 12, first: '-24m52s', last: '-58s',
    message: `MountVolume.WaitForAttach failed for volume "${SONARR.pv}" : failed to get any path for iscsi disk, last err seen:\n`
      + `iscsi: failed to sendtargets to portal ${SONARR.portal} output: iscsiadm: Connection to Discovery Address 10.152.183.62 failed\n`
      + 'iscsiadm: Login I/O error, failed to receive a PDU\n'
      + 'iscsiadm: connection login retries (reopen_max) 5 exceeded\n'
      + 'iscsiadm: Could not perform SendTargets discovery: iSCSI PDU timed out\n'
      + ', err exit status 4',
  });
  c.event({
    on: pod, reason: 'FailedMount', count: 11, first: '-24m57s', last: '-2m35s',
    message: `Unable to attach or mount volumes: unmounted volumes=[config], unattached volumes=[config ${apiAccess}]: timed out waiting for the condition`,
  });

  // The earlier pod on k8s01 (created ~61 minutes ago, so its creation events have expired): fsck failed,
  // the mount later went through, the app never became ready, and the pod was killed at T-27m10s.
  const stale = c.goneRef('Pod', `media/${SONARR.stalePod}`);
  const staleIp = c.podIpOn('k8s01', `media/${SONARR.stalePod}`);
  const device = `/dev/disk/by-path/ip-${SONARR.portal}-iscsi-iqn.2016-09.com.openebs.jiva:${SONARR.pv}-lun-0`;
  c.event({
    on: stale, source: { component: 'kubelet', host: 'k8s01' }, reason: 'FailedMount', count: 7, first: '-1h0m20s', last: '-45m',
    message: `MountVolume.MountDevice failed for volume "${SONARR.pv}" : 'fsck' found errors on device ${device} but could not correct them: fsck from util-linux 2.37.2\n`
      + '/dev/sdb contains a file system with errors, check forced.\n'
      + '/dev/sdb: Inodes that were part of a corrupted orphan linked list found.  \n\n'
      + '/dev/sdb: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.\n'
      + '\t(i.e., without -a or -p options)\n',
  });
  c.event({
    on: stale, source: { component: 'kubelet', host: 'k8s01' }, reason: 'FailedMount', count: 7, first: '-58m12s', last: '-45m5s',
    message: 'Unable to attach or mount volumes: unmounted volumes=[config], unattached volumes=[config kube-api-access-h9sfw]: timed out waiting for the condition',
  });
  c.event({
    on: stale, source: { component: 'kubelet', host: 'k8s01' }, container: 'sonarr', reason: 'Unhealthy', count: 72, first: '-39m20s', last: '-27m25s',
    message: `Readiness probe failed: Get "http://${staleIp}:8989/ping": dial tcp ${staleIp}:8989: connect: connection refused`,
  });
  c.event({ on: stale, source: { component: 'kubelet', host: 'k8s01' }, container: 'sonarr', reason: 'Killing', message: 'Stopping container sonarr', last: '-27m10s' });
}

if (import.meta.main) {
  writeFileSync(OUTPUT_FILE, renderSonarrHairpinExample());
  console.log(`wrote ${OUTPUT_FILE}`);
}
