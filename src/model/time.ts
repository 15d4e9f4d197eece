/** Time formatting for evidence. Pure: every "ago" is relative to the state's `now`, never the wall clock. */

/** RFC 3339 (UTC, seconds) for an epoch-ms time. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A short human duration: `45s`, `27m`, `6h12m`, `3d4h`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
}

/** `27m ago` relative to `now`; `in the future` when a clock skew puts it after now. */
export function ago(at: number, now: number): string {
  return at > now + 1000 ? 'after the snapshot time' : `${formatDuration(now - at)} ago`;
}
