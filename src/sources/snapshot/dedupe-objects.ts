/** The same object read twice (a dump directory plus a List of the same pods) is kept once. */
import type { KubeObject } from '../types.ts';

/**
 * Keeps one copy per kind + namespace + name (+ uid when both copies have one), at the position of the
 * first copy; the kept copy is the one with the larger numeric resourceVersion, else the first seen.
 */
export function dedupeObjects(objects: readonly KubeObject[]): { objects: KubeObject[]; dropped: number } {
  const kept: KubeObject[] = [];
  // kind → namespace → name, so no key string is built per object (whatever characters the untrusted names
  // hold); almost every name is seen once, so its index is stored as a number and a list only for repeats.
  const byKind = new Map<string, Map<string, Map<string, number | number[]>>>();
  let dropped = 0;
  for (const object of objects) {
    const ns = object.metadata.namespace ?? '';
    let byNamespace = byKind.get(object.kind);
    if (byNamespace === undefined) byKind.set(object.kind, (byNamespace = new Map<string, Map<string, number | number[]>>()));
    let byName = byNamespace.get(ns);
    if (byName === undefined) byNamespace.set(ns, (byName = new Map<string, number | number[]>()));
    const key = object.metadata.name;
    const seen = byName.get(key);
    if (seen === undefined) {
      // The common case, first and only copy: no candidate list to build or search.
      byName.set(key, kept.length);
      kept.push(object);
      continue;
    }
    const indexes = typeof seen === 'number' ? [seen] : seen;
    const index = indexes.find((candidate) => sameIncarnation(kept[candidate], object));
    if (index === undefined) {
      byName.set(key, [...indexes, kept.length]);
      kept.push(object);
      continue;
    }
    dropped++;
    const previous = kept[index];
    if (previous !== undefined && isNewer(object, previous)) kept[index] = object;
  }
  return { objects: kept, dropped };
}

function sameIncarnation(a: KubeObject | undefined, b: KubeObject): boolean {
  const [uidA, uidB] = [a?.metadata.uid, b.metadata.uid];
  // Different uids under one name are a deleted object and its successor: both are evidence.
  return uidA === undefined || uidB === undefined || uidA === uidB;
}

function isNewer(candidate: KubeObject, current: KubeObject): boolean {
  const [a, b] = [candidate.metadata.resourceVersion, current.metadata.resourceVersion];
  if (a === undefined || b === undefined || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  // resourceVersions are opaque in general, but etcd revisions outgrow Number precision only in theory; BigInt is exact.
  return BigInt(a) > BigInt(b);
}
