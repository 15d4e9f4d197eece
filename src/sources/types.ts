/**
 * ClusterState: what every source (snapshot files, live API) hands to the model.
 * Plain data only, so the model and everything after it stay pure.
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  generateName?: string;
}

export interface OwnerReference {
  apiVersion?: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
}

/** Any Kubernetes object as read: kind, apiVersion and metadata are guaranteed by the source; the rest is untrusted. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** Something the source could not read or chose to set aside; later stages turn these into "unknown" instead of guesses. */
export interface SourceNote {
  /**
   * forbidden: the API refused (403); unavailable: the API kept failing (5xx, 429 after retries); missing: the kind
   * or object is absent; skipped: input deliberately ignored; duplicate: the same object appeared twice.
   */
  kind: 'forbidden' | 'unavailable' | 'missing' | 'skipped' | 'duplicate';
  message: string;
  /** The resource kind concerned (`Pod`, `PersistentVolume`), when one is. */
  resource?: string;
  namespace?: string;
  file?: string;
}

export type NowSource = 'flag' | 'manifest' | 'latest-timestamp' | 'clock';

export interface ClusterState {
  /** Objects grouped by `kind` (`Pod`, `Service`, `JivaVolume`, ...). Unknown kinds are kept. */
  objects: ReadonlyMap<string, readonly KubeObject[]>;
  /** The "now" of this state, RFC 3339. Every age and staleness verdict is measured against it. */
  observedAt: string;
  nowSource: NowSource;
  notes: readonly SourceNote[];
  /** Where the state came from, for the report header. */
  origin: { type: 'snapshot'; paths: readonly string[] } | { type: 'live'; context: string; server: string };
  /**
   * Kinds the source tried to read. `undefined` means "not known" (a snapshot of unknown coverage):
   * a kind with no objects may then simply not have been collected, and the output must say so.
   */
  kindsRead?: ReadonlySet<string>;
}
