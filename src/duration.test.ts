import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.ts';

describe('durations', () => {
  it('reads the Prometheus forms', () => {
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('1y')).toBe(365 * 86_400_000);
    expect(parseDuration('2w')).toBe(14 * 86_400_000);
    expect(parseDuration('500ms')).toBe(500);
  });

  it('refuses what is not one', () => {
    for (const bad of ['', '5', 'm', '5M', '5 m', ' 5m', '-5m', '5min', '1.5h', 'PT5M', '30m1h', '5m5m']) expect(parseDuration(bad), bad).toBeUndefined();
  });
});
