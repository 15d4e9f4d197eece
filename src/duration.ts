/**
 * Durations as Prometheus writes them (`model.ParseDuration`: `90s`, `5m`, `1h30m`, `2d`; units y w d h m s ms,
 * largest first, each at most once), used by the watch configuration and flags and by `kubehow rules`, so a value
 * that works in one works in the others and in the rules file Prometheus reads.
 */

const UNIT_MS: Readonly<Record<string, number>> = { y: 365 * 86_400_000, w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
const UNITS = ['y', 'w', 'd', 'h', 'm', 's', 'ms'] as const;
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Milliseconds, or undefined when `text` is not a duration. `0` alone is accepted (Prometheus accepts it too). */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const match = text === '' ? null : DURATION.exec(text);
  if (match === null) return undefined;
  let ms = 0;
  UNITS.forEach((unit, i) => {
    const n = match[i + 1];
    if (n !== undefined) ms += Number(n) * (UNIT_MS[unit] ?? 0);
  });
  return ms;
}
