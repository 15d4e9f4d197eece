/**
 * The watch loop: a cache kept current by informers (the feed), a detection pass whenever the cluster
 * changes (debounced) and at least every `passIntervalMs` (so thresholds are crossed with no change at all),
 * the alert engine, and delivery of its notifications to the sinks' queues. Time comes from an injected
 * clock, so tests move it instead of waiting.
 */
import type { Check, Finding, FindingId } from '../checks/types.ts';
import type { ClusterState } from '../sources/types.ts';
import type { CacheChange } from './cluster-cache.ts';
import { Model } from '../model/model.ts';
import { formatTime } from '../model/time.ts';
import { SEVERITY_ORDER } from '../checks/types.ts';
import type { Notification } from './alert.ts';
import { AlertEngine } from './alert-engine.ts';
import { buildAlert } from './alert-builder.ts';
import { detectorChecks, runDetection } from './detect.ts';
import { RestartHistory } from './restart-history.ts';
import type { WatchConfig } from './config.ts';
import type { WatchMetrics } from './metrics.ts';

/** What the watcher needs from the informers and their cache. */
export interface ClusterFeed {
  /** The cluster as cached, observed at `now` (RFC 3339). */
  state(now: string): ClusterState;
  /** Whether the cache holds the current objects of a kind: false while its informer (re)lists or backs off after an error. */
  inSync(kind: string): boolean;
  /** Every informer has listed at least once. */
  synced(): boolean;
  subscribe(listener: (change: CacheChange) => void): () => void;
}

/** Where notifications go: one delivery queue per sink. */
export interface NotificationTarget {
  enqueue(notifications: readonly Notification[]): void;
}

export interface WatcherOptions {
  feed: ClusterFeed;
  config: WatchConfig;
  targets: readonly NotificationTarget[];
  metrics: WatchMetrics;
  /** Epoch milliseconds now. */
  clock: () => number;
  /** Diagnostic lines (JSON, one per line) for the operator's log. */
  log: (line: string) => void;
  /** Wait after a change before a pass, so a burst of updates is one pass (default 200 ms). */
  debounceMs?: number;
  /** Diagnoses attached per pass at most; more alerts at once go out without one, and say so in the log (default 25). */
  diagnosesPerPass?: number;
}

export class Watcher {
  private readonly options: WatcherOptions;
  private readonly engine: AlertEngine;
  private readonly checks: readonly Check[];
  private readonly restarts: RestartHistory;
  private unsubscribe: (() => void) | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private interval: ReturnType<typeof setInterval> | undefined;
  private lastFailureLog = new Map<FindingId, number>();
  /** Epoch ms of the last completed pass (for /healthz). */
  lastPassAt: number | undefined;
  /** Passes run so far. */
  passes = 0;

  constructor(options: WatcherOptions) {
    this.options = options;
    this.engine = new AlertEngine({ repeatIntervalMs: options.config.repeatIntervalMs, forMs: (id) => options.config.forMs[id as keyof WatchConfig['forMs']] ?? 0 });
    this.restarts = new RestartHistory({ windowMs: options.config.restartWindowMs, minRestarts: options.config.restartStormRestarts });
    this.checks = detectorChecks(options.config, this.restarts);
    const { metrics } = options;
    // Every id and severity is exported from the start, so a rule on `kubehow_findings > 0` has a series to compare.
    for (const id of options.config.detectors) for (const severity of SEVERITY_ORDER) metrics.findings.set({ id, severity }, 0);
  }

  /** Subscribes to the feed and runs passes on change and on the interval. */
  start(): void {
    this.unsubscribe = this.options.feed.subscribe(() => {
      this.schedule();
    });
    this.interval = setInterval(() => {
      this.pass();
    }, this.options.config.passIntervalMs);
    this.interval.unref();
    this.schedule();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.debounce !== undefined) clearTimeout(this.debounce);
    if (this.interval !== undefined) clearInterval(this.interval);
    this.debounce = undefined;
    this.interval = undefined;
  }

  /** Alerts currently firing. */
  firing(): ReturnType<AlertEngine['firing']> {
    return this.engine.firing();
  }

  private schedule(): void {
    if (this.debounce !== undefined) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.pass();
    }, this.options.debounceMs ?? 200);
  }

  /** One detection pass now: returns (and delivers) its notifications. Nothing is detected before the first full sync. */
  pass(): Notification[] {
    const { feed, metrics, config, clock } = this.options;
    if (!feed.synced()) return [];
    const started = performance.now();
    const now = clock();
    const model = new Model(feed.state(formatTime(now)));
    this.restarts.record(model.pods, now);
    const detection = runDetection(model, this.checks, (kind) => feed.inSync(kind));
    this.logFailures(detection.failures, now);
    let diagnosed = 0;
    const quota = this.options.diagnosesPerPass ?? 25;
    const notifications = this.engine.evaluate(detection, now, (finding, firstSeenMs) => {
      diagnosed += 1;
      return buildAlert(finding, model, { docsBaseUrl: config.docsBaseUrl, firstSeenMs, diagnose: diagnosed <= quota, findings: detection.findings });
    });
    if (diagnosed > quota) this.log('warn', `${diagnosed} alerts in one pass: the first ${quota} carry a diagnosis, the rest are sent without one (run kubehow diagnose on them)`, {});
    this.record(detection.findings, notifications);
    for (const target of this.options.targets) target.enqueue(notifications);
    for (const n of notifications) this.log('info', `${n.type} ${n.alert.id} ${n.alert.subject.namespace ?? ''}/${n.alert.subject.name}`, { severity: n.alert.severity, fingerprint: n.alert.fingerprint });
    metrics.detectionDuration.observe((performance.now() - started) / 1000);
    this.lastPassAt = now;
    this.passes += 1;
    return notifications;
  }

  private record(findings: readonly Finding[], notifications: readonly Notification[]): void {
    const { metrics, config } = this.options;
    const counts = new Map<string, number>();
    const stuckByNamespace = new Map<string, number>();
    for (const f of findings) {
      const key = `${f.id}\u0000${f.severity}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (f.id === 'stuck-pod') stuckByNamespace.set(f.subject.namespace ?? '', (stuckByNamespace.get(f.subject.namespace ?? '') ?? 0) + 1);
    }
    for (const id of config.detectors) for (const severity of SEVERITY_ORDER) metrics.findings.set({ id, severity }, counts.get(`${id}\u0000${severity}`) ?? 0);
    metrics.stuckPods.reset();
    for (const [namespace, n] of stuckByNamespace) metrics.stuckPods.set({ namespace }, n);
    for (const n of notifications) metrics.notifications.inc({ type: n.type, id: n.alert.id });
  }

  private logFailures(failures: readonly { id: FindingId; message: string }[], now: number): void {
    for (const f of failures) {
      const last = this.lastFailureLog.get(f.id);
      if (last !== undefined && now - last < this.options.config.repeatIntervalMs) continue;
      this.lastFailureLog.set(f.id, now);
      this.log('error', `detector ${f.id} failed; its alerts are kept as they were until it runs again`, { error: f.message });
    }
  }

  private log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, string>): void {
    this.options.log(JSON.stringify({ time: formatTime(this.options.clock()), level, msg, ...fields }));
  }
}
