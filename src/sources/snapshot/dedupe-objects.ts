/** The same object read twice (a dump directory plus a List of the same pods) is kept once. */
import type { KubeObject } from '../types.ts';

/**
 * Keeps one copy per kind + namespace + name (+ uid when both copies have one), at the position of the
 * first copy; the kept copy is the one with the larger numeric resourceVersion, else the first seen.
 */
export function dedupeObjects(objects: readonly KubeObject[]): { objects: KubeObject[]; dropped: number } {
  const kept: KubeObject[] = [];
  const byName = new Map<string, number[]>();
  let dropped = 0;
  for (const object of objects) {
    const key = JSON.stringify([object.kind, object.metadata.namespace ?? '', object.metadata.name]);
    const indexes = byName.get(key) ?? [];
    const index = indexes.find((candidate) => sameIncarnation(kept[candidate], object));
    if (index === undefined) {
      indexes.push(kept.length);
      byName.set(key, indexes);
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
