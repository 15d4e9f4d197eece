/** Defensive readers for untrusted object fields: a malformed snapshot must never crash analysis. */

/** The value if it is an array, else an empty array; null and undefined elements are dropped (they only crash property reads). */
export function list<T>(value: readonly T[] | null | undefined): readonly T[] {
  if (!Array.isArray(value)) return [];
  const items = value as readonly (T | null | undefined)[];
  return items.every((x) => x !== null && x !== undefined) ? (items) : items.filter((x): x is T => x !== null && x !== undefined);
}

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value if it is a non-empty string, else undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The value if it is a plain string-to-string map, else an empty map. */
export function stringMap(value: unknown): Readonly<Record<string, string>> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Milliseconds since the epoch for an RFC 3339 string, or undefined when absent or unparseable. */
export function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
