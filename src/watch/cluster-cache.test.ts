import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES } from '../sources/live/resources.ts';
import { ClusterCache, sameVersion, type CacheChange } from './cluster-cache.ts';

const POD = BUILTIN_RESOURCES.Pod;
const ORIGIN = { type: 'live', context: 'test', server: 'https://127.0.0.1:6443' } as const;

/** A pod as a list item or watch event carries it (no kind/apiVersion in list items). */
function pod(namespace: string, name: string, resourceVersion: string | undefined, phase = 'Running'): Record<string, unknown> {
  return { metadata: { name, namespace, ...(resourceVersion !== undefined ? { resourceVersion } : {}), managedFields: [{ manager: 'kubelet' }] }, spec: { nodeName: 'n1' }, status: { phase } };
}

function recorded(cache: ClusterCache): string[] {
  const seen: string[] = [];
  cache.subscribe((c: CacheChange) => seen.push(`${c.type} ${c.kind} ${c.object.metadata.namespace ?? ''}/${c.object.metadata.name}${c.previous !== undefined && c.type === 'modified' ? ` (was ${(c.previous.status as { phase: string }).phase})` : ''}`));
  return seen;
}

describe('ClusterCache', () => {
  it('normalises objects as a live read does: kind and apiVersion set, ConfigMap values and managedFields dropped', () => {
    const cache = new ClusterCache();
    cache.replace(POD, [pod('a', 'p1', '1')]);
    cache.apply(BUILTIN_RESOURCES.ConfigMap, 'ADDED', { metadata: { name: 'cm', namespace: 'a', resourceVersion: '2' }, data: { password: 'hunter2' } });
    const p1 = cache.get('Pod', 'a', 'p1');
    expect(p1).toMatchObject({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p1', namespace: 'a' } });
    expect(p1 !== undefined && 'managedFields' in p1.metadata).toBe(false);
    expect(cache.get('ConfigMap', 'a', 'cm')?.data).toEqual({ password: '' });
    // Items without a name are unusable as keys and left out.
    expect(cache.apply(POD, 'ADDED', { metadata: {} })).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('announces watch events only when they change something', () => {
    const cache = new ClusterCache();
    const seen = recorded(cache);
    cache.apply(POD, 'ADDED', pod('a', 'p1', '1', 'Pending'));
    cache.apply(POD, 'MODIFIED', pod('a', 'p1', '1', 'Pending'));
    cache.apply(POD, 'MODIFIED', pod('a', 'p1', '2', 'Running'));
    cache.apply(POD, 'MODIFIED', pod('a', 'p2', '3'));
    cache.apply(POD, 'DELETED', pod('a', 'p1', '4'));
    cache.apply(POD, 'DELETED', pod('a', 'gone', '5'));
    expect(seen).toEqual(['added Pod a/p1', 'modified Pod a/p1 (was Pending)', 'added Pod a/p2', 'deleted Pod a/p1']);
    expect(cache.generation).toBe(4);
    expect(cache.ofKind('Pod').map((p) => p.metadata.name)).toEqual(['p2']);
  });

  it('a re-list announces only what changed or vanished since the last list', () => {
    const cache = new ClusterCache();
    const seen = recorded(cache);
    cache.replace(POD, [pod('a', 'same', '1'), pod('a', 'changes', '2', 'Pending'), pod('a', 'vanishes', '3')]);
    seen.length = 0;
    const changes = cache.replace(POD, [pod('a', 'same', '1'), pod('a', 'changes', '7', 'Running'), pod('a', 'new', '8')]);
    expect(seen).toEqual(['modified Pod a/changes (was Pending)', 'added Pod a/new', 'deleted Pod a/vanishes']);
    expect(changes.map((c) => c.type)).toEqual(['modified', 'added', 'deleted']);
    const again = cache.replace(POD, [pod('a', 'same', '1'), pod('a', 'changes', '7', 'Running'), pod('a', 'new', '8')]);
    expect(again).toEqual([]);
    expect(seen).toHaveLength(3);
  });

  it('compares by content when objects carry no resourceVersion', () => {
    const cache = new ClusterCache();
    const seen = recorded(cache);
    cache.replace(POD, [pod('a', 'p', undefined, 'Pending')]);
    cache.replace(POD, [pod('a', 'p', undefined, 'Pending')]);
    cache.replace(POD, [pod('a', 'p', undefined, 'Running')]);
    expect(seen).toEqual(['added Pod a/p', 'modified Pod a/p (was Pending)']);
    expect(sameVersion({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', resourceVersion: '1' }, x: 1 }, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', resourceVersion: '1' }, x: 2 })).toBe(true);
  });

  it('a namespace-scoped re-list leaves the other namespaces alone', () => {
    const cache = new ClusterCache();
    cache.replace(POD, [pod('a', 'p', '1')], { namespace: 'a' });
    cache.replace(POD, [pod('b', 'q', '2')], { namespace: 'b' });
    const seen = recorded(cache);
    cache.replace(POD, [], { namespace: 'a' });
    expect(seen).toEqual(['deleted Pod a/p']);
    expect(cache.get('Pod', 'b', 'q')).toBeDefined();
  });

  it('hands out states whose per-kind arrays are reused until their kind changes, and which later changes do not alter', () => {
    const cache = new ClusterCache();
    cache.replace(POD, [pod('a', 'p1', '1')]);
    cache.replace(BUILTIN_RESOURCES.Node, [{ metadata: { name: 'n1', resourceVersion: '1' } }]);
    const first = cache.state('2026-03-30T09:00:00Z', ORIGIN);
    cache.apply(POD, 'ADDED', pod('a', 'p2', '2'));
    const second = cache.state('2026-03-30T09:00:01Z', ORIGIN);
    expect(second.objects.get('Node')).toBe(first.objects.get('Node'));
    expect(second.objects.get('Pod')).not.toBe(first.objects.get('Pod'));
    expect(first.objects.get('Pod')?.map((p) => p.metadata.name)).toEqual(['p1']);
    expect(second.objects.get('Pod')?.map((p) => p.metadata.name)).toEqual(['p1', 'p2']);
    expect(second).toMatchObject({ observedAt: '2026-03-30T09:00:01Z', nowSource: 'clock', origin: ORIGIN });
    expect([...(second.kindsRead ?? [])].sort()).toEqual(['Node', 'Pod']);
    // A kind known only from watch events was never listed: not "read".
    cache.apply(BUILTIN_RESOURCES.Service, 'ADDED', { metadata: { name: 's', namespace: 'a', resourceVersion: '3' } });
    expect(cache.state('2026-03-30T09:00:02Z', ORIGIN).kindsRead?.has('Service')).toBe(false);
  });

  it('keeps one note per key, replaced or cleared as the informer recovers', () => {
    const cache = new ClusterCache();
    cache.setNote('pods', { kind: 'unavailable', message: 'could not read pods: 500', resource: 'Pod' });
    cache.setNote('pods', { kind: 'forbidden', message: 'could not read pods: forbidden', resource: 'Pod' });
    cache.setNote('nodes', { kind: 'forbidden', message: 'could not read nodes: forbidden', resource: 'Node' });
    expect(cache.state('2026-03-30T09:00:00Z', ORIGIN).notes.map((n) => n.message)).toEqual(['could not read pods: forbidden', 'could not read nodes: forbidden']);
    cache.clearNote('pods');
    expect(cache.notes.map((n) => n.resource)).toEqual(['Node']);
  });

  it('a throwing listener neither stops the others nor corrupts the cache', () => {
    const errors: unknown[] = [];
    const cache = new ClusterCache({ onListenerError: (error) => errors.push(error) });
    const seen: string[] = [];
    cache.subscribe(() => {
      throw new Error('detector bug');
    });
    cache.subscribe((c) => seen.push(c.object.metadata.name));
    cache.apply(POD, 'ADDED', pod('a', 'p1', '1'));
    expect(seen).toEqual(['p1']);
    expect(errors).toHaveLength(1);
    expect(cache.count('Pod')).toBe(1);
  });
});
