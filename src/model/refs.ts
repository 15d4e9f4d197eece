/** Object references, always `{kind, namespace, name, uid}` (ARCHITECTURE.md conventions). */
import type { KubeObject } from '../sources/types.ts';

export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
}

/** The reference of an object as read. */
export function refOf(obj: KubeObject): ObjectRef {
  const ref: ObjectRef = { kind: obj.kind, name: obj.metadata.name };
  if (obj.metadata.namespace !== undefined && obj.metadata.namespace !== '') ref.namespace = obj.metadata.namespace;
  if (obj.metadata.uid !== undefined && obj.metadata.uid !== '') ref.uid = obj.metadata.uid;
  return ref;
}

/** `Kind namespace/name` (or `Kind name` for cluster-scoped objects), for sentences. */
export function describeRef(ref: ObjectRef): string {
  return ref.namespace !== undefined ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

/** A key that identifies an object by kind, namespace and name. */
export function keyOf(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}
