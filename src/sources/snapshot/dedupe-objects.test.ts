import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.ts';
import { dedupeObjects } from './dedupe-objects.ts';

function pod(name: string, metadata: Partial<KubeObject['metadata']> = {}, kind = 'Pod'): KubeObject {
  return { apiVersion: 'v1', kind, metadata: { name, namespace: 'default', ...metadata } };
}

describe('dedupeObjects', () => {
  it('keeps the copy with the larger numeric resourceVersion at the first copy\'s position', () => {
    const older = pod('a', { uid: 'u1', resourceVersion: '99' });
    const newer = pod('a', { uid: 'u1', resourceVersion: '100' });
    const b = pod('b');
    const result = dedupeObjects([older, b, newer]);
    expect(result.objects).toEqual([newer, b]);
    expect(result.objects[0]).toBe(newer);
    expect(result.dropped).toBe(1);
  });

  it('keeps the first copy when resourceVersions are not both numeric', () => {
    const first = pod('a', { resourceVersion: '10' });
    const second = pod('a', { resourceVersion: 'abc' });
    const third = pod('a');
    const result = dedupeObjects([first, second, third]);
    expect(result.objects).toHaveLength(1);
    expect(result.objects[0]).toBe(first);
    expect(result.dropped).toBe(2);
  });

  it('compares resourceVersions beyond Number precision exactly', () => {
    const first = pod('a', { resourceVersion: '9007199254740993' });
    const second = pod('a', { resourceVersion: '9007199254740992' });
    expect(dedupeObjects([first, second]).objects[0]).toBe(first);
  });

  it('keeps two incarnations with different uids and matches a copy without uid to one of them', () => {
    const old = pod('web-0', { uid: 'old' });
    const current = pod('web-0', { uid: 'new' });
    const anonymous = pod('web-0');
    const result = dedupeObjects([old, current, anonymous]);
    expect(result.objects).toEqual([old, current]);
    expect(result.dropped).toBe(1);
  });

  it('tells apart kinds, namespaces and cluster scope', () => {
    const objects = [pod('a'), pod('a', {}, 'Service'), pod('a', { namespace: 'other' }), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' } }];
    expect(dedupeObjects(objects)).toEqual({ objects, dropped: 0 });
  });
});
