/**
 * The watch configuration: a YAML file (`--config`) plus flags, flags winning. Validated up front with
 * errors that name the file and the field, so a typo fails at start-up, not at 3 a.m. when the first
 * alert should have gone out.
 */
import { parseDocument } from 'yaml';
import { InputError } from '../errors.ts';
import { CURRENT_PROBLEM_IDS } from '../checks/types.ts';
import { isRecord } from '../kube/read.ts';
import { parseDuration } from '../duration.ts';
import { DOCS_BASE_URL } from '../docs-links.ts';


/** A detector `watch` can run: a finding of something broken now (latent exposures are audit's). */
export type WatchDetector = (typeof CURRENT_PROBLEM_IDS)[number];

/** A stuck-pod threshold for the pods of a namespace, or the pods carrying every label of `labels`. */
export interface StuckOverride {
  namespace?: string;
  labels?: Record<string, string>;
  afterMs: number;
}

export interface WatchConfig {
  /** How long a pod may wait (ContainerCreating, PodInitializing, Pending after scheduling) before it is stuck. */
  stuckAfterMs: number;
  /** Per-namespace or per-label thresholds; label rules are tried first, in order, then namespace rules. */
  stuckOverrides: StuckOverride[];
  detectors: WatchDetector[];
  /** restart-storm in watch: this many restarts within `restartWindowMs` of watching a pod. */
  restartStormRestarts: number;
  restartWindowMs: number;
  /** A still-firing alert is notified again after this long (chat sinks re-post; Alertmanager is refreshed more often). */
  repeatIntervalMs: number;
  /** How long a finding must persist before it fires, per detector (a target restarting for 20 s is not an outage). */
  forMs: Record<WatchDetector, number>;
  /** Base of the documentation links in alerts: `<base>/findings/<id>.md`, `<base>/hypotheses/<id>.md`. */
  docsBaseUrl: string;
  /** host:port of /metrics, /healthz and /readyz; empty to serve none. */
  listen: string;
  /** Watch only these namespaces (cluster-scoped kinds are always watched); empty for all. */
  namespaces: string[];
  /** Sink definitions as written; validated by the sinks module (see `sinks` in the config reference). */
  sinks: unknown[];
  /** A detection pass runs at least this often, so thresholds are crossed without any cluster change. */
  passIntervalMs: number;
}

export function defaultWatchConfig(): WatchConfig {
  return {
    stuckAfterMs: 5 * 60_000,
    stuckOverrides: [],
    detectors: [...CURRENT_PROBLEM_IDS],
    // CrashLoopBackOff caps its wait at 5 minutes, so a pod failing at once restarts about 12 times an hour.
    restartStormRestarts: 5,
    restartWindowMs: 3_600_000,
    repeatIntervalMs: 4 * 3_600_000,
    forMs: { 'stuck-pod': 0, 'colocation-exposure': 0, 'restart-storm': 0, 'node-disk-pressure': 0, 'target-not-ready': 60_000 },
    docsBaseUrl: DOCS_BASE_URL,
    listen: '0.0.0.0:9090',
    namespaces: [],
    sinks: [],
    passIntervalMs: 15_000,
  };
}

const FIELDS = ['stuckAfter', 'stuckOverrides', 'detectors', 'restartStorm', 'repeatInterval', 'for', 'docsBaseUrl', 'listen', 'namespaces', 'sinks', 'passInterval'] as const;

/** A config problem, named by file and field path (`config.yaml: stuckOverrides[1].after: …`). */
function fail(file: string, field: string, message: string): never {
  throw new InputError(`${file}: ${field}: ${message}`, file);
}

function duration(file: string, field: string, value: unknown): number {
  if (typeof value !== 'string' || parseDuration(value) === undefined) fail(file, field, `expected a duration such as 90s, 5m or 1h30m, got ${JSON.stringify(value)}`);
  return parseDuration(value) ?? 0;
}

function stringList(file: string, field: string, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string' && v !== '')) fail(file, field, 'expected a list of non-empty strings');
  return value;
}

function detectors(file: string, field: string, value: unknown): WatchDetector[] {
  const ids = stringList(file, field, value);
  for (const [i, id] of ids.entries()) {
    if (!(CURRENT_PROBLEM_IDS as readonly string[]).includes(id)) fail(file, `${field}[${i}]`, `unknown detector ${JSON.stringify(id)}; expected one of ${CURRENT_PROBLEM_IDS.join(', ')}`);
  }
  return ids as WatchDetector[];
}

/** host:port with a port in range (0: any free port, logged at start); the host may be empty (all addresses), a name, IPv4 or [IPv6]. */
export function checkListen(file: string, field: string, value: string): string {
  if (value === '') return value;
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]*):(\d{1,5})$/.exec(value);
  const port = Number(match?.[2]);
  if (match === null || port > 65535) fail(file, field, `expected host:port (e.g. 0.0.0.0:9090, 127.0.0.1:9090, [::1]:9090), or "" to serve nothing; got ${JSON.stringify(value)}`);
  return value;
}

/** An http(s) URL, without a trailing slash (links are appended to it). */
export function parseHttpUrl(file: string, field: string, value: unknown): string {
  if (typeof value === 'string') {
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return value.replace(/\/+$/, '');
    } catch {
      // reported below
    }
  }
  return fail(file, field, `expected an http(s) URL, got ${JSON.stringify(value)}`);
}

function labelMap(file: string, field: string, value: unknown): Record<string, string> {
  if (!isRecord(value) || Object.keys(value).length === 0) fail(file, field, 'expected a map of label keys to values, e.g. {app.kubernetes.io/name: trainer}');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') fail(file, `${field}.${k}`, 'expected a label value (a string)');
    out[k] = String(v);
  }
  return out;
}

function overrides(file: string, value: unknown): StuckOverride[] {
  if (!Array.isArray(value)) fail(file, 'stuckOverrides', 'expected a list of {namespace | labels, after}');
  return value.map((raw: unknown, i): StuckOverride => {
    const field = `stuckOverrides[${i}]`;
    if (!isRecord(raw)) fail(file, field, 'expected a map with namespace or labels, and after');
    for (const k of Object.keys(raw)) if (!['namespace', 'labels', 'after'].includes(k)) fail(file, `${field}.${k}`, 'unknown field; expected namespace, labels, after');
    const hasNamespace = raw.namespace !== undefined;
    const hasLabels = raw.labels !== undefined;
    if (hasNamespace === hasLabels) fail(file, field, 'set exactly one of namespace and labels');
    const out: StuckOverride = { afterMs: duration(file, `${field}.after`, raw.after) };
    if (hasNamespace) {
      if (typeof raw.namespace !== 'string' || raw.namespace === '') fail(file, `${field}.namespace`, 'expected a namespace name');
      out.namespace = raw.namespace;
    } else {
      out.labels = labelMap(file, `${field}.labels`, raw.labels);
    }
    return out;
  });
}

/** Reads a config document into `base` (the defaults); `file` names it in errors. */
export function parseWatchConfig(text: string, file: string, base: WatchConfig = defaultWatchConfig()): WatchConfig {
  const doc = parseDocument(text, { uniqueKeys: true });
  const first = doc.errors[0];
  if (first !== undefined) throw new InputError(`${file}: ${first.message.split('\n')[0] ?? 'invalid YAML'}`, file);
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return base;
  if (!isRecord(data)) fail(file, '(top level)', 'expected a map of settings');
  const config: WatchConfig = { ...base, forMs: { ...base.forMs } };
  for (const [key, value] of Object.entries(data)) {
    switch (key as (typeof FIELDS)[number]) {
      case 'stuckAfter':
        config.stuckAfterMs = duration(file, key, value);
        break;
      case 'stuckOverrides':
        config.stuckOverrides = overrides(file, value);
        break;
      case 'detectors':
        config.detectors = detectors(file, key, value);
        break;
      case 'restartStorm': {
        if (!isRecord(value)) fail(file, key, 'expected {restarts: <count>, window: <duration>}');
        for (const k of Object.keys(value)) if (k !== 'restarts' && k !== 'window') fail(file, `${key}.${k}`, 'unknown field; expected restarts, window');
        if (value.restarts !== undefined) {
          if (typeof value.restarts !== 'number' || !Number.isInteger(value.restarts) || value.restarts < 1) fail(file, `${key}.restarts`, 'expected a whole number of restarts, at least 1');
          config.restartStormRestarts = value.restarts;
        }
        if (value.window !== undefined) config.restartWindowMs = duration(file, `${key}.window`, value.window);
        if (config.restartWindowMs < 60_000) fail(file, `${key}.window`, 'must be at least 1m');
        break;
      }
      case 'repeatInterval':
        config.repeatIntervalMs = duration(file, key, value);
        if (config.repeatIntervalMs < 60_000) fail(file, key, 'must be at least 1m');
        break;
      case 'for':
        if (!isRecord(value)) fail(file, key, 'expected a map of detector id to duration, e.g. {target-not-ready: 1m}');
        for (const [id, d] of Object.entries(value)) {
          if (!(CURRENT_PROBLEM_IDS as readonly string[]).includes(id)) fail(file, `${key}.${id}`, `unknown detector; expected one of ${CURRENT_PROBLEM_IDS.join(', ')}`);
          config.forMs[id as WatchDetector] = duration(file, `${key}.${id}`, d);
        }
        break;
      case 'docsBaseUrl':
        config.docsBaseUrl = parseHttpUrl(file, key, value);
        break;
      case 'listen':
        if (typeof value !== 'string') fail(file, key, 'expected host:port as a string');
        config.listen = checkListen(file, key, value);
        break;
      case 'namespaces':
        config.namespaces = stringList(file, key, value);
        break;
      case 'sinks':
        if (!Array.isArray(value)) fail(file, key, 'expected a list of sinks');
        config.sinks = value as unknown[];
        break;
      case 'passInterval':
        config.passIntervalMs = duration(file, key, value);
        if (config.passIntervalMs < 1000) fail(file, key, 'must be at least 1s');
        break;
      default:
        fail(file, key, `unknown setting; expected one of ${FIELDS.join(', ')}`);
    }
  }
  return config;
}

/** `ml:30m` (namespace) or `app.kubernetes.io/name=trainer:30m` (label), as given to the --stuck-after-* flags. */
export function parseOverrideFlag(flag: string, value: string, by: 'namespace' | 'label'): StuckOverride {
  const at = value.lastIndexOf(':');
  const subject = at > 0 ? value.slice(0, at) : '';
  const afterMs = at > 0 ? parseDuration(value.slice(at + 1)) : undefined;
  if (afterMs === undefined || subject === '') {
    fail(flag, JSON.stringify(value), by === 'namespace' ? 'expected <namespace>:<duration>, e.g. ml:30m' : 'expected <key>=<value>:<duration>, e.g. app.kubernetes.io/name=trainer:30m');
  }
  if (by === 'namespace') return { namespace: subject, afterMs };
  const eq = subject.indexOf('=');
  if (eq <= 0) fail(flag, JSON.stringify(value), 'expected <key>=<value>:<duration>, e.g. app.kubernetes.io/name=trainer:30m');
  return { labels: { [subject.slice(0, eq)]: subject.slice(eq + 1) }, afterMs };
}

/** The stuck threshold of one pod: the first label rule that matches, else its namespace's, else the default. */
export function stuckThresholdOf(config: Pick<WatchConfig, 'stuckAfterMs' | 'stuckOverrides'>): (pod: { metadata: { namespace?: string; labels?: Record<string, string> } }) => number {
  const byLabels = config.stuckOverrides.filter((o) => o.labels !== undefined);
  const byNamespace = new Map<string, number>();
  for (const o of config.stuckOverrides) if (o.namespace !== undefined && !byNamespace.has(o.namespace)) byNamespace.set(o.namespace, o.afterMs);
  return (pod) => {
    const labels = pod.metadata.labels ?? {};
    for (const o of byLabels) if (Object.entries(o.labels ?? {}).every(([k, v]) => labels[k] === v)) return o.afterMs;
    return byNamespace.get(pod.metadata.namespace ?? '') ?? config.stuckAfterMs;
  };
}
