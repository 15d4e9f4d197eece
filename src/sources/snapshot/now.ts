/** The "now" of a snapshot: `--now`, else the bundle's collectedAt, else the latest timestamp inside it. */
import { InputError } from '../../errors.ts';
import type { KubeObject, NowSource } from '../types.ts';
import { isRecord } from '../../kube/read.ts';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** Milliseconds since the epoch of an RFC 3339 date-time, or undefined when `text` is not one. */
export function parseRfc3339(text: string): number | undefined {
  const match = RFC3339.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const [offsetHours, offsetMinutes] = [Number(match[9] ?? 0), Number(match[10] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  // 60 is a leap second; it rolls over to the next minute, which is as close as a Date gets.
  if (hour > 23 || minute > 59 || second > 60 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, Math.floor(Number(match[7] ?? 0) * 1000));
  const sign = match[8] === '-' ? -1 : 1;
  return date.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

/** Validates `--now` and returns it as an ISO string. */
export function parseNowFlag(value: string): string {
  const time = parseRfc3339(value);
  if (time === undefined) {
    throw new InputError(`--now: expected an RFC 3339 time such as 2026-03-30T09:32:00Z, got ${JSON.stringify(value)}`);
  }
  return new Date(time).toISOString();
}

/** Inputs for {@link resolveNow}. */
export interface NowInputs {
  /** `--now`, unvalidated. */
  flag?: string | undefined;
  /** The bundle manifest's collectedAt, already validated as RFC 3339. */
  collectedAt?: string | undefined;
  objects: Iterable<KubeObject>;
  /** The snapshot path, for the error when no time can be found. */
  path: string;
}

/** Picks the snapshot's now by precedence and normalises it to an ISO string. */
export function resolveNow(inputs: NowInputs): { observedAt: string; nowSource: NowSource } {
  if (inputs.flag !== undefined) return { observedAt: parseNowFlag(inputs.flag), nowSource: 'flag' };
  const collectedAt = inputs.collectedAt === undefined ? undefined : parseRfc3339(inputs.collectedAt);
  if (collectedAt !== undefined) return { observedAt: new Date(collectedAt).toISOString(), nowSource: 'manifest' };
  const latest = latestTimestamp(inputs.objects);
  if (latest === undefined) {
    throw new InputError(
      `${inputs.path}: no timestamp found in the snapshot to measure ages against; pass --now <RFC 3339 time>, e.g. --now 2026-03-30T09:32:00Z`,
      inputs.path,
    );
  }
  return { observedAt: new Date(latest).toISOString(), nowSource: 'latest-timestamp' };
}

/**
 * The latest time (epoch ms) recorded in the objects' creation/deletion stamps, event times, status
 * conditions, pod start time and container state times; values that are not RFC 3339 are ignored.
 */
export function latestTimestamp(objects: Iterable<KubeObject>): number | undefined {
  const all = Array.isArray(objects) ? (objects as readonly KubeObject[]) : [...objects];
  let latest: number | undefined;
  // Nearly every Kubernetes timestamp is `YYYY-MM-DDTHH:MM:SSZ`; in that one fixed-width UTC form string order
  // is time order, so the latest is found by comparing strings and parsed once at the end. Anything else
  // (offsets, fractions) is parsed as it comes.
  let latestPlain = '';
  for (const object of all) {
    forEachTimestamp(object, (value) => {
      if (isPlainUtc(value)) {
        if (value > latestPlain) latestPlain = value;
        return;
      }
      const time = parseRfc3339(value);
      if (time !== undefined && (latest === undefined || time > latest)) latest = time;
    });
  }
  if (latestPlain === '') return latest;
  const plain = parseRfc3339(latestPlain);
  // An impossible date (month 13) in the plain form is ignored like any unparseable value: rescan without the shortcut.
  if (plain === undefined) return latestTimestampSlow(all);
  return latest === undefined || plain > latest ? plain : latest;
}

/**
 * `YYYY-MM-DDTHH:MM:SSZ` by its separators: a plain-looking string with a bad digit either is not the latest
 * (and is ignored, as parseRfc3339 would) or is, and then fails the final parse and triggers the full rescan.
 */
function isPlainUtc(v: string): boolean {
  return v.length === 20 && v.charCodeAt(4) === 0x2d && v.charCodeAt(7) === 0x2d && v.charCodeAt(10) === 0x54 && v.charCodeAt(13) === 0x3a && v.charCodeAt(16) === 0x3a && v.charCodeAt(19) === 0x5a;
}

/** The latest time without the string-order shortcut, for inputs holding an invalid plain-form date. */
function latestTimestampSlow(objects: readonly KubeObject[]): number | undefined {
  let latest: number | undefined;
  for (const object of objects) {
    forEachTimestamp(object, (value) => {
      const time = parseRfc3339(value);
      if (time !== undefined && (latest === undefined || time > latest)) latest = time;
    });
  }
  return latest;
}

/** Calls `visit` with every string in the timestamp fields {@link latestTimestamp} reads. */
function forEachTimestamp(object: KubeObject, visit: (value: string) => void): void {
  const consider = (value: unknown): void => {
    if (typeof value === 'string') visit(value);
  };
  consider(object.metadata.creationTimestamp);
  consider(object.metadata.deletionTimestamp);
  if (object.kind === 'Event') {
    // Named reads, not a loop over field names: this runs for every event of a cluster, and a named read
    // is cached per object shape where a computed one is looked up each time.
    consider(object.firstTimestamp);
    consider(object.lastTimestamp);
    consider(object.eventTime);
    consider(object.deprecatedFirstTimestamp);
    consider(object.deprecatedLastTimestamp);
    if (isRecord(object.series)) consider(object.series.lastObservedTime);
  }
  const status = object.status;
  if (!isRecord(status)) return;
  consider(status.startTime);
  for (const condition of asArray(status.conditions)) {
    if (isRecord(condition)) {
      consider(condition.lastTransitionTime);
      consider(condition.lastHeartbeatTime);
      consider(condition.lastProbeTime);
      consider(condition.lastUpdateTime);
    }
  }
  considerContainerTimes(status.containerStatuses, consider);
  considerContainerTimes(status.initContainerStatuses, consider);
  considerContainerTimes(status.ephemeralContainerStatuses, consider);
}

/** The state times of every container status in one of a pod status's lists. */
function considerContainerTimes(statuses: unknown, consider: (value: unknown) => void): void {
  for (const containerStatus of asArray(statuses)) {
    if (!isRecord(containerStatus)) continue;
    considerStateTimes(containerStatus.state, consider);
    considerStateTimes(containerStatus.lastState, consider);
  }
}

/** The startedAt / finishedAt of each detail (`running`, `terminated`, `waiting`) of a container state. */
function considerStateTimes(state: unknown, consider: (value: unknown) => void): void {
  if (!isRecord(state)) return;
  for (const detail of Object.values(state)) {
    if (isRecord(detail)) {
      consider(detail.startedAt);
      consider(detail.finishedAt);
    }
  }
}

function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
