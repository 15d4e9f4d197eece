/** Durations as Prometheus and Alertmanager write them (`90s`, `5m`, `1h30m`, `2d`), used by flags and the config file. */

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(?:\d+(?:ms|s|m|h|d|w))+$/;
const PART = /(\d+)(ms|s|m|h|d|w)/g;

/** Milliseconds, or undefined when `text` is not a duration. `0` alone is accepted (Prometheus accepts it too). */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (t === '0') return 0;
  if (!DURATION.test(t)) return undefined;
  let ms = 0;
  for (const [, n, unit] of t.matchAll(PART)) ms += Number(n) * (UNIT_MS[unit ?? ''] ?? 0);
  return ms;
}

/** The shortest way to write `ms` in those units: 300000 → `5m`, 5400000 → `1h30m`. */
export function formatDurationSpec(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const unit of ['w', 'd', 'h', 'm', 's', 'ms']) {
    const size = UNIT_MS[unit] ?? 1;
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}
