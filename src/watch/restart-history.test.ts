import { describe, expect, it } from 'vitest';
import type { Pod } from '../kube/types.ts';
import { RestartHistory } from './restart-history.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-03-30T09:00:00Z');

function pod(name: string, restarts: number, uid = `uid-${name}`): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'media', uid }, status: { phase: 'Running', containerStatuses: [{ name: 'c', restartCount: restarts }] } };
}

describe('RestartHistory', () => {
  it('counts restarts within the window from the count at its start, and since the first sample before a whole window', () => {
    const h = new RestartHistory({ windowMs: 60 * MIN, minRestarts: 5 });
    h.record([pod('a', 100)], T0);
    h.record([pod('a', 103)], T0 + 30 * MIN);
    expect(h.observed(pod('a', 103))).toEqual({ restarts: 3, sinceMs: T0 });
    h.record([pod('a', 110)], T0 + 80 * MIN);
    // The window starts at +20m; the count then was 100 (sample at T0 still holds), so 10 restarts in it.
    expect(h.observed(pod('a', 110))).toEqual({ restarts: 10, sinceMs: T0 + 20 * MIN });
    h.record([pod('a', 110)], T0 + 150 * MIN);
    // Nothing since +80m, which is before the window's start (+90m): no restarts in the window.
    expect(h.observed(pod('a', 110))).toEqual({ restarts: 0, sinceMs: T0 + 90 * MIN });
  });

  it('forgets pods that are gone, and treats a re-created pod (new uid) as new', () => {
    const h = new RestartHistory({ windowMs: 60 * MIN, minRestarts: 5 });
    h.record([pod('a', 7), pod('b', 1)], T0);
    h.record([pod('b', 2)], T0 + MIN);
    expect(h.size).toBe(1);
    expect(h.observed(pod('a', 7))).toBeUndefined();
    h.record([pod('b', 0, 'uid-b2')], T0 + 2 * MIN);
    expect(h.observed(pod('b', 0, 'uid-b2'))).toEqual({ restarts: 0, sinceMs: T0 + 2 * MIN });
  });
});
