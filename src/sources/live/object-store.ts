/**
 * What a live read has gathered: objects keyed by kind/namespace/name (a re-read replaces), the kinds
 * it managed to read, and notes on what it could not. Values of ConfigMaps are dropped on the way in.
 */
import type { KubeObject, ObjectMeta, SourceNote } from '../types.ts';
import { dropSecretValues } from '../snapshot/drop-secret-values.ts';
import { apiVersionOf, type ResourceType } from './resources.ts';
import { isRecord } from '../../kube/read.ts';

/** Gives a list item the kind and apiVersion its List omits; undefined when it has no usable metadata.name. */
export function asKubeObject(item: Record<string, unknown>, resource: ResourceType): KubeObject | undefined {
  const metadata = item.metadata;
  if (!isRecord(metadata) || typeof metadata.name !== 'string' || metadata.name === '') return undefined;
  // The API server validated ObjectMeta against its schema; only name is re-checked, as keys depend on it.
  const object = { ...item, kind: resource.kind, apiVersion: apiVersionOf(resource), metadata: metadata as unknown as ObjectMeta } as KubeObject;
  dropSecretValues(object, resource.kind);
  return object;
}

export class ObjectStore {
  private readonly byKey = new Map<string, KubeObject>();
  readonly notes: SourceNote[] = [];
  readonly kindsRead = new Set<string>();
  private readonly noteKeys = new Set<string>();

  add(object: KubeObject): boolean {
    const key = `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
    const isNew = !this.byKey.has(key);
    this.byKey.set(key, object);
    return isNew;
  }

  has(kind: string, namespace: string | undefined, name: string): boolean {
    return this.byKey.has(`${kind}/${namespace ?? ''}/${name}`);
  }

  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.byKey.get(`${kind}/${namespace ?? ''}/${name}`);
  }

  ofKind(kind: string): KubeObject[] {
    return [...this.byKey.values()].filter((o) => o.kind === kind);
  }

  /** Adds a note once (the same refusal on the same kind and namespace is said once). */
  note(note: SourceNote): void {
    const key = `${note.kind}/${note.resource ?? ''}/${note.namespace ?? ''}/${note.message}`;
    if (this.noteKeys.has(key)) return;
    this.noteKeys.add(key);
    this.notes.push(note);
  }

  /** Objects grouped by kind, as a ClusterState holds them. */
  byKind(): Map<string, KubeObject[]> {
    const out = new Map<string, KubeObject[]>();
    for (const o of this.byKey.values()) {
      const group = out.get(o.kind);
      if (group === undefined) out.set(o.kind, [o]);
      else group.push(o);
    }
    return out;
  }

  get size(): number {
    return this.byKey.size;
  }
}
