/**
 * Threshold ranges of the Monitoring Plugins Development Guidelines ("Threshold and ranges"):
 * `[@]start:end`, start ≤ end, `start:` omitted when 0, `end` omitted for +∞, `~` for −∞. An alert is raised when
 * the value lies outside [start, end] (endpoints inclusive), or inside it when the range starts with `@`.
 * `10` alerts below 0 or above 10, `10:` below 10, `~:10` above 10, `10:20` outside 10..20, `@10:20` inside 10..20.
 */

export interface Range {
  /** −Infinity for `~`. */
  start: number;
  /** +Infinity when omitted after a colon (`10:`). */
  end: number;
  /** `@`: alert when the value is inside the range instead of outside it. */
  inside: boolean;
  /** The text as given, for performance data (whose warn and crit fields are ranges in this same syntax). */
  text: string;
}

// A plain decimal number as the guidelines' value class [-0-9.] allows, with an optional leading sign.
const NUMBER = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)`;
const RANGE = new RegExp(`^(@)?(?:(~|${NUMBER})?:)?(${NUMBER})?$`);

/** Parses a range; throws an Error naming the text and the expected syntax for anything else (stricter than C's strtod). */
export function parseRange(text: string): Range {
  const m = RANGE.exec(text);
  const colon = text.includes(':');
  if (m === null || text === '' || text === '@' || (!colon && m[3] === undefined)) {
    throw new Error(`threshold range ${JSON.stringify(text)}: expected [@]start:end as in 10, 10:, ~:10, 10:20 or @10:20`);
  }
  const startText = m[2];
  const endText = m[3];
  const start = startText === '~' ? -Infinity : startText === undefined ? 0 : Number(startText);
  const end = endText === undefined ? Infinity : Number(endText);
  if (start > end) throw new Error(`threshold range ${JSON.stringify(text)}: start ${String(start)} is above end ${String(end)}`);
  return { start, end, inside: m[1] === '@', text };
}

/** Whether `value` raises an alert against the range. */
export function alerts(range: Range, value: number): boolean {
  const within = value >= range.start && value <= range.end;
  return range.inside ? within : !within;
}
