/**
 * Redaction of objects before they leave the cluster in a bundle. Pure: object in, copy out.
 * Always: ConfigMap data is dropped, container env values are replaced (names and valueFrom references
 * kept), `last-applied-configuration` annotations and managedFields are dropped. Secrets never get
 * here (collect does not read them); one passed in anyway is refused.
 * With a name hasher (`--redact-names`), namespaces and object names are replaced by stable hashes
 * wherever the analysis follows them (metadata, owner and object references, claim, volume, node and
 * config names, name-carrying labels), and known names are replaced inside event messages.
 */
import type { KubeObject } from '../types.ts';
import { isRecord } from '../../kube/read.ts';

/** What replaces every env value. */
export const REDACTED_VALUE = '(redacted by kubehow)';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Labels whose value is an object name kubehow follows (Jiva/cStor volumes, EndpointSlice → Service, namespaces). */
const NAME_LABELS = new Set([
  'openebs.io/persistent-volume',
  'openebs.io/persistent-volume-claim',
  'cstorvolume.openebs.io/name',
  'kubernetes.io/service-name',
  'kubernetes.io/metadata.name',
  'kubernetes.io/hostname',
  // Legacy Jiva labels its controller and replicas with the claim name.
  'pvc',
]);
/** Keys of label maps; selectors are hashed like the labels they select, so they still match. */
const LABEL_MAP_KEYS = new Set(['labels', 'selector', 'matchLabels', 'nodeSelector']);

/** Keys whose string value is an object name. */
const NAME_KEYS = new Set(['claimName', 'volumeName', 'persistentVolumeName', 'nodeName', 'secretName', 'serviceName', 'host', 'hostname']);
/** Keys whose object value refers to a ConfigMap or Secret by `name`. */
const NAMED_REF_KEYS = new Set(['configMap', 'secret', 'configMapRef', 'secretRef', 'configMapKeyRef', 'secretKeyRef']);
/** Free-text keys in which known names are replaced. */
const TEXT_KEYS = new Set(['message', 'note']);

/** Options of {@link redactObject}. */
export interface RedactOptions {
  /** Replaces a namespace or name; given only with `--redact-names`. Must be deterministic. */
  hashName?: (name: string) => string;
  /** Names to replace inside free text (event messages) when hashing, e.g. every PV, claim, node and namespace. */
  knownNames?: ReadonlySet<string>;
}

/** A redacted deep copy of `object`, or undefined for a Secret (never written). */
export function redactObject(object: KubeObject, options: RedactOptions = {}): KubeObject | undefined {
  if (object.kind === 'Secret') return undefined;
  const copy = structuredClone(object);
  if (copy.kind === 'ConfigMap') {
    // Keys are kept (the analysis may ask whether a key exists); values never leave the cluster.
    for (const field of ['data', 'binaryData']) {
      const values = copy[field];
      if (isRecord(values)) copy[field] = Object.fromEntries(Object.keys(values).map((k) => [k, '']));
    }
  }
  // An event's message names the object it is about ("Successfully assigned media/app-1 to node1").
  const involved = [copy.involvedObject, copy.regarding].flatMap((r) => (isRecord(r) && typeof r.name === 'string' ? [r.name] : []));
  const textOptions = options.hashName !== undefined && involved.length > 0 ? { ...options, knownNames: new Set([...(options.knownNames ?? []), ...involved]) } : options;
  walk(copy, textOptions, undefined);
  return copy;
}

function walk(value: unknown, options: RedactOptions, key: string | undefined): unknown {
  if (Array.isArray(value)) {
    if (key === 'env') {
      for (const entry of value) if (isRecord(entry) && 'value' in entry) entry.value = REDACTED_VALUE;
    }
    for (let i = 0; i < value.length; i += 1) value[i] = walk(value[i], options, key === 'namespaces' ? 'namespace' : undefined);
    return value;
  }
  if (isRecord(value)) {
    delete value.managedFields;
    for (const k of Object.keys(value)) {
      const child = value[k];
      if (k === 'annotations' && isRecord(child)) {
        Reflect.deleteProperty(child, LAST_APPLIED);
        continue;
      }
      if (options.hashName !== undefined && LABEL_MAP_KEYS.has(k) && isRecord(child) && Object.values(child).every((v) => typeof v === 'string')) {
        for (const [label, v] of Object.entries(child)) if (NAME_LABELS.has(label) && typeof v === 'string') child[label] = options.hashName(v);
        continue;
      }
      value[k] = walk(child, options, k);
    }
    if (options.hashName !== undefined) hashNames(value, options.hashName);
    return value;
  }
  if (typeof value === 'string' && options.hashName !== undefined) {
    if (key !== undefined && (NAME_KEYS.has(key) || key === 'namespace')) return value === '' ? value : options.hashName(value);
    if (key !== undefined && TEXT_KEYS.has(key)) return replaceKnownNames(value, options);
  }
  return value;
}

/** name/namespace fields of metadata and of references ({kind, name}, ownerReferences, configMap/secret refs). */
function hashNames(record: Record<string, unknown>, hash: (name: string) => string): void {
  const isReference = typeof record.kind === 'string' || typeof record.uid === 'string' || 'generateName' in record || 'creationTimestamp' in record || 'resourceVersion' in record;
  if (typeof record.name === 'string' && record.name !== '' && isReference) record.name = hash(record.name);
  if ('generateName' in record) delete record.generateName;
  // A matchExpressions requirement on a name-carrying label (anti-affinity against a PV's pods).
  if (typeof record.key === 'string' && NAME_LABELS.has(record.key) && Array.isArray(record.values)) {
    record.values = record.values.map((v: unknown) => (typeof v === 'string' ? hash(v) : v));
  }
  for (const refKey of NAMED_REF_KEYS) {
    const ref = record[refKey];
    if (isRecord(ref)) {
      const nameKey = refKey === 'secret' ? 'secretName' : 'name';
      const name = ref[nameKey];
      if (typeof name === 'string' && name !== '' && nameKey === 'name') ref.name = hash(name);
    }
  }
}

/** Replaces every name-shaped token of `text` that is a known name; linear in the text, whatever the number of names. */
function replaceKnownNames(text: string, options: RedactOptions): string {
  const hash = options.hashName;
  const known = options.knownNames;
  if (hash === undefined || known === undefined || known.size === 0) return text;
  return text.replace(/[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/g, (token) => (known.has(token) ? hash(token) : token));
}
