/**
 * One delivery queue per sink: the engine enqueues and never waits on a receiver; the queue delivers in order.
 *
 * Rules, and why:
 * - Exactly once per acknowledgement: a batch leaves the queue only when the sink's `send` resolved; a failed batch is
 *   retried as the same batch (no new items join it), so nothing acknowledged is sent again by the queue itself.
 *   Sinks that post one message per request say `maxBatchSize: 1`, so a mid-batch failure cannot re-post either.
 * - An outage delays, it does not lose: retryable failures (network, timeout, 408, 429, 5xx) are retried forever while
 *   the process lives, with exponential backoff (1 s doubling to 5 min, ±20 % jitter so several kubehows do not retry
 *   in step), or after the receiver's `Retry-After`.
 * - Bounded: at `capacity` the oldest `repeat` goes first (a later repeat or the re-send says the same), then the
 *   oldest of the rest; each is counted in `kubehow_sink_dropped_total{reason="overflow"}` and logged.
 * - A non-retryable answer (other 4xx) drops the batch: the receiver would refuse it again, and retrying it forever
 *   would block every alert behind it. Counted as `reason="rejected"` and logged.
 * - No coalescing: a `resolved` queued behind its own undelivered `firing` is delivered after it. Dropping both would
 *   hide that a pod was stuck for a while; a chat channel reads "fired… resolved after 3m", and Alertmanager collapses
 *   a batch to the latest state per alert itself.
 * - Periodic re-send is the queue's job, not the engine's: a sink with `resendIntervalMs` (Alertmanager forgets an
 *   alert not re-sent within its `resolve_timeout`) gets every firing alert re-queued at that interval, and every
 *   resolved one for 15 minutes after it resolved (as Prometheus does, so an Alertmanager that missed the resolve
 *   while down still hears it). The engine stays sink-agnostic: it emits firing / repeat / resolved once.
 */
import type { Notification, Sink } from '../watch/alert.ts';
import { SinkError } from '../watch/alert.ts';
import type { WatchMetrics } from '../watch/metrics.ts';
import { HttpSinkError } from './http.ts';

export const DEFAULT_QUEUE_CAPACITY = 1000;
export const DEFAULT_MAX_BATCH = 100;
export const DEFAULT_BACKOFF = { initialMs: 1000, maxMs: 300_000, jitter: 0.2 } as const;
/** Prometheus keeps re-sending resolved alerts for 15 minutes (notifier `resolvedRetention`). */
export const RESOLVED_RESEND_MS = 15 * 60_000;
/** A `Retry-After` longer than this is taken as this: one confused header must not silence a sink for days. */
const MAX_RETRY_AFTER_MS = 3_600_000;
/** At most one overflow log line per minute (plus the first), with the count since the last one. */
const OVERFLOW_LOG_EVERY_MS = 60_000;

/** Resolves after `ms`, or early (without rejecting) when `signal` aborts. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export interface DeliveryQueueOptions {
  sink: Sink;
  metrics: WatchMetrics;
  log: (message: string) => void;
  capacity?: number;
  /** Defaults to the sink's `maxBatchSize`, else 100. */
  maxBatchSize?: number;
  backoff?: { initialMs?: number; maxMs?: number; jitter?: number };
  /** In [0, 1); the jitter source. */
  random?: () => number;
  sleep?: Sleep;
  now?: () => number;
  /** Calls `tick` every `everyMs` until the returned function is called; defaults to an unref'd setInterval. */
  every?: (tick: () => void, everyMs: number) => () => void;
}

export class DeliveryQueue {
  readonly sink: Sink;
  private readonly metrics: WatchMetrics;
  private readonly log: (message: string) => void;
  private readonly capacity: number;
  private readonly maxBatchSize: number;
  private readonly backoff: { initialMs: number; maxMs: number; jitter: number };
  private readonly random: () => number;
  private readonly sleep: Sleep;
  private readonly now: () => number;
  private readonly every: (tick: () => void, everyMs: number) => () => void;

  private pending: Notification[] = [];
  private inFlight: Notification[] = [];
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private sleepAbort = new AbortController();
  private idleWaiters: (() => void)[] = [];
  private cancelResend: (() => void) | undefined;
  /** For re-sending sinks: what is firing now, and what resolved recently (with when). */
  private readonly firing = new Map<string, Notification>();
  private readonly recentlyResolved = new Map<string, { notification: Notification; at: number }>();
  private overflowSinceLog = 0;
  private lastOverflowLog: number | undefined;

  constructor(options: DeliveryQueueOptions) {
    this.sink = options.sink;
    this.metrics = options.metrics;
    this.log = options.log;
    this.maxBatchSize = Math.max(1, options.maxBatchSize ?? options.sink.maxBatchSize ?? DEFAULT_MAX_BATCH);
    this.capacity = Math.max(1, options.capacity ?? DEFAULT_QUEUE_CAPACITY);
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? abortableSleep;
    this.now = options.now ?? Date.now;
    this.every = options.every ?? intervalTimer;
    this.updateGauge();
  }

  /** Notifications waiting, including the batch being sent. */
  get length(): number {
    return this.pending.length + this.inFlight.length;
  }

  /** Starts delivering (and, for a re-sending sink, the re-send timer). */
  start(): void {
    if (this.loop !== undefined || this.stopped) return;
    this.loop = this.run();
    const interval = this.sink.resendIntervalMs;
    if (interval !== undefined && interval > 0) this.cancelResend = this.every(() => { this.resend(); }, interval);
  }

  /** Queues a notification from the engine; never blocks. */
  enqueue(notification: Notification): void {
    if (this.sink.resendIntervalMs !== undefined) this.track(notification);
    this.push(notification);
  }

  /**
   * Re-queues every firing alert (as `repeat`) and every alert resolved within the last 15 minutes, skipping those
   * already waiting: a queued notification will carry the same state. Called by the timer; public for tests.
   */
  resend(): void {
    const now = this.now();
    for (const [fingerprint, entry] of this.recentlyResolved) {
      if (now - entry.at > RESOLVED_RESEND_MS) this.recentlyResolved.delete(fingerprint);
    }
    const waiting = new Set([...this.inFlight, ...this.pending].map((n) => n.alert.fingerprint));
    const at = new Date(now).toISOString();
    for (const [fingerprint, notification] of this.firing) {
      if (!waiting.has(fingerprint)) this.push({ type: 'repeat', alert: notification.alert, at });
    }
    for (const [fingerprint, entry] of this.recentlyResolved) {
      if (!waiting.has(fingerprint)) this.push(entry.notification);
    }
  }

  /**
   * Waits until everything queued is delivered or `timeoutMs` passes (SIGTERM: flush with a deadline). A sink in
   * backoff is retried at once. True when the queue is empty.
   */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.length === 0) return true;
    this.sleepAbort.abort();
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => this.idleWaiters.push(() => { resolve(true); }));
    const deadline = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => { resolve(false); }, timeoutMs);
    });
    const flushed = await Promise.race([idle, deadline]);
    clearTimeout(timer);
    return flushed;
  }

  /** Stops the loop and the re-send timer; resolves when a send in progress has finished. What is left is logged. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelResend?.();
    this.sleepAbort.abort();
    this.wake?.();
    await this.loop;
    if (this.length > 0) this.log(`${this.sink.name}: stopped with ${this.length} notification(s) undelivered`);
  }

  private track(notification: Notification): void {
    const fingerprint = notification.alert.fingerprint;
    if (notification.type === 'resolved') {
      this.firing.delete(fingerprint);
      this.recentlyResolved.set(fingerprint, { notification, at: this.now() });
    } else {
      this.recentlyResolved.delete(fingerprint);
      this.firing.set(fingerprint, notification);
    }
  }

  private push(notification: Notification): void {
    if (this.length >= this.capacity) {
      // The incoming notification is a candidate too: a new repeat goes before an old firing.
      const candidates = [...this.pending, notification];
      let victim = candidates.findIndex((n) => n.type === 'repeat');
      if (victim === -1) victim = 0;
      const dropped = candidates[victim];
      if (dropped !== undefined) this.recordOverflow(dropped);
      if (victim === candidates.length - 1) return;
      this.pending.splice(victim, 1);
    }
    this.pending.push(notification);
    this.updateGauge();
    this.wake?.();
  }

  private recordOverflow(dropped: Notification): void {
    this.metrics.sinkDropped.inc({ sink: this.sink.name, reason: 'overflow' });
    this.overflowSinceLog++;
    const now = this.now();
    if (this.lastOverflowLog === undefined || now - this.lastOverflowLog >= OVERFLOW_LOG_EVERY_MS) {
      this.log(
        `${this.sink.name}: queue full (${this.capacity}); dropped ${this.overflowSinceLog} notification(s) since the last report, latest the ${dropped.type} of ${dropped.alert.fingerprint}`,
      );
      this.overflowSinceLog = 0;
      this.lastOverflowLog = now;
    }
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      if (this.inFlight.length === 0) {
        if (this.pending.length === 0) {
          this.notifyIdle();
          await new Promise<void>((resolve) => (this.wake = resolve));
          this.wake = undefined;
          continue;
        }
        this.inFlight = this.pending.splice(0, this.maxBatchSize);
        attempt = 0;
      }
      const batch = this.inFlight;
      try {
        await this.sink.send(batch);
        this.metrics.sinkDeliveries.inc({ sink: this.sink.name }, batch.length);
        this.inFlight = [];
        this.updateGauge();
      } catch (error) {
        const retryable = !(error instanceof SinkError) || error.retryable;
        this.metrics.sinkFailures.inc({ sink: this.sink.name, retryable: String(retryable) });
        const reason = error instanceof Error ? error.message : String(error);
        if (!retryable) {
          this.metrics.sinkDropped.inc({ sink: this.sink.name, reason: 'rejected' }, batch.length);
          this.log(`${this.sink.name}: dropped ${batch.length} notification(s) the receiver refused (not retryable): ${reason}`);
          this.inFlight = [];
          this.updateGauge();
          continue;
        }
        const delay = this.retryDelay(error, attempt);
        attempt++;
        this.log(`${this.sink.name}: delivery of ${batch.length} notification(s) failed (attempt ${attempt}), retrying in ${formatDelay(delay)}: ${reason}`);
        if (this.stopped) break;
        if (this.sleepAbort.signal.aborted) this.sleepAbort = new AbortController();
        await this.sleep(delay, this.sleepAbort.signal);
      }
    }
  }

  /** The receiver's `Retry-After` when it gave one, else the backoff for this attempt. */
  private retryDelay(error: unknown, attempt: number): number {
    if (error instanceof HttpSinkError && error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, MAX_RETRY_AFTER_MS);
    return backoffDelay(attempt, this.backoff, this.random());
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private updateGauge(): void {
    this.metrics.sinkQueueLength.set({ sink: this.sink.name }, this.length);
  }
}

/** `initialMs × 2^attempt`, capped at `maxMs`, times 1 ± `jitter` (with `random` = 0.5 exactly the base). */
export function backoffDelay(attempt: number, backoff: { initialMs: number; maxMs: number; jitter: number }, random: number): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(Math.min(backoff.maxMs, base * (1 + backoff.jitter * (2 * random - 1))));
}

function formatDelay(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}

export const abortableSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

function intervalTimer(tick: () => void, everyMs: number): () => void {
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => { clearInterval(timer); };
}
