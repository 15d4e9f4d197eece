/**
 * The alert lifecycle: which findings fire, repeat, or resolve. Pure (time comes in as `now`), so every rule
 * below is tested without timers:
 * - a finding fires once it has been present for its detector's `for` duration, and is deduplicated by
 *   fingerprint: the same problem seen by the next pass, or again after a re-list, notifies nothing;
 * - a firing alert is notified again (`repeat`) after the repeat interval, rebuilt from the current state;
 * - an alert resolves when a pass that saw everything its detector reads no longer finds it. A pass with
 *   a gap (an informer re-listing, a detector that threw) resolves nothing: absence of data is not recovery;
 * - a severity change is a new alert: the old one resolves and the new one fires (Alertmanager routes on
 *   severity, so the old label set must end).
 */
import type { Finding, FindingId } from '../checks/types.ts';
import { formatTime } from '../model/time.ts';
import type { Alert, Notification } from './alert.ts';
import { fingerprintOf } from './alert-builder.ts';

export interface AlertEngineOptions {
  repeatIntervalMs: number;
  /** How long a finding must persist before it fires, by detector. */
  forMs: (id: FindingId) => number;
}

/** Builds the alert for a finding when it is about to be notified (diagnosing its pod), not on every pass. */
export type AlertFactory = (finding: Finding, firstSeenMs: number) => Alert;

interface Tracked {
  firstSeenMs: number;
  finding: Finding;
  /** The alert as last notified; undefined while pending (`for` not yet elapsed). */
  notified?: Alert;
  lastNotifiedMs?: number;
}

export interface PassResult {
  /** Findings of the detectors that ran to completion. */
  findings: readonly Finding[];
  /** Detectors whose absence of findings means "no problem": they ran, and every kind they read was in sync. */
  complete: ReadonlySet<FindingId>;
}

export class AlertEngine {
  private readonly tracked = new Map<string, Tracked>();
  private readonly options: AlertEngineOptions;

  constructor(options: AlertEngineOptions) {
    this.options = options;
  }

  /** One detection pass at `nowMs`: the notifications it causes, in order (resolves first, then firing, then repeats). */
  evaluate(pass: PassResult, nowMs: number, build: AlertFactory): Notification[] {
    const at = formatTime(nowMs);
    const resolved: Notification[] = [];
    const firing: Notification[] = [];
    const repeats: Notification[] = [];
    const seen = new Set<string>();
    for (const finding of pass.findings) {
      const fingerprint = fingerprintOf(finding);
      if (seen.has(fingerprint)) continue;
      seen.add(fingerprint);
      let t = this.tracked.get(fingerprint);
      if (t === undefined) {
        t = { firstSeenMs: nowMs, finding };
        this.tracked.set(fingerprint, t);
      }
      t.finding = finding;
      if (t.notified === undefined) {
        if (nowMs - t.firstSeenMs < this.options.forMs(finding.id)) continue;
        t.notified = build(finding, t.firstSeenMs);
        t.lastNotifiedMs = nowMs;
        firing.push({ type: 'firing', alert: t.notified, at });
      } else if (t.notified.severity !== finding.severity) {
        resolved.push({ type: 'resolved', alert: { ...t.notified, endsAt: at }, at });
        t.notified = build(finding, nowMs);
        t.lastNotifiedMs = nowMs;
        firing.push({ type: 'firing', alert: t.notified, at });
      } else if (nowMs - (t.lastNotifiedMs ?? nowMs) >= this.options.repeatIntervalMs) {
        t.notified = { ...build(finding, t.firstSeenMs), startsAt: t.notified.startsAt };
        t.lastNotifiedMs = nowMs;
        repeats.push({ type: 'repeat', alert: t.notified, at });
      }
    }
    for (const [fingerprint, t] of this.tracked) {
      if (seen.has(fingerprint) || !pass.complete.has(t.finding.id)) continue;
      this.tracked.delete(fingerprint);
      // A finding that went away before its `for` elapsed never fired, so nothing resolves.
      if (t.notified !== undefined) resolved.push({ type: 'resolved', alert: { ...t.notified, endsAt: at }, at });
    }
    return [...resolved, ...firing, ...repeats];
  }

  /** Alerts notified and not resolved. */
  firing(): Alert[] {
    return [...this.tracked.values()].flatMap((t) => (t.notified !== undefined ? [t.notified] : []));
  }

  /** Findings seen but still within their `for` duration. */
  pending(): Finding[] {
    return [...this.tracked.values()].filter((t) => t.notified === undefined).map((t) => t.finding);
  }
}
