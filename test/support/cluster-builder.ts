/**
 * A typed builder for tiny, realistic clusters: every object is plain Kubernetes JSON as
 * `kubectl get -o json` shows it, typed as KubeObject, and every name, uid, IP and time is
 * deterministic (hashes of kind/namespace/name, offsets from the builder's `now`).
 *
 *   const c = new ClusterBuilder({ now: '2026-03-30T09:32:00Z', flavor: 'microk8s' });
 *   c.node('k8s01'); c.node('k8s03');
 *   const vol = c.jivaVolume({ claim: 'media/sonarr-config', controllerNode: 'k8s03', replicaNodes: ['k8s01', 'k8s03'] });
 *   const app = c.deployment('media/sonarr', { image: 'lscr.io/linuxserver/sonarr:latest', node: 'k8s03',
 *     state: waiting('ContainerCreating'), volumes: [pvcVolume('config', 'sonarr-config')] });
 *   c.event({ on: app.pod, reason: 'FailedMount', message: '...', count: 12, first: '-25m', last: '-1m' });
 *   const objects = c.objects();
 */
import { createHash } from 'node:crypto';
import type { KubeObject, ObjectMeta, OwnerReference } from '../../src/sources/types.ts';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/** An RFC 3339 time (`2026-03-30T09:05:00Z`) or an offset from the builder's `now`: `-27m`, `-6h30m`, `-2d`, `+10s`. */
export type Time = string;

/** A reference to an object, present or gone (events of deleted pods point at one). */
export interface ObjectRef {
  kind: string;
  apiVersion?: string;
  namespace?: string;
  name: string;
  uid: string;
}

export type Labels = Record<string, string>;

/** Options of the whole cluster. */
export interface ClusterOptions {
  /** The moment the snapshot is taken; relative times are offsets from it. */
  now: string;
  /** Sets node labels, versions, CNI annotations and the Service CIDR defaults. Default `kubeadm`. */
  flavor?: 'microk8s' | 'kubeadm';
  /** Default `10.152.183.0/24` (microk8s) or `10.96.0.0/24` (kubeadm). */
  serviceCIDR?: string;
  /** Default creation time of objects that do not say otherwise. Default `-30d`. */
  epoch?: Time;
}

/** Options of a node; everything has a realistic default. */
export interface NodeOptions {
  /** InternalIP. Default `192.168.1.<10 + n>` in declaration order. */
  ip?: string;
  /** Default `10.1.<n>.0/24`. Pod IPs are taken from it. */
  podCIDR?: string;
  labels?: Labels;
  annotations?: Record<string, string>;
  /** `node-role.kubernetes.io/<role>` labels. */
  roles?: string[];
  /** Ready condition: true, false or 'Unknown' (kubelet stopped posting). Default true. */
  ready?: boolean | 'Unknown';
  memoryPressure?: boolean;
  diskPressure?: boolean;
  pidPressure?: boolean;
  taints?: Taint[];
  unschedulable?: boolean;
  kubeletVersion?: string;
  containerRuntimeVersion?: string;
  osImage?: string;
  kernelVersion?: string;
  architecture?: string;
  created?: Time;
  /** lastHeartbeatTime of the conditions. Default `-10s`. */
  heartbeat?: Time;
  capacity?: { cpu?: string; memory?: string; pods?: string; ephemeralStorage?: string };
  uid?: string;
}

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: Time;
}

/** What a container is doing. Build with `running()`, `waiting()`, `crashLoop()` or `unscheduled()`. */
export type PodState = RunningState | WaitingState | UnscheduledState;

export interface ExitInfo {
  reason?: string;
  exitCode?: number;
  startedAt?: Time;
  finishedAt?: Time;
}

export interface RunningState {
  kind: 'running';
  ready: boolean;
  /** state.running.startedAt of the current containers. Default: pod creation + 5s. */
  since?: Time;
  /** Per pod (every container) or per container name. */
  restarts?: number | Record<string, number>;
  /** lastState.terminated of restarted containers. Default: exited with Error 10s before `since`. */
  lastExit?: ExitInfo;
}

export interface WaitingState {
  kind: 'waiting';
  reason: string;
  message?: string;
  restarts?: number | Record<string, number>;
  lastExit?: ExitInfo;
}

export interface UnscheduledState {
  kind: 'unscheduled';
  message: string;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  hostPort?: number;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
}

/** One container of a pod template. */
export interface ContainerOptions {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: Record<string, unknown> }[];
  ports?: ContainerPort[];
  /** Default: every pod volume at its `mountPath` (volumes without one are not mounted). */
  volumeMounts?: VolumeMount[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: Record<string, unknown>;
  livenessProbe?: Record<string, unknown>;
  securityContext?: Record<string, unknown>;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
}

/** A pod volume: the Kubernetes volume source plus where the containers mount it. */
export interface PodVolume {
  name: string;
  /** The source, e.g. `{ persistentVolumeClaim: { claimName } }`. */
  source: Record<string, unknown>;
  mountPath?: string;
  readOnly?: boolean;
}

/** The pod template shared by bare pods and workloads. */
export interface PodTemplateOptions {
  /** Pod labels (and the default selector). Default `{ app: <workload name> }`. */
  labels?: Labels;
  annotations?: Record<string, string>;
  /** Shorthand for one container named after the workload. */
  image?: string;
  ports?: ContainerPort[];
  containers?: ContainerOptions[];
  initContainers?: ContainerOptions[];
  volumes?: PodVolume[];
  nodeSelector?: Labels;
  affinity?: Record<string, unknown>;
  tolerations?: Record<string, unknown>[];
  serviceAccountName?: string;
  hostNetwork?: boolean;
  priorityClassName?: string;
  /** Adds the projected `kube-api-access-xxxxx` volume. Default true. */
  automountServiceAccountToken?: boolean;
}

/** One concrete pod: where it runs and what it is doing. */
export interface PodInstanceOptions {
  node?: string;
  state?: PodState;
  created?: Time;
  /** Full pod name; or just the random 5-character `suffix` of a generated name. */
  name?: string;
  suffix?: string;
  uid?: string;
  /** Pod IP; `null` for none. Default: from the node's podCIDR when a sandbox would exist. */
  ip?: string | null;
  /** The 5 characters after `kube-api-access-`. */
  apiAccessSuffix?: string;
}

/** Common options of Deployments, StatefulSets and DaemonSets. */
export interface WorkloadOptions extends PodTemplateOptions {
  /** Labels of the workload object itself. Default: the pod labels. */
  objectLabels?: Labels;
  objectAnnotations?: Record<string, string>;
  /** matchLabels. Default: the pod labels. */
  selector?: Labels;
  created?: Time;
  uid?: string;
}

export interface DeploymentOptions extends WorkloadOptions, Omit<PodInstanceOptions, 'name' | 'uid' | 'created'> {
  replicas?: number;
  /** pod-template-hash; default derived from the name. */
  templateHash?: string;
  strategy?: 'RollingUpdate' | 'Recreate';
  revision?: number;
  /** Creation time of the pods (single-pod shorthand). */
  podCreated?: Time;
  /** One entry per pod; default `replicas` pods built from the shorthand fields. */
  pods?: PodInstanceOptions[];
}

export interface StatefulSetOptions extends WorkloadOptions, Omit<PodInstanceOptions, 'name' | 'uid' | 'created' | 'suffix'> {
  replicas?: number;
  serviceName?: string;
  podCreated?: Time;
  pods?: Omit<PodInstanceOptions, 'name' | 'suffix'>[];
  /** volumeClaimTemplates; each pod gets a PVC `<name>-<sts>-<i>`, bound to a new PV when `source` is given. */
  claimTemplates?: { name: string; size?: string; storageClass?: string; mountPath?: string; source?: PVSource }[];
}

export interface DaemonSetOptions extends WorkloadOptions {
  /** Default: every node declared so far. */
  nodes?: string[];
  /** State of every pod, or per node name. */
  state?: PodState | Record<string, PodState>;
  podCreated?: Time;
  /** Per node name: the pod's 5-character suffix. */
  suffixes?: Record<string, string>;
}

export interface DeploymentResult {
  deployment: KubeObject;
  replicaSet: KubeObject;
  pods: KubeObject[];
  /** The first pod (throws when scaled to zero). */
  readonly pod: KubeObject;
}

export interface StatefulSetResult {
  statefulSet: KubeObject;
  pods: KubeObject[];
  /** The first pod (throws when scaled to zero). */
  readonly pod: KubeObject;
  claims: KubeObject[];
}

export interface DaemonSetResult {
  daemonSet: KubeObject;
  pods: KubeObject[];
}

export interface ServicePort {
  name?: string;
  port: number;
  /** Number or a container port name. Default: `port`. */
  targetPort?: number | string;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  nodePort?: number;
}

/** Options of a Service (its Endpoints and EndpointSlice are made with it). */
export interface ServiceOptions {
  /** Default: `{ app: <name> }`; `null` for a selectorless Service. */
  selector?: Labels | null;
  ports: ServicePort[];
  /** Default: allocated from the Service CIDR. */
  clusterIP?: string;
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  labels?: Labels;
  annotations?: Record<string, string>;
  created?: Time;
  uid?: string;
  /** Backend pods, instead of matching the selector when `objects()` is called. */
  backends?: KubeObject[];
  /** Addresses of a selectorless Service (e.g. the API server). */
  addresses?: { ip: string; nodeName?: string }[];
  /** The EndpointSlice's 5-character suffix. */
  sliceSuffix?: string;
}

export interface ServiceResult {
  service: KubeObject;
  endpoints: KubeObject;
  endpointSlice: KubeObject;
}

/** A PersistentVolume source. `local` needs `node`. */
export type PVSource =
  | { iscsi: { targetPortal: string; iqn: string; lun?: number; fsType?: string; readOnly?: boolean } }
  | { nfs: { server: string; path: string; readOnly?: boolean } }
  | { csi: { driver: string; volumeHandle: string; fsType?: string; volumeAttributes?: Record<string, string> } }
  | { local: { path: string; fsType?: string } }
  | { hostPath: { path: string; type?: string } };

export interface StorageClassOptions {
  provisioner: string;
  parameters?: Record<string, string>;
  annotations?: Record<string, string>;
  labels?: Labels;
  reclaimPolicy?: 'Delete' | 'Retain';
  volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
  allowVolumeExpansion?: boolean;
  isDefault?: boolean;
  created?: Time;
}

export interface ClaimOptions {
  /** Default `1Gi`. */
  size?: string;
  /** Default: none (`null` writes `storageClassName: ""`, static binding). */
  storageClass?: string | null;
  accessModes?: string[];
  volumeMode?: 'Filesystem' | 'Block';
  /** Default Pending, or Bound when `volumeName` is set. */
  phase?: 'Pending' | 'Bound' | 'Lost';
  volumeName?: string;
  /** The provisioner named in the storage-provisioner annotations. */
  provisioner?: string;
  /** `volume.kubernetes.io/selected-node` (WaitForFirstConsumer). */
  selectedNode?: string;
  labels?: Labels;
  annotations?: Record<string, string>;
  created?: Time;
  uid?: string;
}

export interface VolumeOptions {
  source: PVSource;
  size?: string;
  storageClass?: string;
  accessModes?: string[];
  volumeMode?: 'Filesystem' | 'Block';
  reclaimPolicy?: 'Delete' | 'Retain' | 'Recycle';
  /** The PVC this PV is bound to. */
  claim?: KubeObject;
  /** Required nodeAffinity `kubernetes.io/hostname In [node]` (local volumes). */
  node?: string;
  /** Any `spec.nodeAffinity` (e.g. zone terms); overrides `node`. */
  nodeAffinity?: Record<string, unknown>;
  phase?: 'Available' | 'Bound' | 'Released' | 'Failed';
  /** `pv.kubernetes.io/provisioned-by`; omitted for static volumes. */
  provisioner?: string;
  labels?: Labels;
  annotations?: Record<string, string>;
  mountOptions?: string[];
  created?: Time;
  uid?: string;
}

export interface BoundClaimOptions extends Omit<ClaimOptions, 'phase' | 'volumeName'> {
  source: PVSource;
  /** Default `pvc-<PVC uid>` (dynamic provisioning). */
  pvName?: string;
  reclaimPolicy?: 'Delete' | 'Retain';
  node?: string;
  /** Any PV `spec.nodeAffinity`; overrides `node`. */
  nodeAffinity?: Record<string, unknown>;
  pvLabels?: Labels;
  pvAnnotations?: Record<string, string>;
}

export interface BoundClaim {
  pvc: KubeObject;
  pv: KubeObject;
}

export interface AttachOptions {
  pv: KubeObject;
  node: string;
  /** Listed in the node's volumesInUse (kubelet wants it mounted). Default true. */
  inUse?: boolean;
  /** VolumeAttachment status for CSI volumes. Default true. */
  attached?: boolean;
  attachError?: string;
}

/** Options of a core/v1 Event. */
export interface EventOptions {
  /** The involved object: a built object or a reference to one that is gone. */
  on: KubeObject | ObjectRef;
  reason: string;
  message: string;
  /** Default: Warning for well-known warning reasons, else Normal. */
  type?: 'Normal' | 'Warning';
  /** Default inferred: scheduler, attach-detach controller, workload controllers, or the pod's/node's kubelet. */
  source?: { component: string; host?: string };
  count?: number;
  /** firstTimestamp; default = last. */
  first?: Time;
  /** lastTimestamp; default `-1m`. */
  last?: Time;
  /** Container the event is about: sets fieldPath `spec.containers{name}`. */
  container?: string;
  fieldPath?: string;
  /** `legacy` (firstTimestamp/lastTimestamp/count) or `events-api` (eventTime + series, legacy fields empty). Default legacy, events-api for the scheduler. */
  style?: 'legacy' | 'events-api';
  action?: string;
  reportingInstance?: string;
  /** Override of involvedObject.uid. */
  involvedUid?: string;
}

/** Options of a legacy (non-CSI, OpenEBS >= 1.9) Jiva volume; see reference section 1. */
export interface JivaVolumeOptions {
  /** The PVC, `namespace/name`. */
  claim: string;
  /** The PVC uid; the PV is `pvc-<uid>`. */
  uid?: string;
  /** Default `1Gi`. */
  size?: string;
  /** ClusterIP of `<pv>-ctrl-svc` (the iSCSI portal). Default allocated. */
  clusterIP?: string;
  controllerNode: string;
  /** One replica Deployment `<pv>-rep-<i>` per entry. */
  replicaNodes: string[];
  replicaRestarts?: number[];
  controllerRestarts?: number;
  /** Readiness of the controller and replicas. Default true. */
  ready?: boolean;
  /** state.running.startedAt of the controller pod. Default `-6h`. */
  controllerStartedAt?: Time;
  controllerCreated?: Time;
  /** When the volume was provisioned. Default: the builder's epoch. */
  created?: Time;
  /** Names of the controller pod: `<pv>-ctrl-<hash>-<suffix>`. */
  controllerHash?: string;
  controllerSuffix?: string;
  replicaSince?: Time[];
  openebsNamespace?: string;
  /** Default `2.12.2`. */
  version?: string;
  /** Default `openebs-jiva-default` (created if missing). */
  storageClass?: string;
  /** Node of the openebs-provisioner pod (`openEBSProvisionerIdentity`). Default: the controller node. */
  provisionerNode?: string;
  fsType?: string;
  /** serviceAccountName of the Jiva pods (the CAST's OPENEBS_SERVICE_ACCOUNT). Default `openebs-maya-operator`. */
  serviceAccount?: string;
}

export interface JivaVolume {
  pvName: string;
  pvcUid: string;
  portal: string;
  iqn: string;
  pvc: KubeObject;
  pv: KubeObject;
  service: KubeObject;
  endpoints: KubeObject;
  endpointSlice: KubeObject;
  controller: DeploymentResult;
  controllerPod: KubeObject;
  replicas: DeploymentResult[];
}

// ---------------------------------------------------------------------------------------------
// Pod states and volume sources
// ---------------------------------------------------------------------------------------------

/** Running containers; ready unless `ready: false`. */
export function running(opts: Partial<Omit<RunningState, 'kind'>> = {}): RunningState {
  return { kind: 'running', ready: opts.ready ?? true, ...withoutUndefined({ since: opts.since, restarts: opts.restarts, lastExit: opts.lastExit }) };
}

/** Containers waiting with `reason` (`ContainerCreating`, `PodInitializing`, `ImagePullBackOff`...). */
export function waiting(reason: string, opts: Partial<Omit<WaitingState, 'kind' | 'reason'>> = {}): WaitingState {
  return { kind: 'waiting', reason, ...withoutUndefined({ message: opts.message, restarts: opts.restarts, lastExit: opts.lastExit }) };
}

/** CrashLoopBackOff after `restarts` restarts. */
export function crashLoop(restarts: number, lastExit: ExitInfo = {}): WaitingState {
  return { kind: 'waiting', reason: 'CrashLoopBackOff', restarts, lastExit };
}

/** Pending and not scheduled (`PodScheduled: False`, reason Unschedulable). */
export function unscheduled(message = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..'): UnscheduledState {
  return { kind: 'unscheduled', message };
}

/** A PVC volume. */
export function pvcVolume(name: string, claimName: string, mountPath = `/${name}`): PodVolume {
  return { name, source: { persistentVolumeClaim: { claimName } }, mountPath };
}

/** A configMap volume. */
export function configMapVolume(name: string, configMap: string, mountPath?: string): PodVolume {
  return withMount({ name, source: { configMap: { defaultMode: 420, name: configMap } } }, mountPath);
}

/** A secret volume. */
export function secretVolume(name: string, secretName: string, mountPath?: string): PodVolume {
  return withMount({ name, source: { secret: { defaultMode: 420, secretName } }, readOnly: true }, mountPath);
}

/** A hostPath volume. */
export function hostPathVolume(name: string, path: string, opts: { type?: string; mountPath?: string } = {}): PodVolume {
  return withMount({ name, source: { hostPath: withoutUndefined({ path, type: opts.type }) } }, opts.mountPath);
}

/** An inline NFS volume. */
export function nfsVolume(name: string, server: string, path: string, mountPath = `/${name}`): PodVolume {
  return { name, source: { nfs: { server, path } }, mountPath };
}

/** An emptyDir volume. */
export function emptyDirVolume(name: string, mountPath = `/${name}`): PodVolume {
  return { name, source: { emptyDir: {} }, mountPath };
}

function withMount(v: PodVolume, mountPath: string | undefined): PodVolume {
  return mountPath === undefined ? v : { ...v, mountPath };
}

// ---------------------------------------------------------------------------------------------
// Deterministic names, uids and addresses
// ---------------------------------------------------------------------------------------------

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function sha(input: string, algorithm: 'sha1' | 'sha256' = 'sha1'): string {
  return createHash(algorithm).update(input).digest('hex');
}

/** The deterministic uid of an object: sha1 of kind/namespace/name as a version-4 UUID. */
export function uidFor(kind: string, namespace: string | undefined, name: string): string {
  const h = sha(`${kind}/${namespace ?? ''}/${name}`);
  const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `n` characters of Kubernetes' random-name alphabet (pod name suffixes), derived from `seed`. */
export function randomSuffix(seed: string, n = 5): string {
  const h = Buffer.from(sha(seed, 'sha256'), 'hex');
  let out = '';
  for (let i = 0; i < n; i++) out += SAFE_ALPHABET.charAt((h[i] ?? 0) % SAFE_ALPHABET.length);
  return out;
}

/** A pod-template-hash as the controllers print it (SafeEncodeString of a decimal fnv hash). */
export function templateHashFor(seed: string): string {
  const n = parseInt(sha(seed).slice(0, 8), 16);
  return Array.from(String(n), (d) => SAFE_ALPHABET.charAt(d.charCodeAt(0) % SAFE_ALPHABET.length)).join('');
}

function hexDigest(seed: string, length: number): string {
  return sha(seed, 'sha256').repeat(2).slice(0, length);
}

function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** A deterministic free address of `cidr` (hash of `seed`, then linear probing), skipping the first `skip` hosts. */
function allocateIp(cidr: string, seed: string, used: Set<string>, skip: number): string {
  const [base = '0.0.0.0', bitsText = '24'] = cidr.split('/');
  const size = 2 ** (32 - Number(bitsText));
  const network = (ipToInt(base) & ~(size - 1)) >>> 0;
  const usable = size - 2 - skip;
  const start = parseInt(sha(seed).slice(0, 8), 16) % usable;
  for (let i = 0; i < usable; i++) {
    const ip = intToIp((network + 1 + skip + ((start + i) % usable)) >>> 0);
    if (!used.has(ip)) {
      used.add(ip);
      return ip;
    }
  }
  throw new Error(`no free address left in ${cidr}`);
}

// ---------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------

const OFFSET = /^([+-])(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

function parseTime(t: Time, nowMs: number): number {
  const m = OFFSET.exec(t);
  if (m && t.length > 1) {
    const [, sign, d, h, min, s] = m;
    const ms = (Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0)) * 1000;
    return sign === '-' ? nowMs - ms : nowMs + ms;
  }
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) throw new Error(`not a time or offset: ${t}`);
  return ms;
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function microTime(ms: number, seed: string): string {
  const micros = String(parseInt(sha(seed).slice(0, 6), 16) % 1_000_000).padStart(6, '0');
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, `.${micros}Z`);
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function withoutUndefined<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]: Exclude<T[K], undefined> };
}

function splitName(nsName: string, defaultNamespace = 'default'): { namespace: string; name: string } {
  const i = nsName.indexOf('/');
  return i < 0 ? { namespace: defaultNamespace, name: nsName } : { namespace: nsName.slice(0, i), name: nsName.slice(i + 1) };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a nested field (`dig(pod, 'spec', 'nodeName')`); undefined when any step is missing. */
export function dig(obj: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (typeof key === 'number') cur = Array.isArray(cur) ? (cur as unknown[])[key] : undefined;
    else cur = isObject(cur) ? cur[key] : undefined;
  }
  return cur;
}

/** The `{kind, apiVersion, namespace, name, uid}` reference of a built object. */
export function ref(obj: KubeObject): ObjectRef {
  return withoutUndefined({
    kind: obj.kind,
    apiVersion: obj.apiVersion,
    namespace: obj.metadata.namespace,
    name: obj.metadata.name,
    uid: obj.metadata.uid ?? uidFor(obj.kind, obj.metadata.namespace, obj.metadata.name),
  });
}

function ownerRef(owner: KubeObject): OwnerReference & { blockOwnerDeletion: boolean } {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

function normalizeImage(image: string): string {
  const first = image.split('/')[0] ?? '';
  if (image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return image;
  return image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
}

function imageId(image: string): string {
  const full = normalizeImage(image);
  const repo = full.replace(/:[^:/]+$/, '');
  return `${repo}@sha256:${hexDigest(`image:${full}`, 64)}`;
}

function perContainer<T>(value: T | Record<string, T> | undefined, container: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'object' && value !== null) return (value as Record<string, T>)[container] ?? fallback;
  return value;
}

const WARNING_REASONS = new Set([
  'FailedMount', 'FailedAttachVolume', 'FailedMapVolume', 'BackOff', 'Unhealthy', 'Failed', 'FailedScheduling',
  'FailedCreatePodSandBox', 'FailedPodSandBoxStatus', 'ImageGCFailed', 'FreeDiskSpaceFailed', 'InvalidDiskCapacity',
  'ContainerGCFailed', 'FailedMountOnFilesystemMismatch', 'VolumeResizeFailed', 'FileSystemResizeFailed',
  'ProvisioningFailed', 'FailedCreate', 'NodeNotReady', 'EvictionThresholdMet', 'FailedKillPod', 'ErrImagePull',
]);

interface Flavor {
  kubeletVersion: string;
  containerRuntimeVersion: string;
  osImage: string;
  kernelVersion: string;
  serviceCIDR: string;
  firstNodeIp: number;
}

const FLAVORS: Record<'microk8s' | 'kubeadm', Flavor> = {
  microk8s: { kubeletVersion: 'v1.27.16', containerRuntimeVersion: 'containerd://1.6.28', osImage: 'Ubuntu 22.04.4 LTS', kernelVersion: '5.15.0-101-generic', serviceCIDR: '10.152.183.0/24', firstNodeIp: 11 },
  kubeadm: { kubeletVersion: 'v1.29.4', containerRuntimeVersion: 'containerd://1.7.15', osImage: 'Ubuntu 22.04.4 LTS', kernelVersion: '5.15.0-105-generic', serviceCIDR: '10.96.0.0/24', firstNodeIp: 10 },
};

// ---------------------------------------------------------------------------------------------
// The builder
// ---------------------------------------------------------------------------------------------

interface NodeRecord {
  node: KubeObject;
  name: string;
  ip: string;
  podCIDR: string;
  usedIps: Set<string>;
}

interface PodRecord {
  pod: KubeObject;
  namespace: string;
  labels: Labels;
  node?: string;
  ip?: string;
  ready: boolean;
  containerPorts: Map<string, number>;
}

interface ServiceRecord {
  namespace: string;
  name: string;
  selector: Labels | null;
  ports: ServicePort[];
  backends?: KubeObject[];
  addresses?: { ip: string; nodeName?: string }[];
  result: ServiceResult;
  labels: Labels;
}

interface PodBuildInput {
  namespace: string;
  name: string;
  generateName?: string;
  template: PodTemplateOptions;
  defaultContainer: string;
  instance: PodInstanceOptions;
  created: number;
  labels: Labels;
  owner?: KubeObject;
  /** DaemonSet pods: pinned by nodeAffinity on metadata.name and extra tolerations. */
  daemonSetNode?: string;
}

/** Accumulates a tiny, coherent cluster and hands it out with `objects()`. */
export class ClusterBuilder {
  /** The snapshot time, RFC 3339. */
  readonly now: string;
  readonly flavor: 'microk8s' | 'kubeadm';
  private readonly nowMs: number;
  private readonly epochMs: number;
  private readonly serviceCIDR: string;
  private readonly items: KubeObject[] = [];
  private readonly nodes = new Map<string, NodeRecord>();
  private readonly pods: PodRecord[] = [];
  private readonly services: ServiceRecord[] = [];
  private readonly namespaces = new Set<string>();
  private readonly usedServiceIps = new Set<string>();
  private readonly eventNames = new Set<string>();
  private resourceVersion = 1_000_000;

  constructor(opts: ClusterOptions) {
    this.nowMs = parseTime(opts.now, 0);
    this.now = rfc3339(this.nowMs);
    this.flavor = opts.flavor ?? 'kubeadm';
    this.serviceCIDR = opts.serviceCIDR ?? FLAVORS[this.flavor].serviceCIDR;
    this.epochMs = parseTime(opts.epoch ?? '-30d', this.nowMs);
  }

  /** Resolves an RFC 3339 time or an offset (`-27m`) to RFC 3339. */
  time(t: Time): string {
    return rfc3339(parseTime(t, this.nowMs));
  }

  /** Every object built so far, in creation order; Endpoints and EndpointSlices reflect the current pods. */
  objects(): KubeObject[] {
    for (const svc of this.services) this.fillEndpoints(svc);
    return [...this.items];
  }

  /** The object of that kind and `namespace/name` (or cluster-scoped name), if built. */
  find(kind: string, nsName: string): KubeObject | undefined {
    const scoped = nsName.includes('/');
    const { namespace, name } = splitName(nsName);
    return this.items.find((o) => o.kind === kind && o.metadata.name === name && (!scoped || o.metadata.namespace === namespace));
  }

  /** Like `find`, but throws when absent. */
  get(kind: string, nsName: string): KubeObject {
    const found = this.find(kind, nsName);
    if (!found) throw new Error(`no ${kind} ${nsName} in this cluster`);
    return found;
  }

  /** A reference to an object that is not (or no longer) in the cluster, with its deterministic uid. */
  goneRef(kind: string, nsName: string, uid?: string): ObjectRef {
    const { namespace, name } = splitName(nsName);
    return { kind, apiVersion: kind === 'Pod' || kind === 'Node' ? 'v1' : 'apps/v1', namespace, name, uid: uid ?? uidFor(kind, namespace, name) };
  }

  // --- namespaces and nodes ------------------------------------------------------------------

  /** A Namespace (namespaces used by other objects are created automatically). */
  namespace(name: string, opts: { labels?: Labels; created?: Time } = {}): KubeObject {
    const existing = this.find('Namespace', name);
    if (existing) return existing;
    this.namespaces.add(name);
    return this.add({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: this.meta({ kind: 'Namespace', name, created: opts.created, labels: { 'kubernetes.io/metadata.name': name, ...opts.labels } }),
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  /** A Node with realistic labels, addresses, nodeInfo, conditions and taints. */
  node(name: string, opts: NodeOptions = {}): KubeObject {
    const flavor = FLAVORS[this.flavor];
    const index = this.nodes.size;
    const ip = opts.ip ?? `192.168.1.${flavor.firstNodeIp + index}`;
    const podCIDR = opts.podCIDR ?? `10.1.${index + 1}.0/24`;
    const created = this.t(opts.created, this.epochMs);
    const heartbeat = this.t(opts.heartbeat, this.nowMs - 10_000);
    const labels: Labels = {
      'beta.kubernetes.io/arch': opts.architecture ?? 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': opts.architecture ?? 'amd64',
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': 'linux',
      ...(this.flavor === 'microk8s' ? { 'microk8s.io/cluster': 'true', 'node.kubernetes.io/microk8s-controlplane': 'microk8s-controlplane' } : {}),
      ...Object.fromEntries((opts.roles ?? []).map((r) => [`node-role.kubernetes.io/${r}`, ''])),
      ...opts.labels,
    };
    const annotations: Record<string, string> = {
      'node.alpha.kubernetes.io/ttl': '0',
      ...(this.flavor === 'microk8s'
        ? { 'projectcalico.org/IPv4Address': `${ip}/24`, 'projectcalico.org/IPv4VXLANTunnelAddr': intToIp(ipToInt(podCIDR.split('/')[0] ?? '') + 1) }
        : { 'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock' }),
      'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      ...opts.annotations,
    };
    const cap = opts.capacity ?? {};
    const capacity = { cpu: cap.cpu ?? '4', 'ephemeral-storage': cap.ephemeralStorage ?? '102626232Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: cap.memory ?? '16372060Ki', pods: cap.pods ?? '110' };
    const node = this.add({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: this.meta({ kind: 'Node', name, uid: opts.uid, created: opts.created, labels, annotations }),
      spec: withoutUndefined({
        podCIDR,
        podCIDRs: [podCIDR],
        taints: this.nodeTaints(opts, created),
        unschedulable: opts.unschedulable ? true : undefined,
      }),
      status: {
        addresses: [{ address: ip, type: 'InternalIP' }, { address: name, type: 'Hostname' }],
        allocatable: { ...capacity, memory: cap.memory ?? '16269660Ki' },
        capacity,
        conditions: this.nodeConditions(opts, created, heartbeat),
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          architecture: opts.architecture ?? 'amd64',
          bootID: uidFor('boot', undefined, name),
          containerRuntimeVersion: opts.containerRuntimeVersion ?? flavor.containerRuntimeVersion,
          kernelVersion: opts.kernelVersion ?? flavor.kernelVersion,
          kubeProxyVersion: opts.kubeletVersion ?? flavor.kubeletVersion,
          kubeletVersion: opts.kubeletVersion ?? flavor.kubeletVersion,
          machineID: hexDigest(`machine:${name}`, 32),
          operatingSystem: 'linux',
          osImage: opts.osImage ?? flavor.osImage,
          systemUUID: uidFor('system', undefined, name),
        },
      },
    });
    this.nodes.set(name, { node, name, ip, podCIDR, usedIps: new Set() });
    return node;
  }

  private nodeTaints(opts: NodeOptions, created: number): Record<string, unknown>[] | undefined {
    const at = rfc3339(created);
    const taints: Record<string, unknown>[] = (opts.taints ?? []).map((t) => withoutUndefined({ effect: t.effect, key: t.key, value: t.value, timeAdded: t.timeAdded === undefined ? undefined : this.time(t.timeAdded) }));
    if (opts.unschedulable) taints.push({ effect: 'NoSchedule', key: 'node.kubernetes.io/unschedulable', timeAdded: at });
    if (opts.diskPressure) taints.push({ effect: 'NoSchedule', key: 'node.kubernetes.io/disk-pressure', timeAdded: at });
    if (opts.memoryPressure) taints.push({ effect: 'NoSchedule', key: 'node.kubernetes.io/memory-pressure', timeAdded: at });
    if (opts.ready === false || opts.ready === 'Unknown') {
      const key = opts.ready === false ? 'node.kubernetes.io/not-ready' : 'node.kubernetes.io/unreachable';
      taints.push({ effect: 'NoSchedule', key, timeAdded: at }, { effect: 'NoExecute', key, timeAdded: at });
    }
    return taints.length > 0 ? taints : undefined;
  }

  private nodeConditions(opts: NodeOptions, created: number, heartbeat: number): Record<string, unknown>[] {
    const hb = rfc3339(heartbeat);
    const since = rfc3339(created);
    const pressure = (type: string, on: boolean | undefined, yes: [string, string], no: [string, string]) => {
      const [reason, message] = on ? yes : no;
      return { lastHeartbeatTime: hb, lastTransitionTime: since, message, reason, status: on ? 'True' : 'False', type };
    };
    const conditions: Record<string, unknown>[] = [];
    if (this.flavor === 'microk8s') {
      conditions.push({ lastHeartbeatTime: since, lastTransitionTime: since, message: 'Calico is running on this node', reason: 'CalicoIsUp', status: 'False', type: 'NetworkUnavailable' });
    }
    conditions.push(
      pressure('MemoryPressure', opts.memoryPressure, ['KubeletHasInsufficientMemory', 'kubelet has insufficient memory available'], ['KubeletHasSufficientMemory', 'kubelet has sufficient memory available']),
      pressure('DiskPressure', opts.diskPressure, ['KubeletHasDiskPressure', 'kubelet has disk pressure'], ['KubeletHasNoDiskPressure', 'kubelet has no disk pressure']),
      pressure('PIDPressure', opts.pidPressure, ['KubeletHasInsufficientPID', 'kubelet has insufficient PID available'], ['KubeletHasSufficientPID', 'kubelet has sufficient PID available']),
    );
    const ready = opts.ready ?? true;
    if (ready === true) {
      conditions.push({ lastHeartbeatTime: hb, lastTransitionTime: since, message: 'kubelet is posting ready status. AppArmor enabled', reason: 'KubeletReady', status: 'True', type: 'Ready' });
    } else if (ready === false) {
      conditions.push({ lastHeartbeatTime: hb, lastTransitionTime: hb, message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized', reason: 'KubeletNotReady', status: 'False', type: 'Ready' });
    } else {
      conditions.push({ lastHeartbeatTime: hb, lastTransitionTime: rfc3339(heartbeat + 40_000), message: 'Kubelet stopped posting node status.', reason: 'NodeStatusUnknown', status: 'Unknown', type: 'Ready' });
    }
    return conditions;
  }

  // --- pods and workloads --------------------------------------------------------------------

  /** A bare pod (no owner). */
  pod(nsName: string, opts: PodTemplateOptions & PodInstanceOptions = {}): KubeObject {
    const { namespace, name } = splitName(nsName);
    return this.buildPod({
      namespace,
      name: opts.name ?? name,
      template: opts,
      defaultContainer: name,
      instance: opts,
      created: this.t(opts.created, this.epochMs),
      labels: opts.labels ?? { run: name },
    });
  }

  /** A Deployment, its ReplicaSet (pod-template-hash) and its pods, owner chain by uid. */
  deployment(nsName: string, opts: DeploymentOptions = {}): DeploymentResult {
    const { namespace, name } = splitName(nsName);
    const created = this.t(opts.created, this.epochMs);
    const podLabels = opts.labels ?? { app: name };
    const selector = opts.selector ?? podLabels;
    const hash = opts.templateHash ?? templateHashFor(`${namespace}/${name}/template`);
    const instances = this.instances(opts, opts.replicas);
    const replicas = opts.replicas ?? instances.length;
    const revision = String(opts.revision ?? 1);
    const strategy = opts.strategy === 'Recreate' ? { type: 'Recreate' } : { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' };
    const template = this.templateJson({ ...opts, labels: podLabels }, name);

    const deployment = this.add({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: this.meta({ kind: 'Deployment', namespace, name, uid: opts.uid, created: opts.created, labels: opts.objectLabels ?? podLabels, annotations: { 'deployment.kubernetes.io/revision': revision, ...opts.objectAnnotations }, generation: 1 }),
      spec: { progressDeadlineSeconds: 600, replicas, revisionHistoryLimit: 10, selector: { matchLabels: selector }, strategy, template },
      status: {},
    });
    const rsName = `${name}-${hash}`;
    const rsLabels = { ...podLabels, 'pod-template-hash': hash };
    const replicaSet = this.add({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: this.meta({
        kind: 'ReplicaSet', namespace, name: rsName, created: rfc3339(created + 1000), labels: rsLabels, owner: deployment, generation: 1,
        annotations: { 'deployment.kubernetes.io/desired-replicas': String(replicas), 'deployment.kubernetes.io/max-replicas': String(opts.strategy === 'Recreate' ? replicas : replicas + Math.ceil(replicas * 0.25)), 'deployment.kubernetes.io/revision': revision },
      }),
      spec: { replicas, selector: { matchLabels: { ...selector, 'pod-template-hash': hash } }, template: this.templateJson({ ...opts, labels: rsLabels }, name) },
      status: {},
    });
    const pods = instances.map((inst) =>
      this.buildPod({
        namespace,
        name: inst.name ?? `${rsName}-${inst.suffix ?? randomSuffix(`${namespace}/${rsName}/${String(instances.indexOf(inst))}`)}`,
        generateName: `${rsName}-`,
        template: opts,
        defaultContainer: name,
        instance: inst,
        created: this.t(inst.created ?? opts.podCreated, created + 2000),
        labels: rsLabels,
        owner: replicaSet,
      }),
    );
    const ready = pods.filter((p) => this.podRecord(p)?.ready === true).length;
    replicaSet.status = withoutUndefined({ availableReplicas: ready || undefined, fullyLabeledReplicas: pods.length, observedGeneration: 1, readyReplicas: ready || undefined, replicas: pods.length });
    deployment.status = this.deploymentStatus(replicas, pods, ready, rsName, created, opts.strategy === 'Recreate');
    const first = () => this.first(pods, nsName);
    return { deployment, replicaSet, pods, get pod() { return first(); } };
  }

  /** A StatefulSet and its pods `<name>-0..n`, with PVCs from `claimTemplates`. */
  statefulSet(nsName: string, opts: StatefulSetOptions = {}): StatefulSetResult {
    const { namespace, name } = splitName(nsName);
    const created = this.t(opts.created, this.epochMs);
    const podLabels = opts.labels ?? { app: name };
    const selector = opts.selector ?? podLabels;
    const revisionHash = `${name}-${templateHashFor(`${namespace}/${name}/revision`)}`;
    const instances = this.instances(opts, opts.replicas);
    const replicas = opts.replicas ?? instances.length;
    const claimTemplates = opts.claimTemplates ?? [];
    const templateVolumes = (opts.volumes ?? []).concat(claimTemplates.map((t) => ({ name: t.name, source: {}, mountPath: t.mountPath ?? `/${t.name}` })));
    const template = this.templateJson({ ...opts, labels: podLabels, volumes: templateVolumes }, name, claimTemplates.map((t) => t.name));
    const statefulSet = this.add({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: this.meta({ kind: 'StatefulSet', namespace, name, uid: opts.uid, created: opts.created, labels: opts.objectLabels ?? podLabels, annotations: opts.objectAnnotations, generation: 1 }),
      spec: withoutUndefined({
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        podManagementPolicy: 'OrderedReady',
        replicas,
        revisionHistoryLimit: 10,
        selector: { matchLabels: selector },
        serviceName: opts.serviceName ?? name,
        template,
        updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' },
        volumeClaimTemplates: claimTemplates.length > 0
          ? claimTemplates.map((t) => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: t.name }, spec: withoutUndefined({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: t.size ?? '1Gi' } }, storageClassName: t.storageClass, volumeMode: 'Filesystem' }), status: { phase: 'Pending' } }))
          : undefined,
      }),
      status: {},
    });
    const claims: KubeObject[] = [];
    const pods = instances.map((inst, i) => {
      const podName = `${name}-${String(i)}`;
      const volumes = [...(opts.volumes ?? [])];
      for (const t of claimTemplates) {
        const claimName = `${t.name}-${podName}`;
        const claimOpts = { size: t.size, storageClass: t.storageClass, labels: podLabels, created: rfc3339(created + 1000 * (i + 1)) };
        claims.push(t.source ? this.boundClaim(`${namespace}/${claimName}`, { ...claimOpts, source: t.source }).pvc : this.claim(`${namespace}/${claimName}`, claimOpts));
        volumes.push(pvcVolume(t.name, claimName, t.mountPath ?? `/${t.name}`));
      }
      return this.buildPod({
        namespace,
        name: podName,
        generateName: `${name}-`,
        template: { ...opts, volumes },
        defaultContainer: name,
        instance: inst,
        created: this.t(inst.created ?? opts.podCreated, created + 2000 * (i + 1)),
        labels: { ...podLabels, 'controller-revision-hash': revisionHash, 'statefulset.kubernetes.io/pod-name': podName },
        owner: statefulSet,
      });
    });
    const ready = pods.filter((p) => this.podRecord(p)?.ready === true).length;
    statefulSet.status = withoutUndefined({ availableReplicas: ready, collisionCount: 0, currentReplicas: pods.length, currentRevision: revisionHash, observedGeneration: 1, readyReplicas: ready || undefined, replicas: pods.length, updateRevision: revisionHash, updatedReplicas: pods.length });
    const first = () => this.first(pods, nsName);
    return { statefulSet, pods, claims, get pod() { return first(); } };
  }

  /** A DaemonSet with one pod per node (default: every node declared so far). */
  daemonSet(nsName: string, opts: DaemonSetOptions = {}): DaemonSetResult {
    const { namespace, name } = splitName(nsName);
    const created = this.t(opts.created, this.epochMs);
    const podLabels = opts.labels ?? { app: name };
    const selector = opts.selector ?? podLabels;
    const nodes = opts.nodes ?? [...this.nodes.keys()];
    const revision = templateHashFor(`${namespace}/${name}/revision`);
    const daemonSet = this.add({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: this.meta({ kind: 'DaemonSet', namespace, name, uid: opts.uid, created: opts.created, labels: opts.objectLabels ?? podLabels, annotations: { 'deprecated.daemonset.template.generation': '1', ...opts.objectAnnotations }, generation: 1 }),
      spec: { revisionHistoryLimit: 10, selector: { matchLabels: selector }, template: this.templateJson({ ...opts, labels: podLabels }, name), updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' } },
      status: {},
    });
    const pods = nodes.map((node) => {
      const state = opts.state === undefined || isPodState(opts.state) ? opts.state : opts.state[node];
      const suffix = opts.suffixes?.[node] ?? randomSuffix(`${namespace}/${name}/${node}`);
      return this.buildPod({
        namespace,
        name: `${name}-${suffix}`,
        generateName: `${name}-`,
        template: opts,
        defaultContainer: name,
        instance: withoutUndefined({ node, state }),
        created: this.t(opts.podCreated, created + 2000),
        labels: { ...podLabels, 'controller-revision-hash': revision, 'pod-template-generation': '1' },
        owner: daemonSet,
        daemonSetNode: node,
      });
    });
    const ready = pods.filter((p) => this.podRecord(p)?.ready === true).length;
    daemonSet.status = withoutUndefined({ currentNumberScheduled: pods.length, desiredNumberScheduled: pods.length, numberAvailable: ready || undefined, numberMisscheduled: 0, numberReady: ready, numberUnavailable: pods.length - ready || undefined, observedGeneration: 1, updatedNumberScheduled: pods.length });
    return { daemonSet, pods };
  }

  private instances(opts: Omit<PodInstanceOptions, 'name' | 'uid' | 'created'> & { pods?: PodInstanceOptions[]; podCreated?: Time }, replicas: number | undefined): PodInstanceOptions[] {
    if (opts.pods) return opts.pods;
    const one: PodInstanceOptions = withoutUndefined({ node: opts.node, state: opts.state, suffix: opts.suffix, ip: opts.ip, apiAccessSuffix: opts.apiAccessSuffix, created: opts.podCreated });
    return Array.from({ length: replicas ?? 1 }, (_, i) => (i === 0 ? one : withoutUndefined({ node: opts.node, state: opts.state })));
  }

  private first(pods: KubeObject[], what: string): KubeObject {
    const pod = pods[0];
    if (!pod) throw new Error(`${what} has no pods`);
    return pod;
  }

  private podRecord(pod: KubeObject): PodRecord | undefined {
    return this.pods.find((r) => r.pod === pod);
  }

  private deploymentStatus(replicas: number, pods: KubeObject[], ready: number, rsName: string, created: number, recreate: boolean): Record<string, unknown> {
    const minAvailable = replicas - (recreate ? 0 : Math.floor(replicas * 0.25));
    const available = ready >= minAvailable;
    const unready = pods.filter((p) => this.podRecord(p)?.ready !== true).map((p) => p.metadata.creationTimestamp ?? '');
    const since = rfc3339(created + 2000);
    const changed = available ? since : ([...unready].sort()[0] ?? since);
    return withoutUndefined({
      availableReplicas: ready || undefined,
      conditions: [
        available
          ? { lastTransitionTime: changed, lastUpdateTime: changed, message: 'Deployment has minimum availability.', reason: 'MinimumReplicasAvailable', status: 'True', type: 'Available' }
          : { lastTransitionTime: changed, lastUpdateTime: changed, message: 'Deployment does not have minimum availability.', reason: 'MinimumReplicasUnavailable', status: 'False', type: 'Available' },
        { lastTransitionTime: since, lastUpdateTime: since, message: `ReplicaSet "${rsName}" has successfully progressed.`, reason: 'NewReplicaSetAvailable', status: 'True', type: 'Progressing' },
      ],
      observedGeneration: 1,
      readyReplicas: ready || undefined,
      replicas: pods.length,
      unavailableReplicas: pods.length - ready || undefined,
      updatedReplicas: pods.length,
    });
  }

  /** The containers of a template, with the default single container when none is given. */
  private containersOf(tpl: PodTemplateOptions, defaultName: string): ContainerOptions[] {
    if (tpl.containers) return tpl.containers;
    return [withoutUndefined({ name: defaultName, image: tpl.image ?? `registry.example.com/${defaultName}:1.0.0`, ports: tpl.ports })];
  }

  private containerJson(c: ContainerOptions, volumes: PodVolume[], extraMounts: VolumeMount[]): Record<string, unknown> {
    const own: VolumeMount[] = c.volumeMounts ?? volumes.flatMap((v) => (v.mountPath === undefined ? [] : [{ mountPath: v.mountPath, name: v.name, readOnly: v.readOnly }]));
    const mounts = [...own, ...extraMounts].map((m) => withoutUndefined({ mountPath: m.mountPath, name: m.name, readOnly: m.readOnly, subPath: m.subPath }));
    const probe = (p: Record<string, unknown> | undefined) => (p === undefined ? undefined : { failureThreshold: 3, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 1, ...p });
    return withoutUndefined({
      args: c.args,
      command: c.command,
      env: c.env,
      image: c.image,
      imagePullPolicy: c.imagePullPolicy ?? (c.image.endsWith(':latest') || !/:[^/]+$/.test(c.image) ? 'Always' : 'IfNotPresent'),
      livenessProbe: probe(c.livenessProbe),
      name: c.name,
      ports: c.ports?.map((p) => withoutUndefined({ containerPort: p.containerPort, hostPort: p.hostPort, name: p.name, protocol: p.protocol ?? 'TCP' })),
      readinessProbe: probe(c.readinessProbe),
      resources: c.resources ?? {},
      securityContext: c.securityContext,
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      volumeMounts: mounts.length > 0 ? mounts : undefined,
    });
  }

  /** spec.template of a workload: what the user wrote plus API defaults, no admission additions. */
  private templateJson(tpl: PodTemplateOptions, defaultName: string, claimTemplateVolumes: string[] = []): Record<string, unknown> {
    const spec = this.podSpecBase(tpl, defaultName, [], claimTemplateVolumes);
    return { metadata: withoutUndefined({ annotations: tpl.annotations, creationTimestamp: null, labels: tpl.labels }), spec };
  }

  private podSpecBase(tpl: PodTemplateOptions, defaultName: string, extraMounts: VolumeMount[], claimTemplateVolumes: string[] = []): Record<string, unknown> {
    const volumes = tpl.volumes ?? [];
    const json = (list: ContainerOptions[]) => list.map((c) => this.containerJson(c, volumes, extraMounts));
    const declared = volumes.filter((v) => !claimTemplateVolumes.includes(v.name)).map((v) => ({ name: v.name, ...v.source }));
    return withoutUndefined({
      affinity: tpl.affinity,
      containers: json(this.containersOf(tpl, defaultName)),
      dnsPolicy: tpl.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
      hostNetwork: tpl.hostNetwork,
      initContainers: tpl.initContainers ? json(tpl.initContainers) : undefined,
      nodeSelector: tpl.nodeSelector,
      priorityClassName: tpl.priorityClassName,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: tpl.serviceAccountName,
      serviceAccountName: tpl.serviceAccountName,
      terminationGracePeriodSeconds: 30,
      tolerations: tpl.tolerations,
      volumes: declared.length > 0 ? declared : undefined,
    });
  }

  private buildPod(input: PodBuildInput): KubeObject {
    const { namespace, name, template: tpl, instance: inst } = input;
    const state = inst.state ?? running();
    const uid = inst.uid ?? uidFor('Pod', namespace, name);
    const nodeName = state.kind === 'unscheduled' ? undefined : (inst.node ?? input.daemonSetNode);
    if (nodeName !== undefined && !this.nodes.has(nodeName)) throw new Error(`pod ${namespace}/${name}: node ${nodeName} is not declared`);
    const automount = tpl.automountServiceAccountToken ?? true;
    const apiAccess = `kube-api-access-${inst.apiAccessSuffix ?? randomSuffix(`api-access/${uid}`)}`;
    const extraMounts: VolumeMount[] = automount ? [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: apiAccess, readOnly: true }] : [];
    const spec = this.podSpecBase(tpl, input.defaultContainer, extraMounts);
    const serviceAccount = tpl.serviceAccountName ?? 'default';
    spec.serviceAccount = serviceAccount;
    spec.serviceAccountName = serviceAccount;
    spec.enableServiceLinks = true;
    spec.preemptionPolicy = 'PreemptLowerPriority';
    spec.priority = tpl.priorityClassName === 'system-node-critical' ? 2000001000 : tpl.priorityClassName === 'system-cluster-critical' ? 2000000000 : 0;
    if (nodeName !== undefined) spec.nodeName = nodeName;
    spec.tolerations = mergeTolerations(tpl.tolerations ?? [], input.daemonSetNode ? daemonSetTolerations() : defaultTolerations());
    if (input.daemonSetNode) {
      spec.affinity = { ...tpl.affinity, nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [input.daemonSetNode] }] }] } } };
    }
    if (automount) {
      const volumes = (spec.volumes as unknown[] | undefined) ?? [];
      volumes.push(apiAccessVolume(apiAccess));
      spec.volumes = volumes;
    }

    const containers = this.containersOf(tpl, input.defaultContainer);
    const node = nodeName === undefined ? undefined : this.nodes.get(nodeName);
    const ip = this.podIp(inst, state, node, tpl.hostNetwork === true, `${namespace}/${name}`);
    const status = this.podStatus({ state, created: input.created, containers, initContainers: tpl.initContainers ?? [], hostIP: node?.ip, podIP: ip, uid, podName: name, namespace, qos: qosClass([...containers, ...(tpl.initContainers ?? [])]) });

    const annotations: Record<string, string> = { ...tpl.annotations };
    if (this.flavor === 'microk8s' && ip !== undefined && !tpl.hostNetwork) {
      annotations['cni.projectcalico.org/containerID'] = hexDigest(`sandbox/${uid}`, 64);
      annotations['cni.projectcalico.org/podIP'] = `${ip}/32`;
      annotations['cni.projectcalico.org/podIPs'] = `${ip}/32`;
    }
    const pod = this.add({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: this.meta({ kind: 'Pod', namespace, name, uid, created: rfc3339(input.created), labels: input.labels, annotations: Object.keys(annotations).length > 0 ? annotations : undefined, owner: input.owner, generateName: input.generateName }),
      spec,
      status,
    });
    const containerPorts = new Map<string, number>();
    for (const c of containers) for (const p of c.ports ?? []) if (p.name !== undefined) containerPorts.set(p.name, p.containerPort);
    this.pods.push(withoutUndefined({ pod, namespace, labels: input.labels, node: nodeName, ip, ready: state.kind === 'running' && state.ready, containerPorts }));
    return pod;
  }

  private podIp(inst: PodInstanceOptions, state: PodState, node: NodeRecord | undefined, hostNetwork: boolean, seed: string): string | undefined {
    if (!node) return undefined;
    if (hostNetwork) return node.ip;
    if (inst.ip === null) return undefined;
    if (inst.ip !== undefined) {
      node.usedIps.add(inst.ip);
      return inst.ip;
    }
    // No sandbox (hence no IP) while volumes or init containers block the pod.
    if (state.kind === 'waiting' && (state.reason === 'ContainerCreating' || state.reason === 'PodInitializing') && !hasRestarts(state.restarts)) return undefined;
    return allocateIp(node.podCIDR, seed, node.usedIps, 1);
  }

  /** Reserves and returns a pod IP on `node` (e.g. for a pod that is gone but named in events). */
  podIpOn(node: string, seed: string): string {
    const rec = this.nodes.get(node);
    if (!rec) throw new Error(`node ${node} is not declared`);
    return allocateIp(rec.podCIDR, seed, rec.usedIps, 1);
  }

  private podStatus(a: { state: PodState; created: number; containers: ContainerOptions[]; initContainers: ContainerOptions[]; hostIP?: string; podIP?: string; uid: string; podName: string; namespace: string; qos: string }): Record<string, unknown> {
    const { state, created } = a;
    const at = (ms: number) => rfc3339(ms);
    if (state.kind === 'unscheduled') {
      return { conditions: [{ lastProbeTime: null, lastTransitionTime: at(created), message: state.message, reason: 'Unschedulable', status: 'False', type: 'PodScheduled' }], phase: 'Pending', qosClass: a.qos };
    }
    const names = a.containers.map((c) => c.name);
    const since = state.kind === 'running' && state.since !== undefined ? parseTime(state.since, this.nowMs) : created + 5000;
    const ready = state.kind === 'running' && state.ready;
    const blockedInit = state.kind === 'waiting' && a.initContainers.length > 0 && state.reason === 'PodInitializing';
    const restarts = (c: string) => perContainer(state.restarts, c, 0);
    const condition = (type: string, ok: boolean, when: number, reason?: string, message?: string) => withoutUndefined({ lastProbeTime: null, lastTransitionTime: at(when), message, reason, status: ok ? 'True' : 'False', type });
    const notReady = `containers with unready status: [${names.join(' ')}]`;
    const conditions = [
      blockedInit ? condition('Initialized', false, created + 1000, 'ContainersNotInitialized', `containers with incomplete status: [${a.initContainers.map((c) => c.name).join(' ')}]`) : condition('Initialized', true, created + 1000),
      ready ? condition('Ready', true, since + 5000) : condition('Ready', false, state.kind === 'running' ? since : created + 1000, 'ContainersNotReady', notReady),
      ready ? condition('ContainersReady', true, since + 5000) : condition('ContainersReady', false, state.kind === 'running' ? since : created + 1000, 'ContainersNotReady', notReady),
      condition('PodScheduled', true, created),
    ];
    const containerStatus = (c: ContainerOptions, i: number) => {
      const count = restarts(c.name);
      const lastState = count > 0 ? { terminated: this.lastExit(state.lastExit, since, created, `${a.uid}/${c.name}/${String(count - 1)}`) } : {};
      const id = `containerd://${hexDigest(`${a.uid}/${c.name}/${String(count)}`, 64)}`;
      const base = { image: normalizeImage(c.image), name: c.name, restartCount: count };
      if (state.kind === 'running') {
        return { containerID: id, ...base, imageID: imageId(c.image), lastState, ready: state.ready, started: true, state: { running: { startedAt: at(since + i * 1000) } } };
      }
      const message = state.reason === 'CrashLoopBackOff' && state.message === undefined ? `back-off 5m0s restarting failed container=${c.name} pod=${a.podName}_${a.namespace}(${a.uid})` : state.message;
      const started = count > 0;
      return withoutUndefined({ containerID: started ? id : undefined, ...base, image: started ? normalizeImage(c.image) : c.image, imageID: started ? imageId(c.image) : '', lastState, ready: false, started: false, state: { waiting: withoutUndefined({ message, reason: state.reason }) } });
    };
    const initStatus = (c: ContainerOptions) => {
      if (blockedInit) return { image: c.image, imageID: '', lastState: {}, name: c.name, ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'PodInitializing' } } };
      const id = `containerd://${hexDigest(`${a.uid}/init/${c.name}`, 64)}`;
      return { containerID: id, image: normalizeImage(c.image), imageID: imageId(c.image), lastState: {}, name: c.name, ready: true, restartCount: 0, started: false, state: { terminated: { containerID: id, exitCode: 0, finishedAt: at(created + 3000), reason: 'Completed', startedAt: at(created + 2000) } } };
    };
    const anyStarted = state.kind === 'running' || a.containers.some((c) => restarts(c.name) > 0);
    return withoutUndefined({
      conditions,
      containerStatuses: a.containers.map(containerStatus),
      hostIP: a.hostIP,
      initContainerStatuses: a.initContainers.length > 0 ? a.initContainers.map(initStatus) : undefined,
      phase: anyStarted ? 'Running' : 'Pending',
      podIP: a.podIP,
      podIPs: a.podIP === undefined ? undefined : [{ ip: a.podIP }],
      qosClass: a.qos,
      startTime: at(created),
    });
  }

  private lastExit(exit: ExitInfo | undefined, since: number, created: number, seed: string): Record<string, unknown> {
    const finished = exit?.finishedAt !== undefined ? parseTime(exit.finishedAt, this.nowMs) : since - 10_000;
    const started = exit?.startedAt !== undefined ? parseTime(exit.startedAt, this.nowMs) : Math.max(created, finished - 60_000);
    return { containerID: `containerd://${hexDigest(seed, 64)}`, exitCode: exit?.exitCode ?? 1, finishedAt: rfc3339(finished), reason: exit?.reason ?? 'Error', startedAt: rfc3339(started) };
  }

  // --- services ------------------------------------------------------------------------------

  /** A Service with its Endpoints and `discovery.k8s.io/v1` EndpointSlice (filled from ready/unready pods). */
  service(nsName: string, opts: ServiceOptions): ServiceResult {
    const { namespace, name } = splitName(nsName);
    const selector = opts.selector === undefined ? { app: name } : opts.selector;
    const clusterIP = opts.clusterIP ?? allocateIp(this.serviceCIDR, `service/${namespace}/${name}`, this.usedServiceIps, 9);
    this.usedServiceIps.add(clusterIP);
    const labels = opts.labels ?? {};
    const type = opts.type ?? 'ClusterIP';
    const service = this.add({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: this.meta({ kind: 'Service', namespace, name, uid: opts.uid, created: opts.created, labels: Object.keys(labels).length > 0 ? labels : undefined, annotations: opts.annotations }),
      spec: withoutUndefined({
        clusterIP,
        clusterIPs: [clusterIP],
        externalTrafficPolicy: type === 'ClusterIP' ? undefined : 'Cluster',
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: opts.ports.map((p) => withoutUndefined({ name: p.name, nodePort: p.nodePort, port: p.port, protocol: p.protocol ?? 'TCP', targetPort: p.targetPort ?? p.port })),
        selector: selector ?? undefined,
        sessionAffinity: 'None',
        type,
      }),
      status: { loadBalancer: {} },
    });
    const created = service.metadata.creationTimestamp;
    const endpoints = this.add({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: this.meta({ kind: 'Endpoints', namespace, name, created, labels: Object.keys(labels).length > 0 ? labels : undefined }),
    });
    const isApiServer = namespace === 'default' && name === 'kubernetes';
    const sliceName = isApiServer ? name : `${name}-${opts.sliceSuffix ?? randomSuffix(`slice/${namespace}/${name}`)}`;
    const managedBy = selector === null ? 'endpointslicemirroring-controller.k8s.io' : 'endpointslice-controller.k8s.io';
    const endpointSlice = this.add({
      addressType: 'IPv4',
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: this.meta({
        kind: 'EndpointSlice', namespace, name: sliceName, created, generateName: isApiServer ? undefined : `${name}-`, generation: 1,
        labels: { ...labels, ...(isApiServer ? {} : { 'endpointslice.kubernetes.io/managed-by': managedBy }), 'kubernetes.io/service-name': name },
        owner: isApiServer ? undefined : service,
      }),
    });
    const result = { service, endpoints, endpointSlice };
    this.services.push(withoutUndefined({ namespace, name, selector, ports: opts.ports, backends: opts.backends, addresses: opts.addresses, result, labels }));
    return result;
  }

  private fillEndpoints(svc: ServiceRecord): void {
    const backends = svc.backends
      ? svc.backends.map((p) => this.podRecord(p)).filter((r): r is PodRecord => r !== undefined)
      : svc.selector === null
        ? []
        : this.pods.filter((r) => r.namespace === svc.namespace && Object.entries(svc.selector ?? {}).every(([k, v]) => r.labels[k] === v));
    const withIp = backends.filter((r): r is PodRecord & { ip: string } => r.ip !== undefined);
    const resolvePort = (p: ServicePort, r?: PodRecord) => (typeof p.targetPort === 'string' ? (r?.containerPorts.get(p.targetPort) ?? p.port) : (p.targetPort ?? p.port));
    const firstBackend = withIp[0];
    const ports = svc.ports.map((p) => withoutUndefined({ name: p.name, port: resolvePort(p, firstBackend), protocol: p.protocol ?? 'TCP' }));
    const target = (r: PodRecord) => ({ kind: 'Pod', name: r.pod.metadata.name, namespace: r.namespace, uid: r.pod.metadata.uid });
    const address = (r: PodRecord & { ip: string }) => withoutUndefined({ ip: r.ip, nodeName: r.node, targetRef: target(r) });
    const ready = withIp.filter((r) => r.ready);
    const notReady = withIp.filter((r) => !r.ready);
    const manual = svc.addresses ?? [];
    const { endpoints, endpointSlice } = svc.result;

    if (ready.length + notReady.length + manual.length === 0) {
      delete endpoints.subsets;
      endpointSlice.endpoints = null;
      endpointSlice.ports = null;
      return;
    }
    endpoints.subsets = [
      withoutUndefined({
        addresses: ready.length + manual.length > 0 ? [...manual.map((m) => withoutUndefined({ ip: m.ip, nodeName: m.nodeName })), ...ready.map(address)] : undefined,
        notReadyAddresses: notReady.length > 0 ? notReady.map(address) : undefined,
        ports,
      }),
    ];
    endpointSlice.endpoints = [
      ...manual.map((m) => withoutUndefined({ addresses: [m.ip], conditions: { ready: true }, nodeName: m.nodeName })),
      ...withIp.map((r) => withoutUndefined({ addresses: [r.ip], conditions: { ready: r.ready, serving: r.ready, terminating: false }, nodeName: r.node, targetRef: target(r) })),
    ];
    endpointSlice.ports = ports;
  }

  // --- storage -------------------------------------------------------------------------------

  /** A StorageClass. */
  storageClass(name: string, opts: StorageClassOptions): KubeObject {
    const annotations = { ...opts.annotations, ...(opts.isDefault ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : {}) };
    return this.add(withoutUndefined({
      allowVolumeExpansion: opts.allowVolumeExpansion,
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: this.meta({ kind: 'StorageClass', name, created: opts.created, labels: opts.labels, annotations: Object.keys(annotations).length > 0 ? annotations : undefined }),
      parameters: opts.parameters,
      provisioner: opts.provisioner,
      reclaimPolicy: opts.reclaimPolicy ?? 'Delete',
      volumeBindingMode: opts.volumeBindingMode ?? 'Immediate',
    }));
  }

  /** A PersistentVolumeClaim (Pending unless `volumeName`/`phase` says otherwise). */
  claim(nsName: string, opts: ClaimOptions = {}): KubeObject {
    const { namespace, name } = splitName(nsName);
    const phase = opts.phase ?? (opts.volumeName !== undefined ? 'Bound' : 'Pending');
    const size = opts.size ?? '1Gi';
    const accessModes = opts.accessModes ?? ['ReadWriteOnce'];
    const annotations: Record<string, string> = {};
    if (phase === 'Bound') {
      annotations['pv.kubernetes.io/bind-completed'] = 'yes';
      if (opts.provisioner !== undefined) annotations['pv.kubernetes.io/bound-by-controller'] = 'yes';
    }
    if (opts.selectedNode !== undefined) annotations['volume.kubernetes.io/selected-node'] = opts.selectedNode;
    if (opts.provisioner !== undefined) {
      annotations['volume.beta.kubernetes.io/storage-provisioner'] = opts.provisioner;
      annotations['volume.kubernetes.io/storage-provisioner'] = opts.provisioner;
    }
    Object.assign(annotations, opts.annotations);
    return this.add({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: this.meta({ kind: 'PersistentVolumeClaim', namespace, name, uid: opts.uid, created: opts.created, labels: opts.labels, annotations: Object.keys(annotations).length > 0 ? annotations : undefined, finalizers: ['kubernetes.io/pvc-protection'] }),
      spec: withoutUndefined({ accessModes, resources: { requests: { storage: size } }, storageClassName: opts.storageClass === null ? '' : opts.storageClass, volumeMode: opts.volumeMode ?? 'Filesystem', volumeName: opts.volumeName }),
      status: phase === 'Bound' ? { accessModes, capacity: { storage: size }, phase } : { phase },
    });
  }

  /** A PersistentVolume of any source; `claim` fills claimRef. */
  volume(name: string, opts: VolumeOptions): KubeObject {
    const claim = opts.claim;
    const annotations: Record<string, string> = { ...(opts.provisioner !== undefined ? { 'pv.kubernetes.io/provisioned-by': opts.provisioner } : {}), ...opts.annotations };
    const source = 'local' in opts.source ? { local: { fsType: opts.source.local.fsType ?? '', path: opts.source.local.path } } : 'iscsi' in opts.source ? { iscsi: { fsType: 'ext4', iscsiInterface: 'default', lun: 0, readOnly: false, ...opts.source.iscsi } } : opts.source;
    if ('local' in opts.source && opts.node === undefined) throw new Error(`local PV ${name} needs a node`);
    return this.add({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: this.meta({ kind: 'PersistentVolume', name, uid: opts.uid, created: opts.created, labels: opts.labels, annotations: Object.keys(annotations).length > 0 ? annotations : undefined, finalizers: ['kubernetes.io/pv-protection'] }),
      spec: withoutUndefined({
        accessModes: opts.accessModes ?? ['ReadWriteOnce'],
        capacity: { storage: opts.size ?? '1Gi' },
        claimRef: claim ? { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: claim.metadata.name, namespace: claim.metadata.namespace, resourceVersion: claim.metadata.resourceVersion, uid: claim.metadata.uid } : undefined,
        mountOptions: opts.mountOptions,
        nodeAffinity: opts.nodeAffinity ?? (opts.node !== undefined ? { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [opts.node] }] }] } } : undefined),
        persistentVolumeReclaimPolicy: opts.reclaimPolicy ?? 'Delete',
        storageClassName: opts.storageClass,
        volumeMode: opts.volumeMode ?? 'Filesystem',
        ...source,
      }),
      status: { phase: opts.phase ?? (claim ? 'Bound' : 'Available') },
    });
  }

  /** A Bound PVC and its PV (`pvc-<PVC uid>` unless `pvName`), claimRef and volumeName agreeing. */
  boundClaim(nsName: string, opts: BoundClaimOptions): BoundClaim {
    const { namespace, name } = splitName(nsName);
    const uid = opts.uid ?? uidFor('PersistentVolumeClaim', namespace, name);
    const pvName = opts.pvName ?? `pvc-${uid}`;
    const created = this.t(opts.created, this.epochMs);
    const pvc = this.claim(nsName, { ...opts, uid, volumeName: pvName, phase: 'Bound', created: rfc3339(created) });
    const pv = this.volume(pvName, withoutUndefined({
      source: opts.source, size: opts.size, storageClass: opts.storageClass ?? undefined, accessModes: opts.accessModes, volumeMode: opts.volumeMode,
      reclaimPolicy: opts.reclaimPolicy ?? (opts.provisioner !== undefined ? 'Delete' : 'Retain'), claim: pvc, node: opts.node, nodeAffinity: opts.nodeAffinity, provisioner: opts.provisioner,
      labels: opts.pvLabels, annotations: opts.pvAnnotations, created: rfc3339(created + 1000),
    }));
    return { pvc, pv };
  }

  /**
   * Records `pv` as attached to `node`: node.status.volumesAttached/volumesInUse and, for CSI volumes,
   * a `storage.k8s.io/v1` VolumeAttachment (in-tree iSCSI attaches without one). Returns the VolumeAttachment, if any.
   */
  attachVolume(opts: AttachOptions): KubeObject | undefined {
    const rec = this.nodes.get(opts.node);
    if (!rec) throw new Error(`node ${opts.node} is not declared`);
    const iscsi = dig(opts.pv, 'spec', 'iscsi');
    const csi = dig(opts.pv, 'spec', 'csi');
    let uniqueName: string;
    let attachment: KubeObject | undefined;
    if (isObject(csi) && typeof csi.driver === 'string' && typeof csi.volumeHandle === 'string') {
      uniqueName = `kubernetes.io/csi/${csi.driver}^${csi.volumeHandle}`;
      const attached = opts.attached ?? true;
      attachment = this.add({
        apiVersion: 'storage.k8s.io/v1',
        kind: 'VolumeAttachment',
        metadata: this.meta({ kind: 'VolumeAttachment', name: `csi-${sha(`${csi.volumeHandle}${csi.driver}${opts.node}`, 'sha256')}`, annotations: { 'csi.alpha.kubernetes.io/node-id': opts.node }, finalizers: [`external-attacher/${csi.driver.replace(/\//g, '-')}`] }),
        spec: { attacher: csi.driver, nodeName: opts.node, source: { persistentVolumeName: opts.pv.metadata.name } },
        status: withoutUndefined({ attached, attachError: opts.attachError === undefined ? undefined : { message: opts.attachError, time: this.now } }),
      });
    } else if (isObject(iscsi)) {
      uniqueName = `kubernetes.io/iscsi/${String(iscsi.targetPortal)}:${String(iscsi.iqn)}:${typeof iscsi.lun === 'number' ? iscsi.lun : 0}`;
    } else {
      throw new Error(`PV ${opts.pv.metadata.name} is not attachable (neither CSI nor iSCSI)`);
    }
    const status = rec.node.status as Record<string, unknown>;
    const attachedList = (status.volumesAttached as unknown[] | undefined) ?? [];
    attachedList.push({ devicePath: '', name: uniqueName });
    status.volumesAttached = attachedList;
    if (opts.inUse ?? true) {
      const inUse = (status.volumesInUse as string[] | undefined) ?? [];
      inUse.push(uniqueName);
      status.volumesInUse = inUse;
    }
    return attachment;
  }

  // --- network policies ----------------------------------------------------------------------

  /** A `networking.k8s.io/v1` NetworkPolicy; `spec` as written (podSelector, policyTypes, ingress, egress). */
  networkPolicy(nsName: string, spec: Record<string, unknown>, opts: { created?: Time; labels?: Labels } = {}): KubeObject {
    const { namespace, name } = splitName(nsName);
    this.namespace(namespace);
    return this.add({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: this.meta({ kind: 'NetworkPolicy', namespace, name, created: opts.created, labels: opts.labels, generation: 1 }),
      spec: { podSelector: {}, ...spec },
    });
  }

  /** Any other object (CSIDriver, custom resources such as a CSI JivaVolume or a CStorVolumeAttachment) with deterministic metadata; `body` holds spec/status. */
  custom(opts: { apiVersion: string; kind: string; name: string; namespace?: string; labels?: Labels; annotations?: Record<string, string>; created?: Time; body?: Record<string, unknown> }): KubeObject {
    return this.add({
      apiVersion: opts.apiVersion,
      kind: opts.kind,
      metadata: this.meta({ kind: opts.kind, name: opts.name, namespace: opts.namespace, labels: opts.labels, annotations: opts.annotations, created: opts.created }),
      ...opts.body,
    });
  }

  // --- events --------------------------------------------------------------------------------

  /** A core/v1 Event about a built object or a gone one (legacy or events.k8s.io style). */
  event(opts: EventOptions): KubeObject {
    const on = 'metadata' in opts.on ? ref(opts.on) : opts.on;
    const onObj = 'metadata' in opts.on ? opts.on : undefined;
    const source = opts.source ?? this.inferSource(opts.reason, on, onObj);
    const style = opts.style ?? (source.component === 'default-scheduler' ? 'events-api' : 'legacy');
    const last = parseTime(opts.last ?? '-1m', this.nowMs);
    const first = opts.first !== undefined ? parseTime(opts.first, this.nowMs) : last;
    const count = opts.count ?? 1;
    const namespace = on.namespace ?? 'default';
    const name = this.eventName(on.name, first);
    const fieldPath = opts.fieldPath ?? (opts.container !== undefined ? `spec.containers{${opts.container}}` : undefined);
    // The kubelet's node reference is {kind: Node, name, uid: <node name>}: no apiVersion, and the uid is the name.
    const kubeletNodeRef = on.kind === 'Node' && source.component === 'kubelet';
    const involvedObject = withoutUndefined({
      apiVersion: kubeletNodeRef ? undefined : on.apiVersion,
      fieldPath,
      kind: on.kind,
      name: on.name,
      namespace: on.namespace,
      resourceVersion: kubeletNodeRef ? undefined : onObj?.metadata.resourceVersion,
      uid: opts.involvedUid ?? (kubeletNodeRef ? on.name : on.uid),
    });
    const type = opts.type ?? (WARNING_REASONS.has(opts.reason) ? 'Warning' : 'Normal');
    const common = { apiVersion: 'v1', involvedObject, kind: 'Event', message: opts.message, reason: opts.reason, type };
    const meta = this.meta({ kind: 'Event', namespace, name, created: rfc3339(first) });
    if (style === 'events-api') {
      return this.add({
        ...common,
        action: opts.action ?? (opts.reason === 'Scheduled' ? 'Binding' : opts.reason),
        eventTime: microTime(first, name),
        firstTimestamp: null,
        lastTimestamp: null,
        metadata: meta,
        reportingComponent: source.component,
        reportingInstance: opts.reportingInstance ?? `${source.component}-${source.host ?? this.controlPlaneNode()}`,
        ...(count > 1 ? { series: { count, lastObservedTime: microTime(last, `${name}/last`) } } : {}),
        source: {},
      });
    }
    return this.add({
      ...common,
      count,
      eventTime: null,
      firstTimestamp: rfc3339(first),
      lastTimestamp: rfc3339(last),
      metadata: meta,
      reportingComponent: source.component,
      reportingInstance: opts.reportingInstance ?? source.host ?? '',
      source: withoutUndefined({ component: source.component, host: source.host }),
    });
  }

  private inferSource(reason: string, on: ObjectRef, onObj: KubeObject | undefined): { component: string; host?: string } {
    if (reason === 'Scheduled' || reason === 'FailedScheduling') return { component: 'default-scheduler' };
    if (reason === 'SuccessfulAttachVolume' || reason === 'FailedAttachVolume' || reason === 'SuccessfulDetachVolume') return { component: 'attachdetach-controller' };
    if (on.kind === 'ReplicaSet') return { component: 'replicaset-controller' };
    if (on.kind === 'Deployment') return { component: 'deployment-controller' };
    if (on.kind === 'StatefulSet') return { component: 'statefulset-controller' };
    if (on.kind === 'DaemonSet') return { component: 'daemonset-controller' };
    if (on.kind === 'PersistentVolumeClaim') return { component: 'persistentvolume-controller' };
    if (on.kind === 'Node') return { component: 'kubelet', host: on.name };
    const node = dig(onObj, 'spec', 'nodeName');
    if (typeof node === 'string') return { component: 'kubelet', host: node };
    throw new Error(`event ${reason} on ${on.kind} ${on.name}: give a source (no node to infer the kubelet from)`);
  }

  private controlPlaneNode(): string {
    return [...this.nodes.keys()][0] ?? 'control-plane';
  }

  private eventName(objectName: string, firstMs: number): string {
    let nanos = BigInt(Math.floor(firstMs / 1000)) * 1_000_000_000n + BigInt(parseInt(sha(`${objectName}/${String(firstMs)}`).slice(0, 7), 16) % 1_000_000_000);
    let name = `${objectName}.${nanos.toString(16)}`;
    while (this.eventNames.has(name)) {
      nanos += 1n;
      name = `${objectName}.${nanos.toString(16)}`;
    }
    this.eventNames.add(name);
    return name;
  }

  // --- OpenEBS Jiva (legacy, non-CSI) --------------------------------------------------------

  /**
   * A legacy Jiva volume as OpenEBS >= 1.9 lays it out in the `openebs` namespace: Bound PVC, iSCSI PV `pvc-<uid>`,
   * `<pv>-ctrl-svc` with Endpoints/EndpointSlice, controller Deployment/ReplicaSet/pod and replica Deployments `<pv>-rep-<i>`
   * pinned by nodeAffinity.
   */
  jivaVolume(opts: JivaVolumeOptions): JivaVolume {
    const { namespace: claimNs, name: claimName } = splitName(opts.claim);
    const ns = opts.openebsNamespace ?? 'openebs';
    const version = opts.version ?? '2.12.2';
    const sc = opts.storageClass ?? 'openebs-jiva-default';
    const size = opts.size ?? '1Gi';
    const uid = opts.uid ?? uidFor('PersistentVolumeClaim', claimNs, claimName);
    const pv = `pvc-${uid}`;
    const created = this.t(opts.created, this.epochMs);
    const clusterIP = opts.clusterIP ?? allocateIp(this.serviceCIDR, `service/${ns}/${pv}-ctrl-svc`, this.usedServiceIps, 9);
    const portal = `${clusterIP}:3260`;
    const iqn = `iqn.2016-09.com.openebs.jiva:${pv}`;
    const ready = opts.ready ?? true;
    if (!this.find('StorageClass', sc)) this.jivaStorageClass(sc);
    const scRef = `name: ${sc}\nresourceVersion: ${this.get('StorageClass', sc).metadata.resourceVersion ?? ''}\n`;
    const castName = `jiva-volume-create-default-${version}`;
    const common: Labels = { 'openebs.io/persistent-volume': pv, 'openebs.io/persistent-volume-claim': claimName };
    const objectLabels: Labels = { 'openebs.io/storage-engine-type': 'jiva', 'openebs.io/cas-type': 'jiva', ...common, 'openebs.io/version': version, 'openebs.io/cas-template-name': castName };

    const at = (ms: number) => rfc3339(ms);
    const { pvc, pv: pvObj } = this.boundClaim(opts.claim, {
      uid, size, storageClass: sc, provisioner: 'openebs.io/provisioner-iscsi', created: at(created),
      source: { iscsi: { targetPortal: portal, iqn, lun: 0, fsType: opts.fsType ?? 'ext4', readOnly: false } },
      pvLabels: { 'openebs.io/cas-type': 'jiva', 'openebs.io/storageclass': sc },
      pvAnnotations: { openEBSProvisionerIdentity: opts.provisionerNode ?? opts.controllerNode, 'openebs.io/cas-type': 'jiva' },
    });

    const svc = this.service(`${ns}/${pv}-ctrl-svc`, {
      clusterIP,
      selector: { 'openebs.io/controller': 'jiva-controller', 'openebs.io/persistent-volume': pv },
      ports: [{ name: 'iscsi', port: 3260, targetPort: 3260 }, { name: 'api', port: 9501, targetPort: 9501 }, { name: 'exporter', port: 9500, targetPort: 9500 }],
      labels: { ...objectLabels, 'openebs.io/controller-service': 'jiva-controller-svc', pvc: claimName },
      annotations: { 'openebs.io/storage-class-ref': scRef },
      created: at(created + 2000),
    });

    const ctrlCreated = this.t(opts.controllerCreated, this.nowMs - 6 * 3600_000 - 60_000);
    const controller = this.deployment(`${ns}/${pv}-ctrl`, {
      created: at(created + 3000),
      strategy: 'Recreate',
      templateHash: opts.controllerHash,
      suffix: opts.controllerSuffix,
      node: opts.controllerNode,
      podCreated: at(ctrlCreated),
      state: running({ ready, since: opts.controllerStartedAt ?? at(ctrlCreated + 4000), restarts: opts.controllerRestarts ?? 0 }),
      objectLabels: { monitoring: 'volume_exporter_prometheus', ...objectLabels, 'openebs.io/controller': 'jiva-controller' },
      objectAnnotations: { 'openebs.io/fs-type': opts.fsType ?? 'ext4', 'openebs.io/lun': '0', 'openebs.io/storage-class-ref': scRef, 'openebs.io/volume-monitor': 'true', 'openebs.io/volume-type': 'jiva' },
      selector: { 'openebs.io/controller': 'jiva-controller', 'openebs.io/persistent-volume': pv },
      labels: { monitoring: 'volume_exporter_prometheus', 'openebs.io/controller': 'jiva-controller', ...common, 'openebs.io/version': version },
      annotations: { 'openebs.io/fs-type': opts.fsType ?? 'ext4', 'openebs.io/lun': '0', 'openebs.io/storage-class-ref': scRef, 'prometheus.io/path': '/metrics', 'prometheus.io/port': '9500', 'prometheus.io/scrape': 'true' },
      serviceAccountName: opts.serviceAccount ?? 'openebs-maya-operator',
      containers: [
        { name: `${pv}-ctrl-con`, image: `openebs/jiva:${version}`, command: ['launch'], args: ['controller', '--frontend', 'gotgt', '--clusterIP', clusterIP, pv], env: [{ name: 'REPLICATION_FACTOR', value: String(opts.replicaNodes.length) }], ports: [{ containerPort: 3260 }, { containerPort: 9501 }] },
        { name: 'maya-volume-exporter', image: `openebs/m-exporter:${version}`, command: ['maya-exporter'], args: ['-c=http://127.0.0.1:9501'], ports: [{ containerPort: 9500 }] },
      ],
      tolerations: ['node.alpha.kubernetes.io/notReady', 'node.alpha.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'].map((key) => ({ effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: 0 })),
    });

    const replicas = opts.replicaNodes.map((node, i) =>
      this.deployment(`${ns}/${pv}-rep-${String(i + 1)}`, {
        created: at(created + 4000 + i * 1000),
        strategy: 'Recreate',
        node,
        podCreated: at(created + 6000 + i * 1000),
        state: running({ ready, restarts: opts.replicaRestarts?.[i] ?? 0, since: opts.replicaSince?.[i] ?? at(created + 10_000 + i * 1000) }),
        objectLabels: { ...objectLabels, 'openebs.io/replica': 'jiva-replica' },
        objectAnnotations: { 'openebs.io/capacity': size, 'openebs.io/storage-class-ref': scRef, 'openebs.io/storage-pool': 'default' },
        selector: { 'openebs.io/replica': 'jiva-replica', 'openebs.io/persistent-volume': pv },
        labels: { 'openebs.io/replica': 'jiva-replica', ...common, 'openebs.io/version': version },
        annotations: { 'openebs.io/capacity': size, 'openebs.io/storage-class-ref': scRef, 'openebs.io/storage-pool': 'default' },
        serviceAccountName: opts.serviceAccount ?? 'openebs-maya-operator',
        affinity: {
          nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { 'openebs.io/persistent-volume': pv, 'openebs.io/replica': 'jiva-replica' } }, topologyKey: 'kubernetes.io/hostname' }] },
        },
        containers: [{
          name: `${pv}-rep-con`, image: `openebs/jiva:${version}`, command: ['launch'], args: ['replica', '--frontendIP', clusterIP, '--size', size, '/openebs'],
          ports: [{ containerPort: 9502 }, { containerPort: 9503 }, { containerPort: 9504 }], securityContext: { privileged: true },
          volumeMounts: [{ name: 'openebs', mountPath: '/openebs' }],
        }],
        volumes: [hostPathVolume('openebs', `/var/openebs/${pv}`)],
        // Go templates range over the map keys in sorted order: t1, t10, t2, ... t9.
        tolerations: ['node.alpha.kubernetes.io/notReady', 'node.cloudprovider.kubernetes.io/uninitialized', 'node.alpha.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable', 'node.kubernetes.io/out-of-disk', 'node.kubernetes.io/memory-pressure', 'node.kubernetes.io/disk-pressure', 'node.kubernetes.io/network-unavailable', 'node.kubernetes.io/unschedulable'].map((key) => ({ effect: 'NoExecute', key, operator: 'Exists' })),
      }),
    );

    return { pvName: pv, pvcUid: uid, portal, iqn, pvc, pv: pvObj, service: svc.service, endpoints: svc.endpoints, endpointSlice: svc.endpointSlice, controller, controllerPod: controller.pod, replicas };
  }

  private jivaStorageClass(name: string): KubeObject {
    return this.storageClass(name, {
      provisioner: 'openebs.io/provisioner-iscsi',
      annotations: { 'cas.openebs.io/config': '- name: ReplicaCount\n  value: "3"\n- name: StoragePool\n  value: default\n', 'openebs.io/cas-type': 'jiva' },
    });
  }

  // --- bookkeeping ---------------------------------------------------------------------------

  private t(t: Time | undefined, fallback: number): number {
    return t === undefined ? fallback : parseTime(t, this.nowMs);
  }

  private add(obj: KubeObject): KubeObject {
    const ns = obj.metadata.namespace;
    if (ns !== undefined && !this.namespaces.has(ns)) this.namespace(ns);
    this.items.push(obj);
    return obj;
  }

  private meta(m: {
    kind: string;
    name: string;
    namespace?: string;
    uid?: string;
    created?: Time | null;
    labels?: Labels;
    annotations?: Record<string, string>;
    owner?: KubeObject;
    generateName?: string;
    generation?: number;
    finalizers?: string[];
  }): ObjectMeta & Record<string, unknown> {
    this.resourceVersion += 1;
    return withoutUndefined({
      annotations: m.annotations,
      creationTimestamp: rfc3339(m.created === undefined || m.created === null ? this.epochMs : parseTime(m.created, this.nowMs)),
      finalizers: m.finalizers,
      generateName: m.generateName,
      generation: m.generation,
      labels: m.labels,
      name: m.name,
      namespace: m.namespace,
      ownerReferences: m.owner ? [ownerRef(m.owner)] : undefined,
      resourceVersion: String(this.resourceVersion),
      uid: m.uid ?? uidFor(m.kind, m.namespace, m.name),
    });
  }
}

function isPodState(v: PodState | Record<string, PodState>): v is PodState {
  return typeof v.kind === 'string';
}

function hasRestarts(r: number | Record<string, number> | undefined): boolean {
  if (r === undefined) return false;
  return typeof r === 'number' ? r > 0 : Object.values(r).some((n) => n > 0);
}

function qosClass(containers: ContainerOptions[]): string {
  const any = containers.some((c) => Object.keys(c.resources?.requests ?? {}).length + Object.keys(c.resources?.limits ?? {}).length > 0);
  if (!any) return 'BestEffort';
  const guaranteed = containers.every((c) => {
    const limits = c.resources?.limits ?? {};
    const requests = c.resources?.requests ?? limits;
    return limits.cpu !== undefined && limits.memory !== undefined && requests.cpu === limits.cpu && requests.memory === limits.memory;
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Admission (DefaultTolerationSeconds) and the DaemonSet controller add their tolerations unless the key is already tolerated. */
function mergeTolerations(own: Record<string, unknown>[], added: Record<string, unknown>[]): Record<string, unknown>[] {
  const has = (t: Record<string, unknown>) => own.some((o) => o.key === t.key && o.effect === t.effect);
  return [...own, ...added.filter((t) => !has(t))];
}

function defaultTolerations(): Record<string, unknown>[] {
  return ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'].map((key) => ({ effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: 300 }));
}

function daemonSetTolerations(): Record<string, unknown>[] {
  return [
    { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists' },
    { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists' },
    { effect: 'NoSchedule', key: 'node.kubernetes.io/disk-pressure', operator: 'Exists' },
    { effect: 'NoSchedule', key: 'node.kubernetes.io/memory-pressure', operator: 'Exists' },
    { effect: 'NoSchedule', key: 'node.kubernetes.io/pid-pressure', operator: 'Exists' },
    { effect: 'NoSchedule', key: 'node.kubernetes.io/unschedulable', operator: 'Exists' },
  ];
}

function apiAccessVolume(name: string): Record<string, unknown> {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
        { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Coherence
// ---------------------------------------------------------------------------------------------

/**
 * What is inconsistent in a set of objects, as sentences (empty when coherent): missing identity fields,
 * duplicate uids, owner references, node names, claims, PV bindings, Endpoints/EndpointSlices and event
 * references that do not resolve by uid.
 */
export function coherenceProblems(objects: readonly KubeObject[]): string[] {
  const problems: string[] = [];
  const id = (o: KubeObject) => `${o.kind} ${o.metadata.namespace === undefined ? '' : `${o.metadata.namespace}/`}${o.metadata.name}`;
  const byUid = new Map<string, KubeObject>();
  const byKey = new Map<string, KubeObject>();
  const key = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace ?? ''}/${name}`;
  for (const o of objects) {
    if (!o.kind || !o.apiVersion || !o.metadata.name) problems.push(`${id(o)}: missing kind, apiVersion or metadata.name`);
    const uid = o.metadata.uid;
    if (uid === undefined || uid === '') problems.push(`${id(o)}: no uid`);
    else if (byUid.has(uid)) problems.push(`${id(o)}: uid ${uid} already used`);
    else byUid.set(uid, o);
    if (byKey.has(key(o.kind, o.metadata.namespace, o.metadata.name))) problems.push(`${id(o)}: duplicate`);
    byKey.set(key(o.kind, o.metadata.namespace, o.metadata.name), o);
  }
  const get = (kind: string, namespace: string | undefined, name: unknown) => (typeof name === 'string' ? byKey.get(key(kind, namespace, name)) : undefined);

  for (const o of objects) {
    const ns = o.metadata.namespace;
    for (const owner of o.metadata.ownerReferences ?? []) {
      const found = get(owner.kind, ns, owner.name);
      if (!found || found.metadata.uid !== owner.uid) problems.push(`${id(o)}: owner ${owner.kind} ${owner.name} (${owner.uid ?? '?'}) does not resolve`);
    }
    if (o.kind === 'Pod') {
      const node = dig(o, 'spec', 'nodeName');
      if (node !== undefined && !get('Node', undefined, node)) problems.push(`${id(o)}: node ${JSON.stringify(node)} is not in the set`);
      for (const v of asArray(dig(o, 'spec', 'volumes'))) {
        const claim = dig(v, 'persistentVolumeClaim', 'claimName');
        if (claim !== undefined && !get('PersistentVolumeClaim', ns, claim)) problems.push(`${id(o)}: claim ${JSON.stringify(claim)} is not in the set`);
      }
    }
    if (o.kind === 'PersistentVolumeClaim' && dig(o, 'status', 'phase') === 'Bound') {
      const pv = get('PersistentVolume', undefined, dig(o, 'spec', 'volumeName'));
      if (!pv) problems.push(`${id(o)}: bound volume ${String(dig(o, 'spec', 'volumeName'))} is not in the set`);
      else if (dig(pv, 'spec', 'claimRef', 'uid') !== o.metadata.uid || dig(pv, 'spec', 'claimRef', 'name') !== o.metadata.name) problems.push(`${id(o)}: ${pv.metadata.name}'s claimRef points elsewhere`);
    }
    if (o.kind === 'EndpointSlice') {
      if (!get('Service', ns, o.metadata.labels?.['kubernetes.io/service-name'])) problems.push(`${id(o)}: its Service is not in the set`);
      for (const e of asArray(o.endpoints)) checkTarget(o, dig(e, 'targetRef'), dig(e, 'addresses', 0), dig(e, 'nodeName'));
    }
    if (o.kind === 'Endpoints') {
      for (const s of asArray(o.subsets)) for (const a of [...asArray(dig(s, 'addresses')), ...asArray(dig(s, 'notReadyAddresses'))]) checkTarget(o, dig(a, 'targetRef'), dig(a, 'ip'), dig(a, 'nodeName'));
    }
    if (o.kind === 'Event') {
      const uid = dig(o, 'involvedObject', 'uid');
      const target = typeof uid === 'string' ? byUid.get(uid) : undefined;
      if (target && (target.metadata.name !== dig(o, 'involvedObject', 'name') || target.kind !== dig(o, 'involvedObject', 'kind'))) problems.push(`${id(o)}: involvedObject uid belongs to ${id(target)}`);
    }
  }
  return problems;

  function checkTarget(o: KubeObject, target: unknown, ip: unknown, nodeName: unknown): void {
    if (target === undefined) return;
    const pod = typeof dig(target, 'uid') === 'string' ? byUid.get(dig(target, 'uid') as string) : undefined;
    if (!pod || pod.kind !== 'Pod' || pod.metadata.name !== dig(target, 'name')) problems.push(`${id(o)}: targetRef ${String(dig(target, 'name'))} does not resolve by uid`);
    else if (dig(pod, 'status', 'podIP') !== ip || dig(pod, 'spec', 'nodeName') !== nodeName) problems.push(`${id(o)}: address ${String(ip)} on ${String(nodeName)} disagrees with ${id(pod)}`);
  }
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? (v as unknown[]) : [];
}
