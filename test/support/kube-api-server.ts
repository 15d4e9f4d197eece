/**
 * A Kubernetes API server for tests, serving the REST API from a list of objects on 127.0.0.1:
 * discovery (`/version`, `/api`, `/apis`, group resource lists), GET of one object, lists with label
 * and field selectors and `limit`/`continue` paging, watch streams (chunked JSON lines of WatchEvents),
 * and injected faults (403, 410, 429 with Retry-After, 500, slow answers, watch streams the server closes).
 * Like etcd, every write gets the next resourceVersion and is kept in a history, so a watch from a
 * version replays only the later events, and a watch from before `compact()` gets 410 Expired. It records every request so
 * tests can count them and check them against the RBAC role. Field selectors are limited to the fields
 * the real server supports for each kind (pkg/apis/core/v1/conversion.go), so a client cannot rely on
 * one a real cluster would reject.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KubeObject } from '../../src/sources/types.ts';

/** A resource the server serves. */
export interface ServedResource {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

const BUILTIN: ServedResource[] = [
  { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true },
  { group: '', version: 'v1', plural: 'nodes', kind: 'Node', namespaced: false },
  { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false },
  { group: '', version: 'v1', plural: 'services', kind: 'Service', namespaced: true },
  { group: '', version: 'v1', plural: 'endpoints', kind: 'Endpoints', namespaced: true },
  { group: '', version: 'v1', plural: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', namespaced: true },
  { group: '', version: 'v1', plural: 'persistentvolumes', kind: 'PersistentVolume', namespaced: false },
  { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true },
  { group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true },
  { group: '', version: 'v1', plural: 'replicationcontrollers', kind: 'ReplicationController', namespaced: true },
  { group: '', version: 'v1', plural: 'events', kind: 'Event', namespaced: true },
  { group: 'events.k8s.io', version: 'v1', plural: 'events', kind: 'Event', namespaced: true },
  { group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', kind: 'EndpointSlice', namespaced: true },
  { group: 'storage.k8s.io', version: 'v1', plural: 'storageclasses', kind: 'StorageClass', namespaced: false },
  { group: 'storage.k8s.io', version: 'v1', plural: 'volumeattachments', kind: 'VolumeAttachment', namespaced: false },
  { group: 'storage.k8s.io', version: 'v1', plural: 'csidrivers', kind: 'CSIDriver', namespaced: false },
  { group: 'storage.k8s.io', version: 'v1', plural: 'csinodes', kind: 'CSINode', namespaced: false },
  { group: 'networking.k8s.io', version: 'v1', plural: 'networkpolicies', kind: 'NetworkPolicy', namespaced: true },
  { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true },
  { group: 'apps', version: 'v1', plural: 'replicasets', kind: 'ReplicaSet', namespaced: true },
  { group: 'apps', version: 'v1', plural: 'statefulsets', kind: 'StatefulSet', namespaced: true },
  { group: 'apps', version: 'v1', plural: 'daemonsets', kind: 'DaemonSet', namespaced: true },
  { group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', namespaced: true },
  { group: 'batch', version: 'v1', plural: 'cronjobs', kind: 'CronJob', namespaced: true },
];

/** Field selectors the real API server accepts, per kind (all kinds: metadata.name, metadata.namespace). */
const FIELD_LABELS: Record<string, string[]> = {
  Pod: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  Node: ['spec.unschedulable'],
  Event: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  Service: ['spec.clusterIP', 'spec.type'],
  Secret: ['type'],
  Namespace: ['status.phase'],
  ReplicationController: ['status.replicas'],
};

/** One recorded request. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** get, list, watch for resources; discovery for /api, /apis, /version, /openapi. */
  verb: 'get' | 'list' | 'watch' | 'discovery' | 'unknown';
  group?: string;
  resource?: string;
  namespace?: string;
  name?: string;
  status: number;
}

/** A fault to inject into matching requests. */
export interface Fault {
  /** Which requests: every given field must match. */
  match: { verb?: RecordedRequest['verb']; group?: string; resource?: string; namespace?: string; name?: string; path?: RegExp; where?: (request: RecordedRequest) => boolean };
  /** HTTP status to answer (403, 410, 429, 500 ...); omit for a slow but correct answer. */
  status?: number;
  /** Seconds in a Retry-After header. */
  retryAfter?: number;
  /** Delay before answering, in ms. */
  delayMs?: number;
  /** How many matching requests it affects (default: all). */
  times?: number;
  /** For watches: send this many events, then an ERROR 410 Expired event and end the stream. */
  watchGoneAfter?: number;
  /** For watches: send this many events (replayed or live), then end the stream cleanly, as a server ending its watch timeout does. */
  watchCloseAfter?: number;
  /** Reset the connection without answering, as a restarting API server or a dropped proxy connection does. */
  resetConnection?: boolean;
}

export interface KubeApiServerOptions {
  objects: readonly KubeObject[];
  /** Bearer token to require (401 otherwise). */
  token?: string;
  /** Serve `spec.clusterIP` as a Service field selector (Kubernetes ≥ 1.30). Default true. */
  serviceClusterIPSelector?: boolean;
  gitVersion?: string;
}

type Selector = (object: KubeObject) => boolean;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldValue(object: KubeObject, path: string): string {
  if (path === 'source') {
    const component = (object.source as { component?: unknown } | undefined)?.component;
    return typeof component === 'string' ? component : '';
  }
  let current: unknown = object;
  for (const part of path.split('.')) current = isRecord(current) ? current[part] : undefined;
  if (current === undefined || current === null) return '';
  return typeof current === 'string' ? current : JSON.stringify(current);
}

/** Parses a field selector; throws a message for unsupported fields, like the real server. */
function parseFieldSelector(text: string, allowed: readonly string[]): Selector {
  const terms = text.split(',').filter((t) => t !== '').map((term) => {
    const m = /^([^!=]+)(==|=|!=)(.*)$/.exec(term);
    if (m?.[1] === undefined || m[3] === undefined) throw new Error(`invalid field selector: ${term}`);
    const field = m[1];
    if (field !== 'metadata.name' && field !== 'metadata.namespace' && !allowed.includes(field)) {
      throw new Error(`field label not supported: ${field}`);
    }
    return { field, negate: m[2] === '!=', value: m[3] };
  });
  return (o) => terms.every((t) => (fieldValue(o, t.field) === t.value) !== t.negate);
}

/** Parses a label selector (=, ==, !=, in, notin, key, !key). */
function parseLabelSelector(text: string): Selector {
  const terms: Selector[] = [];
  // Split on commas outside parentheses.
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (current !== '') parts.push(current);
  for (const raw of parts) {
    const part = raw.trim();
    const set = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(part);
    const labels = (o: KubeObject): Record<string, string> => o.metadata.labels ?? {};
    if (set?.[1] !== undefined && set[3] !== undefined) {
      const key = set[1];
      const values = set[3].split(',').map((v) => v.trim());
      const notin = set[2] === 'notin';
      terms.push((o) => {
        const v = labels(o)[key];
        return notin ? v === undefined || !values.includes(v) : v !== undefined && values.includes(v);
      });
      continue;
    }
    const eq = /^([^!=]+)(==|=|!=)(.*)$/.exec(part);
    if (eq?.[1] !== undefined && eq[3] !== undefined) {
      const key = eq[1];
      const value = eq[3];
      const negate = eq[2] === '!=';
      terms.push((o) => (labels(o)[key] === value) !== negate);
      continue;
    }
    if (part.startsWith('!')) {
      const key = part.slice(1);
      terms.push((o) => !(key in labels(o)));
    } else {
      terms.push((o) => part in labels(o));
    }
  }
  return (o) => terms.every((t) => t(o));
}

interface Watcher {
  resource: ServedResource;
  namespace: string | undefined;
  selector: Selector;
  res: ServerResponse;
  /** Events left before the server closes the stream (watchCloseAfter). */
  remaining: number | undefined;
}

/** One write, as the watch cache keeps it. */
interface HistoryEntry {
  resourceVersion: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
}

export class KubeApiServer {
  readonly requests: RecordedRequest[] = [];
  readonly faults: Fault[] = [];
  private readonly resources: ServedResource[];
  private readonly objects = new Map<string, KubeObject[]>();
  private readonly options: KubeApiServerOptions;
  private readonly watchers = new Set<Watcher>();
  private resourceVersion = 1000;
  private readonly history: HistoryEntry[] = [];
  /** Watches from a version below this one get 410 Expired (the history before it was compacted). */
  private compactedBelow = 0;
  private server: Server | undefined;
  private port = 0;

  constructor(options: KubeApiServerOptions) {
    this.options = options;
    this.resources = [...BUILTIN];
    for (const o of options.objects) this.ensureResource(o);
    // Versions keep counting up from the seeded objects', so a list's version is never older than its items.
    for (const o of options.objects) {
      const seeded = Number(o.metadata.resourceVersion);
      if (Number.isSafeInteger(seeded) && seeded > this.resourceVersion) this.resourceVersion = seeded;
    }
    for (const o of options.objects) this.put(o, { keepVersion: true });
  }

  /** Starts listening on 127.0.0.1 (a free port). */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => {
      if (this.server === undefined) resolve();
      else this.server.close(() => {
        resolve();
      });
    });
  }

  /** A kubeconfig pointing at this server (token auth when the server requires one). */
  kubeconfig(options: { token?: string; context?: string } = {}): string {
    const token = options.token ?? this.options.token;
    const context = options.context ?? 'test-context';
    return [
      'apiVersion: v1',
      'kind: Config',
      `current-context: ${context}`,
      'clusters:',
      '- name: test-cluster',
      '  cluster:',
      `    server: ${this.url}`,
      // client-node refuses plain HTTP unless TLS verification is explicitly off; the server is loopback only.
      '    insecure-skip-tls-verify: true',
      'contexts:',
      `- name: ${context}`,
      '  context:',
      '    cluster: test-cluster',
      '    user: test-user',
      'users:',
      '- name: test-user',
      `  user: ${token !== undefined ? `{token: ${token}}` : '{}'}`,
      '',
    ].join('\n');
  }

  /** Adds or replaces an object with the next resourceVersion, notifying watchers. */
  upsert(object: KubeObject): void {
    this.ensureResource(object);
    const stored = this.put(object, { keepVersion: false });
    if (stored !== undefined) this.record(stored.existed ? 'MODIFIED' : 'ADDED', stored.object);
  }

  /** Deletes an object (both event APIs: by kind), notifying watchers with its last state at a new resourceVersion; false when absent. */
  delete(kind: string, namespace: string | undefined, name: string): boolean {
    for (const [key, list] of this.objects) {
      const index = list.findIndex((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace);
      const found = list[index];
      if (found === undefined) continue;
      list.splice(index, 1);
      this.objects.set(key, list);
      this.resourceVersion += 1;
      this.record('DELETED', { ...found, metadata: { ...found.metadata, resourceVersion: String(this.resourceVersion) } });
      return true;
    }
    return false;
  }

  /** Forgets the write history, as etcd compaction does: a watch from any earlier version now gets 410 Expired. */
  compact(): void {
    this.history.length = 0;
    this.compactedBelow = this.resourceVersion;
  }

  /** Ends every open watch stream cleanly, as an API server does when a watch's timeout runs out or it shuts down. */
  closeWatches(): void {
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
  }

  /** Watch streams open now. */
  get openWatches(): number {
    return this.watchers.size;
  }

  /** Requests for resources (not discovery), for counting. */
  resourceRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.verb !== 'discovery');
  }

  private ensureResource(object: KubeObject): void {
    const [group, version] = object.apiVersion.includes('/') ? (object.apiVersion.split('/') as [string, string]) : ['', object.apiVersion];
    if (this.resources.some((r) => r.group === group && r.version === version && r.kind === object.kind)) return;
    this.resources.push({ group, version, kind: object.kind, plural: `${object.kind.toLowerCase()}s`, namespaced: object.metadata.namespace !== undefined });
  }

  private keyOf(r: ServedResource): string {
    // Both event APIs serve the same objects, as the real server does.
    return r.kind === 'Event' ? 'Event' : `${r.group}/${r.kind}`;
  }

  /** Stores an object; seeded objects keep their version, writes get the next one, as the real server assigns it. */
  private put(object: KubeObject, options: { keepVersion: boolean }): { object: KubeObject; existed: boolean } | undefined {
    const resource = this.resources.find((r) => r.kind === object.kind && (object.apiVersion === (r.group === '' ? r.version : `${r.group}/${r.version}`)));
    if (resource === undefined) return undefined;
    const key = this.keyOf(resource);
    const list = this.objects.get(key) ?? [];
    this.resourceVersion += 1;
    const version = options.keepVersion ? (object.metadata.resourceVersion ?? String(this.resourceVersion)) : String(this.resourceVersion);
    const stored = { ...object, metadata: { ...object.metadata, resourceVersion: version } };
    const index = list.findIndex((o) => o.metadata.name === object.metadata.name && o.metadata.namespace === object.metadata.namespace);
    if (index >= 0) list[index] = stored;
    else list.push(stored);
    this.objects.set(key, list);
    return { object: stored, existed: index >= 0 };
  }

  /** Appends a write to the history and sends it to the open watches it matches. */
  private record(type: HistoryEntry['type'], object: KubeObject): void {
    this.history.push({ resourceVersion: this.resourceVersion, type, object });
    for (const w of this.watchers) {
      if (!this.matches(w, object)) continue;
      this.send(w, type, object);
    }
  }

  private matches(w: Watcher, object: KubeObject): boolean {
    return w.resource.kind === object.kind && (w.namespace === undefined || object.metadata.namespace === w.namespace) && w.selector(object);
  }

  private send(w: Watcher, type: string, object: KubeObject): void {
    if (w.remaining === 0) return;
    w.res.write(`${JSON.stringify({ type, object: this.shape(object, w.resource) })}\n`);
    if (w.remaining !== undefined) {
      w.remaining -= 1;
      if (w.remaining === 0) {
        this.watchers.delete(w);
        w.res.end();
      }
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams.entries());
    const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query, verb: 'unknown', status: 0 };
    this.requests.push(record);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const status = (code: number, reason: string, message: string): Record<string, unknown> => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });

    if (this.options.token !== undefined && req.headers.authorization !== `Bearer ${this.options.token}`) {
      send(401, status(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    if (req.method !== 'GET') {
      send(405, status(405, 'MethodNotAllowed', `${req.method ?? ''} is not served: this test server is read-only`));
      return;
    }
    const parsed = this.parsePath(url.pathname);
    Object.assign(record, parsed.record);
    const watching = query.watch === 'true' || query.watch === '1';
    if (record.verb === 'list' && watching) record.verb = 'watch';

    const fault = this.faults.find((f) => {
      if (f.times !== undefined && f.times <= 0) return false;
      const m = f.match;
      return (
        (m.verb === undefined || m.verb === record.verb) &&
        (m.group === undefined || m.group === record.group) &&
        (m.resource === undefined || m.resource === record.resource) &&
        (m.namespace === undefined || m.namespace === record.namespace) &&
        (m.name === undefined || m.name === record.name) &&
        (m.path === undefined || m.path.test(url.pathname)) &&
        (m.where === undefined || m.where(record))
      );
    });
    if (fault !== undefined) {
      if (fault.times !== undefined) fault.times -= 1;
      if (fault.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault.resetConnection === true) {
        req.socket.destroy();
        return;
      }
      if (fault.status !== undefined) {
        const reasons: Record<number, string> = { 403: 'Forbidden', 404: 'NotFound', 410: 'Expired', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable' };
        const reason = reasons[fault.status] ?? 'Unknown';
        const message =
          fault.status === 403
            ? `${record.resource ?? 'resource'}${record.group !== undefined && record.group !== '' ? `.${record.group}` : ''} is forbidden: User "test" cannot ${record.verb} resource "${record.resource ?? ''}"${record.namespace !== undefined ? ` in the namespace "${record.namespace}"` : ' at the cluster scope'}`
            : `injected ${fault.status}`;
        send(fault.status, status(fault.status, reason, message), fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {});
        return;
      }
    }

    if (parsed.discovery !== undefined) {
      if (parsed.discovery === null) send(404, status(404, 'NotFound', `the server could not find the requested resource (${url.pathname})`));
      else send(200, parsed.discovery);
      return;
    }
    const resource = parsed.resource;
    if (resource === undefined) {
      send(404, status(404, 'NotFound', `the server could not find the requested resource (${url.pathname})`));
      return;
    }
    const all = (this.objects.get(this.keyOf(resource)) ?? []).map((o) => this.shape(o, resource));
    const inNamespace = record.namespace !== undefined ? all.filter((o) => o.metadata.namespace === record.namespace) : all;

    if (record.verb === 'get') {
      const found = inNamespace.find((o) => o.metadata.name === record.name);
      if (found === undefined) send(404, status(404, 'NotFound', `${resource.plural} "${record.name ?? ''}" not found`));
      else send(200, found);
      return;
    }

    let selector: Selector;
    try {
      const allowed = [...(FIELD_LABELS[resource.kind] ?? [])].filter((f) => resource.group === '' || resource.kind !== 'Event' || !f.startsWith('involvedObject'));
      if (this.options.serviceClusterIPSelector === false && resource.kind === 'Service') allowed.splice(allowed.indexOf('spec.clusterIP'), 1);
      const byField = query.fieldSelector !== undefined ? parseFieldSelector(query.fieldSelector, allowed) : () => true;
      const byLabel = query.labelSelector !== undefined ? parseLabelSelector(query.labelSelector) : () => true;
      selector = (o) => byField(o) && byLabel(o);
    } catch (error) {
      send(400, status(400, 'BadRequest', error instanceof Error ? error.message : String(error)));
      return;
    }
    const matching = inNamespace.filter(selector);

    if (record.verb === 'watch') {
      this.watch(res, record, resource, matching, selector, fault);
      return;
    }
    const limit = query.limit !== undefined ? Number(query.limit) : 0;
    let offset = 0;
    if (query.continue !== undefined) {
      try {
        offset = (JSON.parse(Buffer.from(query.continue, 'base64url').toString('utf8')) as { offset: number }).offset;
      } catch {
        send(400, status(400, 'BadRequest', 'invalid continue token'));
        return;
      }
    }
    const page = limit > 0 ? matching.slice(offset, offset + limit) : matching.slice(offset);
    const end = offset + page.length;
    const metadata: Record<string, unknown> = { resourceVersion: String(this.resourceVersion) };
    if (limit > 0 && end < matching.length) {
      metadata.continue = Buffer.from(JSON.stringify({ offset: end })).toString('base64url');
      metadata.remainingItemCount = matching.length - end;
    }
    send(200, { kind: `${resource.kind}List`, apiVersion: resource.group === '' ? resource.version : `${resource.group}/${resource.version}`, metadata, items: page });
  }

  /** Objects as the API serves them through a resource: core events read through events.k8s.io/v1 take that API's field names. */
  private shape(object: KubeObject, resource: ServedResource): KubeObject {
    const apiVersion = resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
    if (object.apiVersion === apiVersion) return object;
    if (resource.kind === 'Event' && resource.group === 'events.k8s.io') {
      // As pkg/apis/events/v1 converts a core Event.
      const { involvedObject, message, source, firstTimestamp, lastTimestamp, count, reportingComponent, ...rest } = object;
      return {
        ...rest,
        apiVersion,
        ...(involvedObject !== undefined ? { regarding: involvedObject } : {}),
        ...(message !== undefined ? { note: message } : {}),
        ...(source !== undefined ? { deprecatedSource: source } : {}),
        ...(firstTimestamp !== undefined ? { deprecatedFirstTimestamp: firstTimestamp } : {}),
        ...(lastTimestamp !== undefined ? { deprecatedLastTimestamp: lastTimestamp } : {}),
        ...(count !== undefined ? { deprecatedCount: count } : {}),
        ...(reportingComponent !== undefined ? { reportingController: reportingComponent } : {}),
      };
    }
    return { ...object, apiVersion };
  }

  private watch(res: ServerResponse, record: RecordedRequest, resource: ServedResource, matching: KubeObject[], selector: Selector, fault: Fault | undefined): void {
    record.status = 200;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    const expired = `${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version', reason: 'Expired', code: 410 } })}\n`;
    const from = record.query.resourceVersion;
    const initial = from === undefined || from === '0' || record.query.sendInitialEvents === 'true';
    let events: { type: string; object: KubeObject }[];
    if (initial) {
      events = matching.map((object) => ({ type: 'ADDED', object }));
    } else {
      const version = Number(from);
      if (!Number.isSafeInteger(version) || version < this.compactedBelow) {
        res.end(expired);
        return;
      }
      events = this.history.filter((h) => h.resourceVersion > version).map((h) => ({ type: h.type, object: this.shape(h.object, resource) }));
      events = events.filter((e) => e.object.kind === resource.kind && (record.namespace === undefined || e.object.metadata.namespace === record.namespace) && selector(e.object));
    }
    const goneAfter = fault?.watchGoneAfter;
    if (goneAfter !== undefined) {
      for (const e of events.slice(0, goneAfter)) res.write(`${JSON.stringify(e)}\n`);
      res.end(expired);
      return;
    }
    const watcher: Watcher = { resource, namespace: record.namespace, selector, res, remaining: fault?.watchCloseAfter };
    this.watchers.add(watcher);
    for (const e of events) this.send(watcher, e.type, e.object);
    if (watcher.remaining === 0) {
      this.watchers.delete(watcher);
      res.end();
      return;
    }
    const timeout = record.query.timeoutSeconds !== undefined ? Number(record.query.timeoutSeconds) * 1000 : undefined;
    const timer = timeout !== undefined ? setTimeout(() => res.end(), timeout) : undefined;
    res.on('close', () => {
      if (timer !== undefined) clearTimeout(timer);
      this.watchers.delete(watcher);
    });
  }

  private parsePath(pathname: string): { record: Partial<RecordedRequest>; discovery?: unknown; resource?: ServedResource } {
    const segments = pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
    if (pathname === '/version') {
      const [major, minor] = (this.options.gitVersion ?? 'v1.30.2').replace(/^v/, '').split('.');
      return { record: { verb: 'discovery' }, discovery: { major, minor, gitVersion: this.options.gitVersion ?? 'v1.30.2', platform: 'linux/amd64' } };
    }
    if (segments[0] === 'openapi' || pathname === '/healthz') return { record: { verb: 'discovery' }, discovery: null };
    if (segments[0] === 'api' && segments.length === 1) {
      return { record: { verb: 'discovery' }, discovery: { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${this.port}` }] } };
    }
    if (segments[0] === 'apis' && segments.length === 1) return { record: { verb: 'discovery' }, discovery: this.groupList() };
    let group: string;
    let version: string;
    let rest: string[];
    if (segments[0] === 'api' && segments[1] !== undefined) {
      group = '';
      version = segments[1];
      rest = segments.slice(2);
    } else if (segments[0] === 'apis' && segments[1] !== undefined) {
      group = segments[1];
      if (segments[2] === undefined) {
        const g = this.groupList().groups.find((x) => x.name === group);
        return { record: { verb: 'discovery' }, discovery: g === undefined ? null : { kind: 'APIGroup', apiVersion: 'v1', ...g } };
      }
      version = segments[2];
      rest = segments.slice(3);
    } else {
      return { record: { verb: 'unknown' } };
    }
    const served = this.resources.filter((r) => r.group === group && r.version === version);
    if (rest.length === 0) {
      if (served.length === 0) return { record: { verb: 'discovery' }, discovery: null };
      return {
        record: { verb: 'discovery' },
        discovery: {
          kind: 'APIResourceList',
          apiVersion: 'v1',
          groupVersion: group === '' ? version : `${group}/${version}`,
          resources: served.map((r) => ({ name: r.plural, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'list', 'watch'] })),
        },
      };
    }
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [plural, name] = rest;
    const resource = served.find((r) => r.plural === plural);
    const record: Partial<RecordedRequest> = { verb: name !== undefined ? 'get' : 'list', group, ...(plural !== undefined ? { resource: plural } : {}) };
    if (namespace !== undefined) record.namespace = namespace;
    if (name !== undefined) record.name = name;
    return resource === undefined ? { record } : { record, resource };
  }

  private groupList(): { kind: string; apiVersion: string; groups: { name: string; versions: { groupVersion: string; version: string }[]; preferredVersion: { groupVersion: string; version: string } }[] } {
    const byGroup = new Map<string, Set<string>>();
    for (const r of this.resources) {
      if (r.group === '') continue;
      const set = byGroup.get(r.group) ?? new Set<string>();
      set.add(r.version);
      byGroup.set(r.group, set);
    }
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...byGroup].map(([name, versions]) => {
        const list = [...versions].map((version) => ({ groupVersion: `${name}/${version}`, version }));
        return { name, versions: list, preferredVersion: list[0] ?? { groupVersion: '', version: '' } };
      }),
    };
  }
}
