/**
 * The Model: a read-only, indexed view of one ClusterState. Pure: built once from plain data, no I/O,
 * no clock (time is `now`, taken from the state).
 */
import type { ClusterState, KubeObject, SourceNote } from '../sources/types.ts';
import type {
  KindMap,
  KnownKind,
  CStorVolume,
  EndpointSlice,
  Endpoints,
  JivaVolume,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  Service,
  StorageClass,
  VolumeAttachment,
  Workload,
} from '../kube/types.ts';
import { list, text, timeOf } from '../kube/read.ts';
import { podNode } from '../kube/pod.ts';
import { matchesSelectorMap } from '../kube/selector.ts';
import { keyOf, refOf, type ObjectRef } from './refs.ts';
import { indexEvents, type EventIndex } from './events.ts';
import { pushTo } from './multimap.ts';

/** Kinds whose objects are workloads that own pods. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'] as const;

export class Model {
  readonly observedAt: string;
  /** `observedAt` in epoch milliseconds: the "now" of every age and staleness verdict. */
  readonly now: number;
  readonly notes: readonly SourceNote[];
  readonly state: ClusterState;

  // Every index is built on its first use, in one pass: an audit of a large cluster never asks for most of
  // them (pods by key, say), and building them all up front cost as much as the checks themselves.
  private readonly byKeyOfKind = new Map<string, Map<string, KubeObject>>();
  private byUidIndex: Map<string, KubeObject> | undefined;
  private podsOnNodeIndex: Map<string, Pod[]> | undefined;
  private podsByNamespace: Map<string, Pod[]> | undefined;
  private servicesByIp: Map<string, Service[]> | undefined;
  private endpointSlicesByService: Map<string, EndpointSlice[]> | undefined;
  private pvByName: Map<string, PersistentVolume> | undefined;
  private podsByIp: Map<string, Pod[]> | undefined;
  private nodesByAddress: Map<string, Node> | undefined;
  private attachmentsByPv: Map<string, VolumeAttachment[]> | undefined;
  private readonly labelIndexes = new Map<string, Map<string, Pod[]>>();
  private eventIndex: EventIndex | undefined;

  constructor(state: ClusterState) {
    this.state = state;
    this.observedAt = state.observedAt;
    this.now = timeOf(state.observedAt) ?? 0;
    this.notes = state.notes;
  }

  /** Events by involved object and by the volumes their messages mention. */
  get events(): EventIndex {
    this.eventIndex ??= indexEvents(this.all('Event'), new Set(this.nodes.map((n) => n.metadata.name)));
    return this.eventIndex;
  }

  /**
   * Objects of one kind by kind/namespace/name. Events are reached through `events` (by involved object),
   * never by their own key or uid; leaving them out saves an entry per event, the bulk of a large cluster's objects.
   */
  private keyIndex(kind: string): Map<string, KubeObject> {
    let index = this.byKeyOfKind.get(kind);
    if (index === undefined) {
      index = new Map();
      if (kind !== 'Event') for (const obj of this.state.objects.get(kind) ?? []) index.set(keyOf(obj.kind, obj.metadata.namespace, obj.metadata.name), obj);
      this.byKeyOfKind.set(kind, index);
    }
    return index;
  }

  private uidIndex(): Map<string, KubeObject> {
    if (this.byUidIndex === undefined) {
      this.byUidIndex = new Map();
      for (const [kind, objects] of this.state.objects) {
        if (kind === 'Event') continue;
        for (const obj of objects) {
          const uid = text(obj.metadata.uid);
          if (uid !== undefined) this.byUidIndex.set(uid, obj);
        }
      }
    }
    return this.byUidIndex;
  }

  // Three pod indexes, each built alone: an audit asks only for pods by IP, diagnosis for a node's or a namespace's.
  private podsOnNodeMap(): Map<string, Pod[]> {
    if (this.podsOnNodeIndex === undefined) {
      this.podsOnNodeIndex = new Map();
      for (const pod of this.pods) {
        const node = podNode(pod);
        if (node !== undefined) pushTo(this.podsOnNodeIndex, node, pod);
      }
    }
    return this.podsOnNodeIndex;
  }

  private podsByNamespaceMap(): Map<string, Pod[]> {
    if (this.podsByNamespace === undefined) {
      this.podsByNamespace = new Map();
      for (const pod of this.pods) pushTo(this.podsByNamespace, pod.metadata.namespace ?? '', pod);
    }
    return this.podsByNamespace;
  }

  private podsByIpMap(): Map<string, Pod[]> {
    if (this.podsByIp === undefined) {
      this.podsByIp = new Map();
      for (const pod of this.pods) {
        const ip = text(pod.status?.podIP);
        // Host-network pods share the node's IP; they are not what a pod IP portal points at.
        if (ip !== undefined && pod.spec?.hostNetwork !== true) pushTo(this.podsByIp, ip, pod);
      }
    }
    return this.podsByIp;
  }

  private serviceIpIndex(): Map<string, Service[]> {
    if (this.servicesByIp === undefined) {
      this.servicesByIp = new Map();
      for (const svc of this.services) {
        const ips = new Set<string>([...list(svc.spec?.clusterIPs), ...(text(svc.spec?.clusterIP) !== undefined ? [svc.spec?.clusterIP ?? ''] : [])]);
        for (const ip of ips) if (ip !== '' && ip !== 'None') pushTo(this.servicesByIp, ip, svc);
      }
    }
    return this.servicesByIp;
  }

  private sliceIndex(): Map<string, EndpointSlice[]> {
    if (this.endpointSlicesByService === undefined) {
      this.endpointSlicesByService = new Map();
      for (const slice of this.endpointSlices) {
        const svc = slice.metadata.labels?.['kubernetes.io/service-name'];
        if (svc !== undefined) pushTo(this.endpointSlicesByService, keyOf('Service', slice.metadata.namespace, svc), slice);
      }
    }
    return this.endpointSlicesByService;
  }

  private pvIndex(): Map<string, PersistentVolume> {
    if (this.pvByName === undefined) {
      this.pvByName = new Map();
      for (const pv of this.persistentVolumes) this.pvByName.set(pv.metadata.name, pv);
    }
    return this.pvByName;
  }

  private nodeAddressIndex(): Map<string, Node> {
    if (this.nodesByAddress === undefined) {
      this.nodesByAddress = new Map();
      for (const node of this.nodes) {
        for (const a of list(node.status?.addresses)) {
          const address = text(a.address);
          if (address !== undefined) this.nodesByAddress.set(address, node);
        }
      }
    }
    return this.nodesByAddress;
  }

  private attachmentIndex(): Map<string, VolumeAttachment[]> {
    if (this.attachmentsByPv === undefined) {
      this.attachmentsByPv = new Map();
      for (const va of this.volumeAttachments) {
        const pv = text(va.spec?.source?.persistentVolumeName);
        if (pv !== undefined) pushTo(this.attachmentsByPv, pv, va);
      }
    }
    return this.attachmentsByPv;
  }

  /** Every object of a kind (empty when none were read). The source groups objects by their `kind`, so the cast is checked by construction. */
  all<K extends KnownKind>(kind: K): readonly KindMap[K][] {
    return (this.state.objects.get(kind) ?? []);
  }

  /** One object by kind, namespace and name (not Events: use `events`). */
  get<K extends KnownKind>(kind: K, namespace: string | undefined, name: string): KindMap[K] | undefined {
    return this.keyIndex(kind).get(keyOf(kind, namespace, name));
  }

  /** The object with this uid (not Events: use `events`). */
  byUid(uid: string | undefined): KubeObject | undefined {
    return uid === undefined ? undefined : this.uidIndex().get(uid);
  }

  /** The object a reference points at: by uid first, else by kind/namespace/name. */
  resolve(ref: ObjectRef): KubeObject | undefined {
    const byUid = this.byUid(ref.uid);
    if (byUid !== undefined) return byUid;
    return this.keyIndex(ref.kind).get(keyOf(ref.kind, ref.namespace, ref.name));
  }

  /** The object a reference points at, when it is of `kind`. */
  resolveAs<K extends KnownKind>(kind: K, ref: ObjectRef): KindMap[K] | undefined {
    const obj = this.resolve(ref);
    return obj?.kind === kind ? (obj) : undefined;
  }

  /**
   * Whether a kind was read at all. `unknown` when the source cannot tell (a snapshot of unknown
   * coverage that simply holds no such object); output must then say "not in the snapshot".
   */
  kindCoverage(kind: KnownKind | (string & {})): 'read' | 'forbidden' | 'not-read' | 'unknown' {
    if (this.notes.some((n) => n.kind === 'forbidden' && n.resource === kind && n.namespace === undefined)) return 'forbidden';
    if ((this.state.objects.get(kind) ?? []).length > 0) return 'read';
    if (this.state.kindsRead === undefined) return 'unknown';
    return this.state.kindsRead.has(kind) ? 'read' : 'not-read';
  }

  /**
   * kindCoverage for one namespace. A snapshot of unknown coverage shows that a namespaced kind was read there only by
   * holding objects of it there: a collection filtered by namespace can hold the kind elsewhere and still lack this one.
   */
  kindCoverageIn(kind: KnownKind | (string & {}), namespace: string | undefined): 'read' | 'forbidden' | 'not-read' | 'unknown' {
    const coverage = this.kindCoverage(kind);
    if (coverage !== 'read' || this.state.kindsRead !== undefined) return coverage;
    return (this.state.objects.get(kind) ?? []).some((o) => o.metadata.namespace === namespace) ? 'read' : 'unknown';
  }

  get pods(): readonly Pod[] {
    return this.all('Pod');
  }
  get nodes(): readonly Node[] {
    return this.all('Node');
  }
  get services(): readonly Service[] {
    return this.all('Service');
  }
  get endpoints(): readonly Endpoints[] {
    return this.all('Endpoints');
  }
  get endpointSlices(): readonly EndpointSlice[] {
    return this.all('EndpointSlice');
  }
  get persistentVolumes(): readonly PersistentVolume[] {
    return this.all('PersistentVolume');
  }
  get volumeAttachments(): readonly VolumeAttachment[] {
    return this.all('VolumeAttachment');
  }
  get jivaVolumes(): readonly JivaVolume[] {
    return this.all('JivaVolume');
  }
  get cstorVolumes(): readonly CStorVolume[] {
    return this.all('CStorVolume');
  }

  pod(namespace: string, name: string): Pod | undefined {
    return this.get('Pod', namespace, name);
  }
  node(name: string | undefined): Node | undefined {
    return name === undefined ? undefined : this.get('Node', undefined, name);
  }
  claim(namespace: string | undefined, name: string): PersistentVolumeClaim | undefined {
    return this.get('PersistentVolumeClaim', namespace, name);
  }
  persistentVolume(name: string): PersistentVolume | undefined {
    return this.pvIndex().get(name);
  }
  storageClass(name: string | undefined): StorageClass | undefined {
    return name === undefined ? undefined : this.get('StorageClass', undefined, name);
  }
  podsOnNode(node: string): readonly Pod[] {
    return this.podsOnNodeMap().get(node) ?? [];
  }
  podsInNamespace(namespace: string): readonly Pod[] {
    return this.podsByNamespaceMap().get(namespace) ?? [];
  }
  servicesWithClusterIP(ip: string): readonly Service[] {
    return this.serviceIpIndex().get(ip) ?? [];
  }
  endpointSlicesOf(service: Service): readonly EndpointSlice[] {
    return this.sliceIndex().get(keyOf('Service', service.metadata.namespace, service.metadata.name)) ?? [];
  }
  endpointsOf(service: Service): Endpoints | undefined {
    return this.get('Endpoints', service.metadata.namespace, service.metadata.name);
  }

  /** Pods whose label `key` has `value`, across namespaces (index built on first use of each key). */
  podsWithLabel(key: string, value: string): readonly Pod[] {
    let index = this.labelIndexes.get(key);
    if (index === undefined) {
      index = new Map<string, Pod[]>();
      for (const pod of this.pods) {
        const v = pod.metadata.labels?.[key];
        if (typeof v === 'string') pushTo(index, v, pod);
      }
      this.labelIndexes.set(key, index);
    }
    return index.get(value) ?? [];
  }
  /**
   * Pods of `namespace` whose labels carry every key/value of a Service-style selector, in model order.
   * Looks up the rarest selector entry in the label index instead of scanning the namespace, so resolving
   * every Service of a namespace with thousands of pods stays linear.
   */
  podsMatchingSelector(namespace: string, selector: Readonly<Record<string, string>>): Pod[] {
    let candidates: readonly Pod[] | undefined;
    for (const [key, value] of Object.entries(selector)) {
      const pods = this.podsWithLabel(key, value);
      if (candidates === undefined || pods.length < candidates.length) candidates = pods;
    }
    if (candidates === undefined) return [];
    return candidates.filter((pod) => (pod.metadata.namespace ?? '') === namespace && matchesSelectorMap(selector, pod.metadata.labels ?? {}));
  }
  /** Non-host-network pods with this IP (normally one; several when terminated pods linger). */
  podsWithIp(ip: string): readonly Pod[] {
    return this.podsByIpMap().get(ip) ?? [];
  }
  nodeWithAddress(address: string): Node | undefined {
    return this.nodeAddressIndex().get(address);
  }
  attachmentsOf(pvName: string): readonly VolumeAttachment[] {
    return this.attachmentIndex().get(pvName) ?? [];
  }

  /** The controller owner chain of an object, nearest first (Pod → ReplicaSet → Deployment). Owners absent from the state still appear, from the reference. */
  ownerChain(obj: KubeObject): ObjectRef[] {
    const chain: ObjectRef[] = [];
    let current: KubeObject | undefined = obj;
    const seen = new Set<string>();
    while (current !== undefined && chain.length < 8) {
      const owner = list(current.metadata.ownerReferences).find((o) => o.controller === true) ?? list(current.metadata.ownerReferences)[0];
      if (owner === undefined || typeof owner.kind !== 'string' || typeof owner.name !== 'string') break;
      const ref: ObjectRef = { kind: owner.kind, name: owner.name };
      if (current.metadata.namespace !== undefined) ref.namespace = current.metadata.namespace;
      if (typeof owner.uid === 'string') ref.uid = owner.uid;
      const id = ref.uid ?? keyOf(ref.kind, ref.namespace, ref.name);
      if (seen.has(id)) break;
      seen.add(id);
      const resolved: KubeObject | undefined = this.resolve(ref);
      chain.push(resolved !== undefined ? refOf(resolved) : ref);
      current = resolved;
    }
    return chain;
  }

  /** The top-level workload that owns an object (its last controller owner), or undefined for a bare pod. */
  workloadOf(obj: KubeObject): ObjectRef | undefined {
    const chain = this.ownerChain(obj);
    return chain[chain.length - 1];
  }

  /** The workload object itself, when it is in the state. */
  workloadObject(obj: KubeObject): Workload | undefined {
    const ref = this.workloadOf(obj);
    const found = ref === undefined ? undefined : this.resolve(ref);
    return found !== undefined && (WORKLOAD_KINDS as readonly string[]).includes(found.kind) ? (found) : undefined;
  }
}

/** Builds the model of one cluster state. */
export function buildModel(state: ClusterState): Model {
  return new Model(state);
}
