/**
 * The watch's view of the cluster: objects keyed by kind/namespace/name, fed by informers (a list, then
 * watch events) and handed to the model as a ClusterState. Pure and synchronous: no I/O, no clock.
 *
 * Changes are announced only when an object really changed (by resourceVersion, or by content when an
 * object has none), so a re-list after 410 Gone, which hands back mostly the same objects, announces only
 * what changed or vanished while the watch was down, and downstream never alerts twice for one change.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ClusterState, KubeObject, SourceNote } from '../sources/types.ts';
import { asKubeObject } from '../sources/live/object-store.ts';
import type { ResourceType } from '../sources/live/resources.ts';

/** One real change of the cache. `previous` is the object it replaced (modified) or the last state known (deleted). */
export interface CacheChange {
  type: 'added' | 'modified' | 'deleted';
  kind: string;
  object: KubeObject;
  previous?: KubeObject;
}

export type CacheListener = (change: CacheChange) => void;

/** Where the state came from: the live origin of a ClusterState. */
export type LiveOrigin = Extract<ClusterState['origin'], { type: 'live' }>;

/** Which objects a list covered: a whole kind, or one namespace of it (a watch restricted to namespaces). */
export interface ListScope {
  namespace?: string | undefined;
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** Same object version: by resourceVersion when both have one (the API server bumps it on every write), else by content. */
export function sameVersion(a: KubeObject, b: KubeObject): boolean {
  const va = a.metadata.resourceVersion;
  const vb = b.metadata.resourceVersion;
  if (va !== undefined && vb !== undefined && va !== '' && vb !== '') return va === vb;
  return isDeepStrictEqual(a, b);
}

/** A list item or watch object as the cache keeps it: normalised like a live read, without managedFields (never read, and often half an object's size). */
export function normalise(item: Record<string, unknown>, resource: ResourceType): KubeObject | undefined {
  const object = asKubeObject(item, resource);
  if (object === undefined) return undefined;
  if ('managedFields' in object.metadata) {
    // A copy: the item's own metadata is left as the caller handed it.
    const metadata: Record<string, unknown> = { ...object.metadata };
    delete metadata.managedFields;
    object.metadata = metadata as unknown as KubeObject['metadata'];
  }
  return object;
}

/** Options of {@link ClusterCache}. */
export interface ClusterCacheOptions {
  /**
   * Called when a listener throws; the default rethrows it outside the cache (an uncaught error), so a bug
   * downstream is neither swallowed nor mistaken for a broken watch.
   */
  onListenerError?: (error: unknown, change: CacheChange) => void;
}

export class ClusterCache {
  private readonly onListenerError: (error: unknown, change: CacheChange) => void;
  private readonly byKind = new Map<string, Map<string, KubeObject>>();
  /** Per-kind arrays handed out by `state()`; dropped when the kind changes, so only changed kinds are copied again. */
  private readonly arrays = new Map<string, readonly KubeObject[]>();
  private readonly listeners = new Set<CacheListener>();
  private readonly read = new Set<string>();
  private readonly notesByKey = new Map<string, SourceNote>();
  private changes = 0;

  constructor(options: ClusterCacheOptions = {}) {
    this.onListenerError =
      options.onListenerError ??
      ((error) => {
        queueMicrotask(() => {
          throw error;
        });
      });
  }

  /** Counts every real change: equal generations mean an equal state (a detection pass may be skipped). */
  get generation(): number {
    return this.changes;
  }

  subscribe(listener: CacheListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Applies one watch event (raw, as the API sent it). Returns the change announced, if any. */
  apply(resource: ResourceType, type: 'ADDED' | 'MODIFIED' | 'DELETED', item: Record<string, unknown>): CacheChange | undefined {
    const object = normalise(item, resource);
    if (object === undefined) return undefined;
    const objects = this.objectsOf(resource.kind);
    const key = keyOf(object.metadata.namespace, object.metadata.name);
    const previous = objects.get(key);
    if (type === 'DELETED') {
      if (previous === undefined) return undefined;
      objects.delete(key);
      return this.announce({ type: 'deleted', kind: resource.kind, object: previous, previous });
    }
    if (previous !== undefined && sameVersion(previous, object)) return undefined;
    objects.set(key, object);
    return this.announce(previous === undefined ? { type: 'added', kind: resource.kind, object } : { type: 'modified', kind: resource.kind, object, previous });
  }

  /**
   * Replaces a kind (or one namespace of it) with the result of a list: upserts what changed, deletes what
   * vanished, announces only those. Marks the kind read. Returns the changes announced.
   */
  replace(resource: ResourceType, items: readonly Record<string, unknown>[], scope: ListScope = {}): CacheChange[] {
    const objects = this.objectsOf(resource.kind);
    const changes: CacheChange[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      const object = normalise(item, resource);
      if (object === undefined) continue;
      if (scope.namespace !== undefined && object.metadata.namespace !== scope.namespace) continue;
      const key = keyOf(object.metadata.namespace, object.metadata.name);
      seen.add(key);
      const previous = objects.get(key);
      if (previous !== undefined && sameVersion(previous, object)) continue;
      objects.set(key, object);
      changes.push(previous === undefined ? { type: 'added', kind: resource.kind, object } : { type: 'modified', kind: resource.kind, object, previous });
    }
    for (const [key, previous] of objects) {
      if (seen.has(key)) continue;
      if (scope.namespace !== undefined && previous.metadata.namespace !== scope.namespace) continue;
      objects.delete(key);
      changes.push({ type: 'deleted', kind: resource.kind, object: previous, previous });
    }
    this.read.add(resource.kind);
    for (const change of changes) this.announce(change);
    return changes;
  }

  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.byKind.get(kind)?.get(keyOf(namespace, name));
  }

  /** Objects of a kind (the same array until the kind changes). */
  ofKind(kind: string): readonly KubeObject[] {
    const cached = this.arrays.get(kind);
    if (cached !== undefined) return cached;
    const array = Object.freeze([...(this.byKind.get(kind)?.values() ?? [])]);
    this.arrays.set(kind, array);
    return array;
  }

  count(kind: string): number {
    return this.byKind.get(kind)?.size ?? 0;
  }

  get size(): number {
    let total = 0;
    for (const objects of this.byKind.values()) total += objects.size;
    return total;
  }

  /** Kinds listed at least once. */
  get kindsRead(): ReadonlySet<string> {
    return this.read;
  }

  /** Sets the note under `key` (one per informer and reason: a later note of the same key replaces it). */
  setNote(key: string, note: SourceNote): void {
    this.notesByKey.set(key, note);
  }

  /** Removes the note under `key` (the informer recovered). */
  clearNote(key: string): void {
    this.notesByKey.delete(key);
  }

  get notes(): readonly SourceNote[] {
    return [...this.notesByKey.values()];
  }

  /**
   * The cache as a ClusterState. The map is new on every call; the per-kind arrays are shared with earlier
   * states until their kind changes, so a pass over a large, mostly quiet cluster copies only what moved.
   * A state is a snapshot: later changes do not alter it.
   */
  state(now: string, origin: LiveOrigin): ClusterState {
    const objects = new Map<string, readonly KubeObject[]>();
    for (const [kind, byKey] of this.byKind) {
      if (byKey.size > 0) objects.set(kind, this.ofKind(kind));
    }
    return { objects, observedAt: now, nowSource: 'clock', notes: this.notes, origin, kindsRead: new Set(this.read) };
  }

  private objectsOf(kind: string): Map<string, KubeObject> {
    let objects = this.byKind.get(kind);
    if (objects === undefined) {
      objects = new Map();
      this.byKind.set(kind, objects);
    }
    return objects;
  }

  private announce(change: CacheChange): CacheChange {
    this.changes += 1;
    this.arrays.delete(change.kind);
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.onListenerError(error, change);
      }
    }
    return change;
  }
}
