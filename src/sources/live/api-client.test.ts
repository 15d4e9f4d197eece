import { describe, expect, it } from 'vitest';
import { retryAfterMs } from './api-client.ts';
import { labelSelectorQuery } from './pod-read.ts';

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.parse('2026-03-30T09:32:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Mon, 30 Mar 2026 09:32:10 GMT', now)).toBe(10_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('labelSelectorQuery', () => {
  it('turns a metav1.LabelSelector into the API selector syntax', () => {
    expect(labelSelectorQuery({ matchLabels: { app: 'db' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }, { key: 'x', operator: 'DoesNotExist' }] })).toBe('app=db,tier in (a,b),!x');
    expect(labelSelectorQuery({})).toBeUndefined();
    expect(labelSelectorQuery({ matchExpressions: [{ key: 'k', operator: 'Gt' }] })).toBeUndefined();
  });
});
