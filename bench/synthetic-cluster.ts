/**
 * A synthetic cluster, written as a `kubectl cluster-info dump --output-directory` style snapshot: one
 * List file per namespace and kind (`<dir>/<ns>/pods.json`, …), `nodes.json`, and `storage.json` for the
 * kinds a dump omits (PVs, PVCs, StorageClasses, JivaVolumes). Objects are shaped like `kubectl get -o json`
 * output (4-space indentation, as kubectl prints) and streamed to disk one object at a time, never built as
 * one string. Deterministic for a given scale.
 *
 *   node bench/synthetic-cluster.ts <dir> [scale]     scale 1 = 5,000 nodes, 150,000 pods, 30,000 volumes, 500,000 events
 *
 * Composition at scale 1: 15,000 legacy Jiva volumes (controller + 3 replica pods each), 5,000 Jiva CSI
 * volumes (controller + 3-replica StatefulSet, JivaVolume CR), 10,000 volumes of a generic CSI driver whose
 * node plugin runs on every node, 30,000 consumer pods (one per volume; 1 in 50 shares its target's node,
 * 1 in 5 carries an anti-affinity term), 35,000 pods without volumes, and a few hairpin FailedMount events.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';

export interface SyntheticScale {
  nodes: number;
  legacyJiva: number;
  jivaCsi: number;
  genericCsi: number;
  plainPods: number;
  events: number;
  namespaces: number;
}

export function scaleOf(factor: number): SyntheticScale {
  const n = (x: number): number => Math.max(1, Math.round(x * factor));
  return { nodes: n(5000), legacyJiva: n(15000), jivaCsi: n(5000), genericCsi: n(10000), plainPods: n(35000), events: n(500000), namespaces: n(500) };
}

const NOW_MS = Date.parse('2026-03-30T09:32:00Z');
const iso = (msAgo: number): string => new Date(NOW_MS - msAgo).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Deterministic uid from a counter. */
let uidCounter = 0;
function uid(): string {
  uidCounter += 1;
  const h = uidCounter.toString(16).padStart(12, '0');
  return `5e1f0000-0000-4000-8000-${h}`;
}
function pvcUidOf(i: number, kind: number): string {
  return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

/** A streamed `{"apiVersion":"v1","kind":"List","items":[…]}` file. */
class ListWriter {
  private readonly out: WriteStream;
  private count = 0;
  bytes = 0;
  constructor(path: string) {
    this.out = createWriteStream(path);
    this.out.write('{\n    "apiVersion": "v1",\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    },\n    "items": [\n');
  }
  async add(obj: object): Promise<void> {
    const text = JSON.stringify(obj, null, 4).replace(/^/gm, '        ');
    const chunk = `${this.count > 0 ? ',\n' : ''}${text}`;
    const ok = this.out.write(chunk);
    this.bytes += chunk.length;
    this.count += 1;
    if (!ok) await new Promise<void>((resolve) => this.out.once('drain', () => { resolve(); }));
  }
  async close(): Promise<void> {
    this.out.write('\n    ]\n}\n');
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => { if (err) reject(err); else resolve(); }));
  }
}

/**
 * Lazily opened List files per namespace and kind. A file rolls over to `<kind>.2.json`, … past ROLL_BYTES:
 * V8 cannot hold a string over 512 MiB, so no reader (JSON.parse or kubehow) could load a bigger file whole.
 */
const ROLL_BYTES = 256 * 1024 * 1024;
class Files {
  private readonly writers = new Map<string, ListWriter>();
  private readonly parts = new Map<string, number>();
  private readonly closed: ListWriter[] = [];
  private readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }
  async add(ns: string | undefined, file: string, obj: object): Promise<void> {
    const key = `${ns ?? ''}/${file}`;
    let w = this.writers.get(key);
    if (w !== undefined && w.bytes > ROLL_BYTES) {
      this.closed.push(w);
      w = undefined;
    }
    if (w === undefined) {
      const folder = ns === undefined ? this.dir : join(this.dir, ns);
      mkdirSync(folder, { recursive: true });
      const part = (this.parts.get(key) ?? 0) + 1;
      this.parts.set(key, part);
      w = new ListWriter(join(folder, part === 1 ? file : file.replace(/\.json$/, `.${part}.json`)));
      this.writers.set(key, w);
    }
    await w.add(obj);
  }
  async close(): Promise<void> {
    for (const w of [...this.closed, ...this.writers.values()]) await w.close();
  }
}

const nodeName = (i: number): string => `node-${String(i).padStart(5, '0')}`;
const nodeIp = (i: number): string => `10.${(i >> 8) & 255}.${i & 255}.10`;
let podIpCounter = 0;
function podIp(): string {
  podIpCounter += 1;
  return `100.${(podIpCounter >> 16) & 255}.${(podIpCounter >> 8) & 255}.${podIpCounter & 255}`;
}
let svcIpCounter = 0;
function clusterIp(): string {
  svcIpCounter += 1;
  return `172.${16 + ((svcIpCounter >> 16) & 15)}.${(svcIpCounter >> 8) & 255}.${svcIpCounter & 255}`;
}

function node(i: number): object {
  const name = nodeName(i);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: uid(), resourceVersion: String(1000 + i), creationTimestamp: iso(90 * 86400e3), labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'node.kubernetes.io/instance-type': 'm5.xlarge', 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
    spec: { podCIDR: `100.${i & 255}.0.0/24`, podCIDRs: [`100.${i & 255}.0.0/24`], providerID: `aws:///zone-${i % 3}/i-${i.toString(16).padStart(17, '0')}` },
    status: {
      addresses: [{ type: 'InternalIP', address: nodeIp(i) }, { type: 'Hostname', address: name }],
      allocatable: { cpu: '3920m', 'ephemeral-storage': '95551679124', memory: '15331704Ki', pods: '110' },
      capacity: { cpu: '4', 'ephemeral-storage': '101430960Ki', memory: '16351704Ki', pods: '110' },
      conditions: ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'].map((type) => ({
        type,
        status: type === 'Ready' ? 'True' : type === 'DiskPressure' && i % 997 === 0 ? 'True' : 'False',
        lastHeartbeatTime: iso(30e3),
        lastTransitionTime: iso(40 * 86400e3),
        reason: type === 'Ready' ? 'KubeletReady' : `KubeletHasNo${type}`,
        message: type === 'Ready' ? 'kubelet is posting ready status' : `kubelet has no ${type.toLowerCase()}`,
      })),
      nodeInfo: { kubeletVersion: 'v1.29.4', containerRuntimeVersion: 'containerd://1.7.13', osImage: 'Ubuntu 22.04.4 LTS', kernelVersion: '5.15.0-105-generic', architecture: 'amd64', operatingSystem: 'linux' },
    },
  };
}

interface PodInput {
  ns: string;
  name: string;
  labels: Record<string, string>;
  owner?: { kind: string; name: string; uid: string };
  node: string;
  nodeIndex: number;
  image: string;
  volumes?: object[];
  affinity?: object;
  env?: { name: string; value: string }[];
  waiting?: string;
  restarts?: number;
  ageMs?: number;
}

function pod(p: PodInput): { obj: object; uid: string; ip: string } {
  const id = uid();
  const ip = podIp();
  const started = iso(p.ageMs ?? 5 * 86400e3);
  const waiting = p.waiting !== undefined;
  const obj = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      namespace: p.ns,
      uid: id,
      resourceVersion: String(200000 + uidCounter),
      creationTimestamp: started,
      labels: p.labels,
      ...(p.owner !== undefined ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: p.owner.kind, name: p.owner.name, uid: p.owner.uid, controller: true, blockOwnerDeletion: true }] } : {}),
    },
    spec: {
      containers: [
        {
          name: 'main',
          image: p.image,
          imagePullPolicy: 'IfNotPresent',
          ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
          resources: { limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
          env: p.env ?? [{ name: 'TZ', value: 'UTC' }],
          volumeMounts: [{ name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }],
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      nodeName: p.node,
      ...(p.affinity !== undefined ? { affinity: p.affinity } : {}),
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
      volumes: [
        ...(p.volumes ?? []),
        { name: 'kube-api-access', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }, { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }] } },
      ],
    },
    status: {
      phase: waiting ? 'Pending' : 'Running',
      conditions: [
        { type: 'Initialized', status: 'True', lastTransitionTime: started, lastProbeTime: null },
        { type: 'Ready', status: waiting ? 'False' : 'True', lastTransitionTime: started, lastProbeTime: null },
        { type: 'ContainersReady', status: waiting ? 'False' : 'True', lastTransitionTime: started, lastProbeTime: null },
        { type: 'PodScheduled', status: 'True', lastTransitionTime: started, lastProbeTime: null },
      ],
      hostIP: nodeIp(p.nodeIndex),
      podIP: ip,
      podIPs: [{ ip }],
      startTime: started,
      qosClass: 'Burstable',
      containerStatuses: [
        {
          name: 'main',
          image: p.image,
          imageID: `docker.io/${p.image}@sha256:${'0'.repeat(64)}`,
          ready: !waiting,
          started: !waiting,
          restartCount: p.restarts ?? 0,
          ...(waiting ? {} : { containerID: `containerd://${id.replace(/-/g, '')}` }),
          state: waiting ? { waiting: { reason: p.waiting } } : { running: { startedAt: started } },
          lastState: (p.restarts ?? 0) > 0 ? { terminated: { exitCode: 1, reason: 'Error', startedAt: iso(20 * 60e3), finishedAt: iso(10 * 60e3) } } : {},
        },
      ],
    },
  };
  return { obj, uid: id, ip };
}

function workload(kind: string, ns: string, name: string, labels: Record<string, string>, replicas: number, templateSpec: object, apiVersion = 'apps/v1', owner?: { kind: string; name: string; uid: string }): { obj: object; uid: string } {
  const id = uid();
  return {
    uid: id,
    obj: {
      apiVersion,
      kind,
      metadata: { name, namespace: ns, uid: id, resourceVersion: String(300000 + uidCounter), generation: 1, creationTimestamp: iso(30 * 86400e3), labels, ...(owner !== undefined ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, uid: owner.uid, controller: true }] } : {}) },
      spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: templateSpec } },
      status: { replicas, readyReplicas: replicas, availableReplicas: replicas, observedGeneration: 1 },
    },
  };
}

function service(ns: string, name: string, labels: Record<string, string>, selector: Record<string, string>, ports: { name: string; port: number }[]): { obj: object; ip: string } {
  const ip = clusterIp();
  return { ip, obj: { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns, uid: uid(), resourceVersion: String(400000 + uidCounter), creationTimestamp: iso(30 * 86400e3), labels }, spec: { type: 'ClusterIP', clusterIP: ip, clusterIPs: [ip], selector, ports: ports.map((p) => ({ ...p, protocol: 'TCP', targetPort: p.port })), sessionAffinity: 'None' } } };
}

function endpointSlice(ns: string, svc: string, target: { name: string; uid: string; ip: string; node: string }, ports: { name: string; port: number }[]): object {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${svc}-abcde`, namespace: ns, uid: uid(), resourceVersion: String(500000 + uidCounter), labels: { 'kubernetes.io/service-name': svc, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [target.ip], conditions: { ready: true, serving: true, terminating: false }, nodeName: target.node, targetRef: { kind: 'Pod', namespace: ns, name: target.name, uid: target.uid } }],
    ports: ports.map((p) => ({ name: p.name, port: p.port, protocol: 'TCP' })),
  };
}

const JIVA_PORTS = [{ name: 'iscsi', port: 3260 }, { name: 'api', port: 9501 }, { name: 'exporter', port: 9500 }];

interface Consumer {
  ns: string;
  app: string;
  claim: string;
  targetNode: number;
  targetLabels: Record<string, string>;
  targetNs: string;
  portal?: string;
  pv: string;
}

function event(ns: string, involved: { kind: string; name: string; uid: string; namespace?: string }, reason: string, message: string, type: string, host: string | undefined, agoMs: number, count: number): object {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${involved.name}.${(uidCounter + 1).toString(16)}`, namespace: ns, uid: uid(), resourceVersion: String(600000 + uidCounter), creationTimestamp: iso(agoMs + 60e3) },
    involvedObject: { apiVersion: 'v1', kind: involved.kind, name: involved.name, ...(involved.namespace !== undefined ? { namespace: involved.namespace } : {}), uid: involved.uid, resourceVersion: '123' },
    reason,
    message,
    source: { component: host !== undefined ? 'kubelet' : 'default-scheduler', ...(host !== undefined ? { host } : {}) },
    firstTimestamp: iso(agoMs + 60e3 * count),
    lastTimestamp: iso(agoMs),
    count,
    type,
    eventTime: null,
    reportingComponent: host !== undefined ? 'kubelet' : 'default-scheduler',
    reportingInstance: host ?? '',
  };
}

/** Writes the cluster; returns the number of objects written per kind. */
export async function writeSyntheticCluster(dir: string, scale: SyntheticScale): Promise<Record<string, number>> {
  uidCounter = 0;
  podIpCounter = 0;
  svcIpCounter = 0;
  mkdirSync(dir, { recursive: true });
  const files = new Files(dir);
  const counts: Record<string, number> = {};
  const put = async (ns: string | undefined, file: string, kind: string, obj: object): Promise<void> => {
    counts[kind] = (counts[kind] ?? 0) + 1;
    await files.add(ns, file, obj);
  };
  for (let i = 0; i < scale.nodes; i++) await put(undefined, 'nodes.json', 'Node', node(i));
  const appNs = (i: number): string => `team-${String(i % scale.namespaces).padStart(3, '0')}`;
  const eventTargets: { ns: string; kind: string; name: string; uid: string; host: string }[] = [];
  const consumers: Consumer[] = [];
  let nodeCursor = 0;
  const nextNode = (): number => {
    nodeCursor = (nodeCursor + 7919) % scale.nodes;
    return nodeCursor;
  };

  await put(undefined, 'storage.json', 'StorageClass', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'openebs-jiva-default', uid: uid(), annotations: { 'openebs.io/cas-type': 'jiva' } }, provisioner: 'openebs.io/provisioner-iscsi', reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
  await put(undefined, 'storage.json', 'StorageClass', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'openebs-jiva-csi-default', uid: uid() }, provisioner: 'jiva.csi.openebs.io', parameters: { 'cas-type': 'jiva', policy: 'openebs-jiva-default-policy' } });
  await put(undefined, 'storage.json', 'StorageClass', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast-csi', uid: uid() }, provisioner: 'csi.example.com' });

  const claimAndVolume = async (ns: string, claim: string, pvc: string, sc: string, pvSpec: object, annotations: Record<string, string>): Promise<string> => {
    const pv = `pvc-${pvc}`;
    await put(undefined, 'storage.json', 'PersistentVolumeClaim', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claim, namespace: ns, uid: pvc, resourceVersion: String(700000 + uidCounter), creationTimestamp: iso(30 * 86400e3) }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: sc, volumeMode: 'Filesystem', volumeName: pv }, status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } });
    await put(undefined, 'storage.json', 'PersistentVolume', { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: pv, uid: uid(), resourceVersion: String(700000 + uidCounter), creationTimestamp: iso(30 * 86400e3), annotations: { 'pv.kubernetes.io/provisioned-by': sc, ...annotations } }, spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, claimRef: { kind: 'PersistentVolumeClaim', namespace: ns, name: claim, uid: pvc }, persistentVolumeReclaimPolicy: 'Delete', storageClassName: sc, volumeMode: 'Filesystem', ...pvSpec }, status: { phase: 'Bound' } });
    return pv;
  };

  // Legacy Jiva: Service + controller Deployment/RS/pod + 3 replica Deployments/RS/pods in openebs.
  for (let i = 0; i < scale.legacyJiva; i++) {
    const ns = appNs(i);
    const app = `app-j${i}`;
    const claim = `${app}-data`;
    const pvc = pvcUidOf(i, 1);
    const pv = `pvc-${pvc}`;
    const ctrlLabels = { 'openebs.io/controller': 'jiva-controller', 'openebs.io/persistent-volume': pv, 'openebs.io/persistent-volume-claim': claim, 'openebs.io/version': '2.12.2', monitoring: 'volume_exporter_prometheus' };
    const svc = service('openebs', `${pv}-ctrl-svc`, { 'openebs.io/controller-service': 'jiva-controller-svc', 'openebs.io/persistent-volume': pv, 'openebs.io/cas-type': 'jiva' }, { 'openebs.io/controller': 'jiva-controller', 'openebs.io/persistent-volume': pv }, JIVA_PORTS);
    await put('openebs', 'services.json', 'Service', svc.obj);
    await claimAndVolume(ns, claim, pvc, 'openebs-jiva-default', { iscsi: { targetPortal: `${svc.ip}:3260`, iqn: `iqn.2016-09.com.openebs.jiva:${pv}`, lun: 0, fsType: 'ext4', readOnly: false } }, { 'openebs.io/cas-type': 'jiva' });
    const ctrlNode = nextNode();
    const dep = workload('Deployment', 'openebs', `${pv}-ctrl`, ctrlLabels, 1, {});
    const rs = workload('ReplicaSet', 'openebs', `${pv}-ctrl-7d9f8b6c5`, ctrlLabels, 1, {}, 'apps/v1', { kind: 'Deployment', name: `${pv}-ctrl`, uid: dep.uid });
    await put('openebs', 'deployments.json', 'Deployment', dep.obj);
    await put('openebs', 'replicasets.json', 'ReplicaSet', rs.obj);
    const ctrl = pod({ ns: 'openebs', name: `${pv}-ctrl-7d9f8b6c5-x${i}`, labels: ctrlLabels, owner: { kind: 'ReplicaSet', name: `${pv}-ctrl-7d9f8b6c5`, uid: rs.uid }, node: nodeName(ctrlNode), nodeIndex: ctrlNode, image: 'openebs/jiva:2.12.2', env: [{ name: 'REPLICATION_FACTOR', value: '3' }] });
    await put('openebs', 'pods.json', 'Pod', ctrl.obj);
    await put('openebs', 'endpointslices.json', 'EndpointSlice', endpointSlice('openebs', `${pv}-ctrl-svc`, { name: `${pv}-ctrl-7d9f8b6c5-x${i}`, uid: ctrl.uid, ip: ctrl.ip, node: nodeName(ctrlNode) }, JIVA_PORTS));
    eventTargets.push({ ns: 'openebs', kind: 'Pod', name: `${pv}-ctrl-7d9f8b6c5-x${i}`, uid: ctrl.uid, host: nodeName(ctrlNode) });
    for (let r = 1; r <= 3; r++) {
      const repNode = nextNode();
      const repLabels = { 'openebs.io/replica': 'jiva-replica', 'openebs.io/persistent-volume': pv, 'openebs.io/persistent-volume-claim': claim };
      const rdep = workload('Deployment', 'openebs', `${pv}-rep-${r}`, repLabels, 1, {});
      const rrs = workload('ReplicaSet', 'openebs', `${pv}-rep-${r}-5c8d7f9b4`, repLabels, 1, {}, 'apps/v1', { kind: 'Deployment', name: `${pv}-rep-${r}`, uid: rdep.uid });
      await put('openebs', 'deployments.json', 'Deployment', rdep.obj);
      await put('openebs', 'replicasets.json', 'ReplicaSet', rrs.obj);
      const rep = pod({ ns: 'openebs', name: `${pv}-rep-${r}-5c8d7f9b4-y${i}`, labels: repLabels, owner: { kind: 'ReplicaSet', name: `${pv}-rep-${r}-5c8d7f9b4`, uid: rrs.uid }, node: nodeName(repNode), nodeIndex: repNode, image: 'openebs/jiva:2.12.2', volumes: [{ name: 'openebs', hostPath: { path: `/var/openebs/${pv}`, type: '' } }], restarts: i % 500 === 0 ? 40 : 0, ageMs: i % 500 === 0 ? 10 * 60e3 : undefined });
      await put('openebs', 'pods.json', 'Pod', rep.obj);
      eventTargets.push({ ns: 'openebs', kind: 'Pod', name: `${pv}-rep-${r}-5c8d7f9b4-y${i}`, uid: rep.uid, host: nodeName(repNode) });
    }
    consumers.push({ ns, app, claim, targetNode: ctrlNode, targetLabels: { 'openebs.io/controller': 'jiva-controller', 'openebs.io/persistent-volume': pv }, targetNs: 'openebs', portal: `${svc.ip}:3260`, pv });
  }

  // Jiva CSI: JivaVolume + Service + controller pod + a 3-replica StatefulSet.
  for (let i = 0; i < scale.jivaCsi; i++) {
    const ns = appNs(i + 7);
    const app = `app-c${i}`;
    const claim = `${app}-data`;
    const pvc = pvcUidOf(i, 2);
    const pv = `pvc-${pvc}`;
    const ctrlLabels = { 'openebs.io/cas-type': 'jiva', 'openebs.io/component': 'jiva-controller', 'openebs.io/persistent-volume': pv, 'openebs.io/persistent-volume-claim': claim, 'openebs.io/version': '3.6.0' };
    const svc = service('openebs', `${pv}-jiva-ctrl-svc`, { 'openebs.io/cas-type': 'jiva', 'openebs.io/component': 'jiva-controller-service', 'openebs.io/persistent-volume': pv }, { 'openebs.io/cas-type': 'jiva', 'openebs.io/component': 'jiva-controller', 'openebs.io/persistent-volume': pv }, JIVA_PORTS);
    await put('openebs', 'services.json', 'Service', svc.obj);
    await claimAndVolume(ns, claim, pvc, 'openebs-jiva-csi-default', { csi: { driver: 'jiva.csi.openebs.io', volumeHandle: pv, fsType: 'ext4', volumeAttributes: { 'storage.kubernetes.io/csiProvisionerIdentity': '1711790000000-8081-jiva.csi.openebs.io' } } }, {});
    await put(undefined, 'storage.json', 'JivaVolume', { apiVersion: 'openebs.io/v1', kind: 'JivaVolume', metadata: { name: pv, namespace: 'openebs', uid: uid(), labels: { 'openebs.io/persistent-volume': pv, 'openebs.io/component': 'jiva-volume', 'openebs.io/persistent-volume-claim': claim } }, spec: { pv, capacity: '1Gi', accessType: 'mount', iscsiSpec: { targetIP: svc.ip, targetPort: 3260, iqn: `iqn.2016-09.com.openebs.jiva:${pv}` }, policy: { target: { replicationFactor: 3 } }, desiredReplicationFactor: 3 }, status: { status: 'RW', replicaCount: 3, phase: 'Ready' } });
    const ctrlNode = nextNode();
    const dep = workload('Deployment', 'openebs', `${pv}-jiva-ctrl`, ctrlLabels, 1, {});
    const rs = workload('ReplicaSet', 'openebs', `${pv}-jiva-ctrl-6b7c8d9f5`, ctrlLabels, 1, {}, 'apps/v1', { kind: 'Deployment', name: `${pv}-jiva-ctrl`, uid: dep.uid });
    await put('openebs', 'deployments.json', 'Deployment', dep.obj);
    await put('openebs', 'replicasets.json', 'ReplicaSet', rs.obj);
    const ctrl = pod({ ns: 'openebs', name: `${pv}-jiva-ctrl-6b7c8d9f5-z${i}`, labels: ctrlLabels, owner: { kind: 'ReplicaSet', name: `${pv}-jiva-ctrl-6b7c8d9f5`, uid: rs.uid }, node: nodeName(ctrlNode), nodeIndex: ctrlNode, image: 'openebs/jiva:3.6.0' });
    await put('openebs', 'pods.json', 'Pod', ctrl.obj);
    await put('openebs', 'endpointslices.json', 'EndpointSlice', endpointSlice('openebs', `${pv}-jiva-ctrl-svc`, { name: `${pv}-jiva-ctrl-6b7c8d9f5-z${i}`, uid: ctrl.uid, ip: ctrl.ip, node: nodeName(ctrlNode) }, JIVA_PORTS));
    const repLabels = { 'openebs.io/cas-type': 'jiva', 'openebs.io/component': 'jiva-replica', 'openebs.io/persistent-volume': pv };
    const sts = workload('StatefulSet', 'openebs', `${pv}-jiva-rep`, repLabels, 3, {});
    await put('openebs', 'statefulsets.json', 'StatefulSet', sts.obj);
    for (let r = 0; r < 3; r++) {
      const repNode = nextNode();
      const rep = pod({ ns: 'openebs', name: `${pv}-jiva-rep-${r}`, labels: repLabels, owner: { kind: 'StatefulSet', name: `${pv}-jiva-rep`, uid: sts.uid }, node: nodeName(repNode), nodeIndex: repNode, image: 'openebs/jiva:3.6.0' });
      await put('openebs', 'pods.json', 'Pod', rep.obj);
    }
    consumers.push({ ns, app, claim, targetNode: ctrlNode, targetLabels: { 'openebs.io/component': 'jiva-controller', 'openebs.io/persistent-volume': pv }, targetNs: 'openebs', pv });
  }

  // Generic CSI: a node plugin DaemonSet pod on every node, and its volumes.
  const ds = workload('DaemonSet', 'csi-system', 'csi-example-node', { app: 'csi-example-node' }, scale.nodes, {});
  await put('csi-system', 'daemonsets.json', 'DaemonSet', ds.obj);
  for (let n = 0; n < scale.nodes; n++) {
    const p = pod({ ns: 'csi-system', name: `csi-example-node-${n.toString(36)}`, labels: { app: 'csi-example-node' }, owner: { kind: 'DaemonSet', name: 'csi-example-node', uid: ds.uid }, node: nodeName(n), nodeIndex: n, image: 'example/csi-driver:1.4.0', volumes: [{ name: 'plugin-dir', hostPath: { path: '/var/lib/kubelet/plugins/csi.example.com/', type: 'DirectoryOrCreate' } }, { name: 'registration-dir', hostPath: { path: '/var/lib/kubelet/plugins_registry/', type: 'Directory' } }] });
    await put('csi-system', 'pods.json', 'Pod', p.obj);
  }
  for (let i = 0; i < scale.genericCsi; i++) {
    const ns = appNs(i + 13);
    const app = `app-g${i}`;
    const claim = `${app}-data`;
    const pvc = pvcUidOf(i, 3);
    await claimAndVolume(ns, claim, pvc, 'fast-csi', { csi: { driver: 'csi.example.com', volumeHandle: `vol-${i}`, fsType: 'ext4' } }, {});
    consumers.push({ ns, app, claim, targetNode: -1, targetLabels: {}, targetNs: '', pv: `pvc-${pvc}` });
  }

  // Consumers: one Deployment/ReplicaSet/pod per volume.
  let hairpins = 0;
  for (const [i, c] of consumers.entries()) {
    const labels = { 'app.kubernetes.io/name': c.app, 'app.kubernetes.io/instance': c.app };
    const colocated = c.targetNode >= 0 && i % 50 === 0;
    const consumerNode = colocated ? c.targetNode : nextNode();
    const affinity = c.targetNode >= 0 && i % 5 === 1 ? { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: c.targetLabels }, namespaces: [c.targetNs], topologyKey: 'kubernetes.io/hostname' } }] } } : undefined;
    const volumes = [{ name: 'data', persistentVolumeClaim: { claimName: c.claim } }];
    const dep = workload('Deployment', c.ns, c.app, labels, 1, { containers: [{ name: 'main', image: `example/${c.app}:1` }], volumes, ...(affinity !== undefined ? { affinity } : {}) });
    const rsName = `${c.app}-6f5d4c3b2a`;
    const rs = workload('ReplicaSet', c.ns, rsName, labels, 1, {}, 'apps/v1', { kind: 'Deployment', name: c.app, uid: dep.uid });
    await put(c.ns, 'deployments.json', 'Deployment', dep.obj);
    await put(c.ns, 'replicasets.json', 'ReplicaSet', rs.obj);
    const stuck = colocated && i % 100 === 0;
    const p = pod({ ns: c.ns, name: `${rsName}-k${i.toString(36)}`, labels, owner: { kind: 'ReplicaSet', name: rsName, uid: rs.uid }, node: nodeName(consumerNode), nodeIndex: consumerNode, image: `example/${c.app}:1`, volumes, ...(affinity !== undefined ? { affinity } : {}), ...(stuck ? { waiting: 'ContainerCreating', ageMs: 30 * 60e3 } : {}) });
    await put(c.ns, 'pods.json', 'Pod', p.obj);
    const podRef = { kind: 'Pod', name: `${rsName}-k${i.toString(36)}`, uid: p.uid, namespace: c.ns };
    if (stuck && c.portal !== undefined) {
      hairpins += 1;
      const host = c.portal.split(':')[0] ?? '';
      await put(c.ns, 'events.json', 'Event', event(c.ns, podRef, 'FailedMount', `MountVolume.WaitForAttach failed for volume "${c.pv}" : failed to get any path for iscsi disk, last err seen:\niscsi: failed to sendtargets to portal ${c.portal} output: iscsiadm: Connection to Discovery Address ${host} failed\niscsiadm: Login I/O error, failed to receive a PDU\n, err exit status 4`, 'Warning', nodeName(consumerNode), 60e3, 12));
    }
    eventTargets.push({ ns: c.ns, ...podRef, host: nodeName(consumerNode) });
  }

  // Pods without volumes, 4 per Deployment.
  let plainRsUid = '';
  for (let i = 0; i < scale.plainPods; i++) {
    const ns = appNs(i + 29);
    const app = `web-${Math.floor(i / 4)}`;
    const labels = { app, tier: 'web' };
    const rsName = `${app}-58c9d7f6b4`;
    if (i % 4 === 0) {
      const dep = workload('Deployment', ns, app, labels, 4, { containers: [{ name: 'main', image: 'nginx:1.25' }] });
      await put(ns, 'deployments.json', 'Deployment', dep.obj);
      const rs = workload('ReplicaSet', ns, rsName, labels, 4, {}, 'apps/v1', { kind: 'Deployment', name: app, uid: dep.uid });
      await put(ns, 'replicasets.json', 'ReplicaSet', rs.obj);
      plainRsUid = rs.uid;
    }
    const n = nextNode();
    const p = pod({ ns, name: `${rsName}-p${i.toString(36)}`, labels, owner: { kind: 'ReplicaSet', name: rsName, uid: plainRsUid }, node: nodeName(n), nodeIndex: n, image: 'nginx:1.25', restarts: i % 997 === 0 ? 150 : 0, ageMs: i % 997 === 0 ? 5 * 60e3 : undefined });
    await put(ns, 'pods.json', 'Pod', p.obj);
    eventTargets.push({ ns, kind: 'Pod', name: `${rsName}-p${i.toString(36)}`, uid: p.uid, host: nodeName(n) });
  }

  // Events: node GC failures on a few nodes, then the ordinary pod lifecycle events round-robin.
  let written = counts.Event ?? 0;
  for (let n = 0; n < scale.nodes && written < scale.events; n += 250) {
    await put('default', 'events.json', 'Event', event('default', { kind: 'Node', name: nodeName(n), uid: nodeName(n) }, 'ImageGCFailed', 'Failed to garbage collect required amount of images. Attempted to free 4294967296 bytes, but only found 0 bytes eligible to free.', 'Warning', nodeName(n), 120e3, 300));
    written += 1;
  }
  const LIFECYCLE: [string, string, string][] = [
    ['Scheduled', 'Normal', 'Successfully assigned {pod} to {node}'],
    ['Pulling', 'Normal', 'Pulling image "example/app:1"'],
    ['Pulled', 'Normal', 'Successfully pulled image "example/app:1" in 1.203s (1.203s including waiting)'],
    ['Created', 'Normal', 'Created container main'],
    ['Started', 'Normal', 'Started container main'],
    ['Unhealthy', 'Warning', 'Readiness probe failed: Get "http://100.64.0.1:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'],
  ];
  for (let k = 0; written < scale.events; k++) {
    const t = eventTargets[k % eventTargets.length];
    const l = LIFECYCLE[Math.floor(k / eventTargets.length) % LIFECYCLE.length];
    if (t === undefined || l === undefined) break;
    await put(t.ns, 'events.json', 'Event', event(t.ns, { kind: t.kind, name: t.name, uid: t.uid, namespace: t.ns }, l[0], l[2].replace('{pod}', `${t.ns}/${t.name}`).replace('{node}', t.host), l[1], l[0] === 'Scheduled' ? undefined : t.host, (k % 3600) * 1000 + 60e3, 1));
    written += 1;
  }
  await files.close();
  counts.hairpinEvents = hairpins;
  return counts;
}
if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const dir = process.argv[2];
  if (dir === undefined) {
    console.error('usage: node bench/synthetic-cluster.ts <dir> [scale]');
    process.exit(2);
  }
  const counts = await writeSyntheticCluster(dir, scaleOf(Number(process.argv[3] ?? '1')));
  console.log(JSON.stringify(counts));
}
