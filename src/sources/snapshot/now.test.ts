import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.ts';
import type { KubeObject } from '../types.ts';
import { latestTimestamp, parseNowFlag, parseRfc3339, resolveNow } from './now.ts';

function object(kind: string, fields: Record<string, unknown> = {}, metadata: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind, metadata: { name: 'x', ...metadata }, ...fields };
}

const iso = (time: number | undefined): string | undefined => (time === undefined ? undefined : new Date(time).toISOString());

describe('parseRfc3339', () => {
  it.each([
    ['2026-03-30T09:32:00Z', '2026-03-30T09:32:00.000Z'],
    ['2026-03-30t09:32:00z', '2026-03-30T09:32:00.000Z'],
    ['2026-03-30T11:32:00+02:00', '2026-03-30T09:32:00.000Z'],
    ['2026-03-30T04:02:00-05:30', '2026-03-30T09:32:00.000Z'],
    ['2026-03-30T09:32:00.123456Z', '2026-03-30T09:32:00.123Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
  ])('reads %s', (text, expected) => {
    expect(iso(parseRfc3339(text))).toBe(expected);
  });

  it.each(['2026-03-30', '2026-03-30T09:32:00', '2026-03-30 09:32:00Z', '2026-02-30T00:00:00Z', '2025-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-03-30T24:00:00Z', '2026-03-30T09:32:00+2:00', 'yesterday', ''])(
    'refuses %j',
    (text) => {
      expect(parseRfc3339(text)).toBeUndefined();
    },
  );
});

describe('parseNowFlag', () => {
  it('normalises to an ISO string', () => {
    expect(parseNowFlag('2026-03-30T11:32:00+02:00')).toBe('2026-03-30T09:32:00.000Z');
  });

  it('names the flag, the expected form and the value given', () => {
    expect(() => parseNowFlag('30/03/2026 09:32')).toThrow(
      new InputError('--now: expected an RFC 3339 time such as 2026-03-30T09:32:00Z, got "30/03/2026 09:32"'),
    );
  });
});

describe('latestTimestamp', () => {
  const base = object('Pod', {}, { creationTimestamp: '2026-03-30T08:00:00Z' });

  it.each<[string, KubeObject]>([
    ['deletionTimestamp', object('Pod', {}, { deletionTimestamp: '2026-03-30T09:00:00Z' })],
    ['event lastTimestamp', object('Event', { lastTimestamp: '2026-03-30T09:00:00Z' })],
    ['event firstTimestamp', object('Event', { firstTimestamp: '2026-03-30T09:00:00Z' })],
    ['event eventTime', object('Event', { eventTime: '2026-03-30T09:00:00.000000Z', lastTimestamp: null })],
    ['event series.lastObservedTime', object('Event', { lastTimestamp: '2026-03-30T08:30:00Z', series: { count: 4, lastObservedTime: '2026-03-30T09:00:00.000000Z' } })],
    ['condition lastTransitionTime', object('Pod', { status: { conditions: [{ type: 'Ready', lastTransitionTime: '2026-03-30T09:00:00Z' }] } })],
    ['node condition lastHeartbeatTime', object('Node', { status: { conditions: [{ lastHeartbeatTime: '2026-03-30T09:00:00Z' }] } })],
    ['condition lastUpdateTime', object('Deployment', { status: { conditions: [{ lastUpdateTime: '2026-03-30T09:00:00Z' }] } })],
    ['condition lastProbeTime', object('Pod', { status: { conditions: [{ lastProbeTime: '2026-03-30T09:00:00Z' }] } })],
    ['status.startTime', object('Pod', { status: { startTime: '2026-03-30T09:00:00Z' } })],
    ['running startedAt', object('Pod', { status: { containerStatuses: [{ state: { running: { startedAt: '2026-03-30T09:00:00Z' } } }] } })],
    ['init terminated finishedAt', object('Pod', { status: { initContainerStatuses: [{ state: { terminated: { finishedAt: '2026-03-30T09:00:00Z' } } }] } })],
    ['ephemeral lastState finishedAt', object('Pod', { status: { ephemeralContainerStatuses: [{ lastState: { terminated: { startedAt: '2026-03-30T08:59:00Z', finishedAt: '2026-03-30T09:00:00Z' } } }] } })],
  ])('finds %s when it is the latest', (_name, latest) => {
    expect(iso(latestTimestamp([base, latest]))).toBe('2026-03-30T09:00:00.000Z');
  });

  it('ignores event fields on other kinds and values that are not times', () => {
    const objects = [
      base,
      object('Widget', { lastTimestamp: '2030-01-01T00:00:00Z' }),
      object('Pod', { status: { startTime: 'soon', conditions: 'none', containerStatuses: [null, { state: 'x' }] } }),
    ];
    expect(iso(latestTimestamp(objects))).toBe('2026-03-30T08:00:00.000Z');
  });

  it('is undefined without any timestamp', () => {
    expect(latestTimestamp([object('Pod')])).toBeUndefined();
  });
});

describe('resolveNow', () => {
  const objects = [object('Event', { lastTimestamp: '2026-03-30T09:00:00Z' })];

  it('prefers --now over the manifest and the snapshot', () => {
    expect(resolveNow({ flag: '2026-04-01T00:00:00Z', collectedAt: '2026-03-31T00:00:00Z', objects, path: 's' })).toEqual({
      observedAt: '2026-04-01T00:00:00.000Z',
      nowSource: 'flag',
    });
  });

  it('prefers the manifest over the latest timestamp', () => {
    expect(resolveNow({ collectedAt: '2026-03-31T02:00:00+02:00', objects, path: 's' })).toEqual({
      observedAt: '2026-03-31T00:00:00.000Z',
      nowSource: 'manifest',
    });
  });

  it('falls back to the latest timestamp', () => {
    expect(resolveNow({ objects, path: 's' })).toEqual({ observedAt: '2026-03-30T09:00:00.000Z', nowSource: 'latest-timestamp' });
  });

  it('asks for --now when the snapshot holds no time', () => {
    expect(() => resolveNow({ objects: [object('ConfigMap')], path: 'snap/' })).toThrow(
      'snap/: no timestamp found in the snapshot to measure ages against; pass --now <RFC 3339 time>, e.g. --now 2026-03-30T09:32:00Z',
    );
  });
});
