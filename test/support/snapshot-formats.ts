/**
 * Writes one cluster (a KubeObject[]) in every snapshot format kubehow accepts, so tests can check that the
 * same diagnosis comes out of each: a `kind: List` file, a folder of `kubectl get -o json` outputs, the stdout
 * and the `--output-directory` layout of `kubectl cluster-info dump`, and multi-document YAML.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { KubeObject } from '../../src/sources/types.ts';

/** Options of the `cluster-info dump` writers. */
export interface DumpOptions {
  /** Log lines of one container; default: a few realistic lines with braces, brackets and JSON-looking text. */
  logs?: (pod: KubeObject, container: string) => string[];
}

// ---------------------------------------------------------------------------------------------
// kubectl get -o json
// ---------------------------------------------------------------------------------------------

/** Copies a JSON value with object keys sorted at every level, as `kubectl get -o json` prints unstructured objects. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** The text of a `kubectl get -o json` List of `objects` (sorted keys, 2-space indent, trailing newline). */
export function formatList(objects: readonly KubeObject[]): string {
  return `${JSON.stringify(sortKeysDeep({ apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } }), null, 2)}\n`;
}

const KIND_ORDER = [
  'Namespace', 'Node', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'Service', 'Endpoints', 'EndpointSlice',
  'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Pod', 'VolumeAttachment', 'Event',
];

/**
 * `objects` in the order of `kubectl get namespaces,nodes,storageclasses,pv,pvc,services,endpoints,endpointslices,
 * deployments,replicasets,statefulsets,daemonsets,pods,volumeattachments,events -A -o json`: by kind, then namespace, then name.
 */
export function kubectlGetOrder(objects: readonly KubeObject[]): KubeObject[] {
  const rank = (o: KubeObject) => {
    const i = KIND_ORDER.indexOf(o.kind);
    return i < 0 ? KIND_ORDER.length : i;
  };
  return [...objects].sort((a, b) => rank(a) - rank(b) || a.kind.localeCompare(b.kind) || byNamespaceAndName(a, b));
}

function byNamespaceAndName(a: KubeObject, b: KubeObject): number {
  return compare(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || compare(a.metadata.name, b.metadata.name);
}

/** Byte-wise comparison, like the API server's etcd key order. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Writes one `kind: List` JSON file holding `objects` in the given order. */
export function writeListFile(objects: readonly KubeObject[], file: string): void {
  writeText(file, formatList(objects));
}

const WELL_KNOWN_GROUPS = new Set(['', 'apps', 'storage.k8s.io', 'discovery.k8s.io', 'batch', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io']);

/** The resource name kubectl uses for a kind (`pods`, `endpoints`, `storageclasses`), group-qualified for custom groups. */
export function resourceName(kind: string, apiVersion: string): string {
  const lower = kind.toLowerCase();
  const plural = lower === 'endpoints' ? lower : lower.endsWith('s') ? `${lower}es` : lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : `${lower}s`;
  const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
  return WELL_KNOWN_GROUPS.has(group) ? plural : `${plural}.${group}`;
}

/** Writes a folder of `kubectl get <resource> -A -o json` outputs, one List file per kind (`pods.json`, `events.json`...). Returns the files. */
export function writeGetJsonDirectory(objects: readonly KubeObject[], dir: string): string[] {
  const byResource = new Map<string, KubeObject[]>();
  for (const o of objects) {
    const key = resourceName(o.kind, o.apiVersion);
    byResource.set(key, [...(byResource.get(key) ?? []), o]);
  }
  const files: string[] = [];
  for (const [resource, items] of byResource) {
    const file = join(dir, `${resource}.json`);
    writeListFile([...items].sort(byNamespaceAndName), file);
    files.push(file);
  }
  return files;
}

/** Writes multi-document YAML (`---` between objects), keys sorted as `kubectl get -o yaml` prints them. */
export function writeMultiDocYaml(objects: readonly KubeObject[], file: string): void {
  writeText(file, objects.map((o) => stringify(sortKeysDeep(o))).join('---\n'));
}

// ---------------------------------------------------------------------------------------------
// kubectl cluster-info dump
// ---------------------------------------------------------------------------------------------

interface DumpedList {
  kind: string;
  apiVersion: string;
  /** File name in the --output-directory layout (without extension). */
  file: string;
  /** The kind of the items. */
  itemKind: string;
}

/** What `cluster-info dump` lists per namespace, in its order. */
const NAMESPACED_LISTS: DumpedList[] = [
  { kind: 'EventList', apiVersion: 'v1', file: 'events', itemKind: 'Event' },
  { kind: 'ReplicationControllerList', apiVersion: 'v1', file: 'replication-controllers', itemKind: 'ReplicationController' },
  { kind: 'ServiceList', apiVersion: 'v1', file: 'services', itemKind: 'Service' },
  { kind: 'DaemonSetList', apiVersion: 'apps/v1', file: 'daemonsets', itemKind: 'DaemonSet' },
  { kind: 'DeploymentList', apiVersion: 'apps/v1', file: 'deployments', itemKind: 'Deployment' },
  { kind: 'ReplicaSetList', apiVersion: 'apps/v1', file: 'replicasets', itemKind: 'ReplicaSet' },
  { kind: 'PodList', apiVersion: 'v1', file: 'pods', itemKind: 'Pod' },
];

const DUMPED: ReadonlySet<string> = new Set(['Node/v1', ...NAMESPACED_LISTS.map((l) => `${l.itemKind}/${l.apiVersion}`)]);

function isDumped(o: KubeObject): boolean {
  return DUMPED.has(`${o.kind}/${o.apiVersion}`) && (o.kind === 'Node' || o.metadata.namespace !== undefined);
}

/** One document of the dump: `{name, text}` where name is the --output-directory path. */
interface DumpPart {
  path: string;
  text: string;
}

/** Go struct field order of ObjectMeta and Event, as typed clients print them. */
const META_ORDER = ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'labels', 'annotations', 'ownerReferences', 'finalizers'];
const EVENT_ORDER = ['metadata', 'involvedObject', 'reason', 'message', 'source', 'firstTimestamp', 'lastTimestamp', 'count', 'type', 'eventTime', 'series', 'action', 'related', 'reportingComponent', 'reportingInstance'];
const OBJECT_ORDER = ['metadata', 'spec', 'status'];

function ordered(obj: Record<string, unknown>, order: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of order) if (key in obj) out[key] = obj[key];
  for (const key of Object.keys(obj)) if (!(key in out)) out[key] = obj[key];
  return out;
}

/** An item as a typed client returns it inside a List: no kind/apiVersion, fields in Go struct order. */
function typedItem(o: KubeObject): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (k !== 'kind' && k !== 'apiVersion') rest[k] = v;
  rest.metadata = ordered({ ...o.metadata }, META_ORDER);
  return ordered(rest, o.kind === 'Event' ? EVENT_ORDER : OBJECT_ORDER);
}

function listDocument(list: Pick<DumpedList, 'kind' | 'apiVersion'>, items: KubeObject[], resourceVersion: string): string {
  const doc = { kind: list.kind, apiVersion: list.apiVersion, metadata: { resourceVersion }, items: [...items].sort(byNamespaceAndName).map(typedItem) };
  return `${JSON.stringify(doc, null, 4)}\n`;
}

function dumpParts(objects: readonly KubeObject[], opts: DumpOptions): { parts: DumpPart[]; omitted: KubeObject[] } {
  const dumped = objects.filter(isDumped);
  const omitted = objects.filter((o) => !isDumped(o));
  const resourceVersion = String(Math.max(0, ...objects.map((o) => Number(o.metadata.resourceVersion ?? 0)).filter(Number.isFinite)) + 1);
  const namespaces = [...new Set([
    ...objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name),
    ...dumped.flatMap((o) => (o.metadata.namespace === undefined ? [] : [o.metadata.namespace])),
  ])].sort(compare);

  const parts: DumpPart[] = [{ path: 'nodes.json', text: listDocument({ kind: 'NodeList', apiVersion: 'v1' }, dumped.filter((o) => o.kind === 'Node'), resourceVersion) }];
  for (const ns of namespaces) {
    const inNs = dumped.filter((o) => o.metadata.namespace === ns);
    for (const list of NAMESPACED_LISTS) {
      parts.push({ path: join(ns, `${list.file}.json`), text: listDocument(list, inNs.filter((o) => o.kind === list.itemKind), resourceVersion) });
    }
    for (const pod of inNs.filter((o) => o.kind === 'Pod').sort(byNamespaceAndName)) {
      parts.push({ path: join(ns, pod.metadata.name, 'logs.txt'), text: podLogs(pod, opts) });
    }
  }
  return { parts, omitted };
}

/**
 * The exact stdout of `kubectl cluster-info dump -A`: NodeList, then per namespace (sorted) EventList, ReplicationControllerList,
 * ServiceList, DaemonSetList, DeploymentList, ReplicaSetList, PodList as 4-space JSON, then each pod's log blocks.
 * Returns the text and the objects the dump does not carry (PV, PVC, StorageClass, Endpoints, EndpointSlice, ...).
 */
export function clusterInfoDump(objects: readonly KubeObject[], opts: DumpOptions = {}): { text: string; omitted: KubeObject[] } {
  const { parts, omitted } = dumpParts(objects, opts);
  return { text: parts.map((p) => p.text).join(''), omitted };
}

/** Writes the stdout form of `kubectl cluster-info dump -A` to `file`; returns the objects it omits. */
export function writeClusterInfoDump(objects: readonly KubeObject[], file: string, opts: DumpOptions = {}): KubeObject[] {
  const { text, omitted } = clusterInfoDump(objects, opts);
  writeText(file, text);
  return omitted;
}

/** Writes the `--output-directory` layout (`nodes.json`, `<ns>/events.json`, ..., `<ns>/<pod>/logs.txt`); returns the objects it omits. */
export function writeClusterInfoDumpDirectory(objects: readonly KubeObject[], dir: string, opts: DumpOptions = {}): KubeObject[] {
  const { parts, omitted } = dumpParts(objects, opts);
  for (const part of parts) writeText(join(dir, part.path), part.text);
  return omitted;
}

// ---------------------------------------------------------------------------------------------
// Pod logs
// ---------------------------------------------------------------------------------------------

interface ContainerView {
  name: string;
  image: string;
  started?: string;
  waitingReason?: string;
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.map(record) : [];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Init containers first, then containers, with when they (last) started or why they wait. */
function containersOf(pod: KubeObject): ContainerView[] {
  const spec = record(pod.spec);
  const status = record(pod.status);
  const statuses = [...list(status.initContainerStatuses), ...list(status.containerStatuses)];
  return [...list(spec.initContainers), ...list(spec.containers)].map((c) => {
    const name = str(c.name) ?? '';
    const st = statuses.find((s) => s.name === name) ?? {};
    const state = record(st.state);
    const started = str(record(state.running).startedAt) ?? str(record(state.terminated).startedAt) ?? str(record(record(st.lastState).terminated).startedAt);
    return { name, image: str(c.image) ?? '', started, waitingReason: str(record(state.waiting).reason) };
  });
}

function podLogs(pod: KubeObject, opts: DumpOptions): string {
  const ns = pod.metadata.namespace ?? 'default';
  const podName = pod.metadata.name;
  const nodeName = str(record(pod.spec).nodeName);
  let out = '';
  for (const c of containersOf(pod)) {
    out += `==== START logs for container ${c.name} of pod ${ns}/${podName} ====\n`;
    if (c.started === undefined) {
      // kubectl writes the START marker, then the error, and its deferred END marker.
      const why = nodeName === undefined ? `pod ${podName} does not have a host assigned` : `container "${c.name}" in pod "${podName}" is waiting to start: ${c.waitingReason ?? 'ContainerCreating'}`;
      out += `Create log request error: ${why}\n`;
    } else {
      const lines = opts.logs ? opts.logs(pod, c.name) : defaultLogLines(c, ns, podName);
      out += lines.map((l) => `${l}\n`).join('');
    }
    out += `==== END logs for container ${c.name} of pod ${ns}/${podName} ====\n`;
  }
  return out;
}

/** A few deterministic log lines in the styles real containers print: klog, JSON, .NET-style brackets, a stack trace with braces. */
function defaultLogLines(c: ContainerView, namespace: string, podName: string): string[] {
  const t0 = Date.parse(c.started ?? '2026-01-01T00:00:00Z');
  const at = (s: number) => new Date(t0 + s * 1000).toISOString();
  const klog = (s: number, sev: string, msg: string) => {
    const iso = at(s);
    return `${sev}${iso.slice(5, 7)}${iso.slice(8, 10)} ${iso.slice(11, 23)}000       1 ${msg}`;
  };
  return [
    `[migrations] started`,
    `[custom-init] No custom files found, skipping...`,
    `${at(1).slice(0, 19).replace('T', ' ')},101|Info|Bootstrap|Starting ${c.name} - image ${c.image} [pod: ${podName}]`,
    klog(2, 'I', `main.go:64] Starting ${c.name} with options map[leader-elect:true namespace:${namespace}]`),
    `{"level":"info","ts":"${at(3)}","logger":"controller","msg":"Starting workers","worker count":1}`,
    `{"level":"error","ts":"${at(4)}","msg":"Reconciler error","error":"Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again","stacktrace":"k8s.io/client-go/tools/cache.(*Reflector).Run\\n\\tfoo.go:1"}`,
    klog(5, 'W', `reflector.go:424] failed to list *v1.PersistentVolume: Get "https://10.152.183.1:443/api/v1/persistentvolumes?limit=500": dial tcp 10.152.183.1:443: i/o timeout`),
    `config: {`,
    `  "listen": ":8080",`,
    `  "paths": ["/config", "/data"]`,
    `}`,
    `[Warn] ${c.name}: settings [ "ApiKey" ] are not set {see docs}`,
    klog(6, 'E', `event.go:289] Unable to write event: '&v1.Event{TypeMeta:v1.TypeMeta{Kind:"", APIVersion:""}, ObjectMeta:v1.ObjectMeta{Name:"${podName}"}}' (may retry after sleeping)`),
    `goroutine 1 [running]:`,
    `main.main.func1() {`,
  ];
}

function writeText(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}
