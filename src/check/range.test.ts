import { describe, expect, it } from 'vitest';
import { alerts, parseRange } from './range.ts';

/** Values 〈alerting〉 and 〈not alerting〉 per range, from the guidelines' table of example ranges. */
const GUIDELINE_TABLE: [range: string, alertOn: number[], quietOn: number[]][] = [
  ['10', [-1, -0.5, 10.01, 11], [0, 5, 10]],
  ['10:', [9.99, 0, -3], [10, 11, 1e9]],
  ['~:10', [10.5, 11], [-1e9, 0, 10]],
  ['10:20', [9, 21], [10, 15, 20]],
  ['@10:20', [10, 15, 20], [9.99, 20.01]],
];

describe('threshold ranges (Monitoring Plugins guidelines)', () => {
  it.each(GUIDELINE_TABLE)('%s', (text, alertOn, quietOn) => {
    const range = parseRange(text);
    for (const v of alertOn) expect(alerts(range, v), `${text} on ${String(v)}`).toBe(true);
    for (const v of quietOn) expect(alerts(range, v), `${text} on ${String(v)}`).toBe(false);
  });

  it('reads start, end and the inside flag', () => {
    expect(parseRange('0')).toEqual({ start: 0, end: 0, inside: false, text: '0' });
    expect(parseRange('~:')).toEqual({ start: -Infinity, end: Infinity, inside: false, text: '~:' });
    expect(parseRange(':5')).toMatchObject({ start: 0, end: 5 });
    expect(parseRange('@-2.5:.5')).toMatchObject({ start: -2.5, end: 0.5, inside: true });
    expect(parseRange('5:5')).toMatchObject({ start: 5, end: 5 });
  });

  it('0 alerts on any count above zero, and ~: never alerts', () => {
    expect([0, 1, 2].map((v) => alerts(parseRange('0'), v))).toEqual([false, true, true]);
    expect([-1e9, 0, 1e9].map((v) => alerts(parseRange('~:'), v))).toEqual([false, false, false]);
  });

  it.each(['', '@', '~', 'abc', '10:5', '1:2:3', '10%', ' 10', '1e3', '--1', '@@1', '~:~', '1,5'])('rejects %j', (text) => {
    expect(() => parseRange(text)).toThrow(/threshold range/);
  });
});
