/**
 * kubehow's own Prometheus metrics. The names are a contract: `kubehow rules` writes alert rules on them and
 * dashboards read them, so rename only with a changelog note. One registry per watcher (never prom-client's
 * global one), so tests and several watchers in one process do not share counters.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const METRIC = {
  buildInfo: 'kubehow_build_info',
  stuckPods: 'kubehow_stuck_pods',
  findings: 'kubehow_findings',
  informerSynced: 'kubehow_informer_synced',
  informerLastEventAge: 'kubehow_informer_last_event_age_seconds',
  informerRelists: 'kubehow_informer_relists_total',
  informerErrors: 'kubehow_informer_errors_total',
  informerObjects: 'kubehow_informer_objects',
  notifications: 'kubehow_notifications_total',
  sinkDeliveries: 'kubehow_sink_deliveries_total',
  sinkFailures: 'kubehow_sink_failures_total',
  sinkDropped: 'kubehow_sink_dropped_total',
  sinkQueueLength: 'kubehow_sink_queue_length',
  detectionDuration: 'kubehow_detection_duration_seconds',
} as const;

export class WatchMetrics {
  readonly registry = new Registry();
  readonly buildInfo: Gauge<'version'>;
  /** Pods stuck past their threshold now, by namespace. */
  readonly stuckPods: Gauge<'namespace'>;
  /** Current findings of the watch detectors, by id and severity (every id and severity is exported, 0 when none). */
  readonly findings: Gauge<'id' | 'severity'>;
  /** 1 once a resource's informer has listed and is watching, 0 while it is (re)listing or backing off. */
  readonly informerSynced: Gauge<'resource'>;
  /** Seconds since the informer last received an event or list (set when scraped). */
  readonly informerLastEventAge: Gauge<'resource'>;
  readonly informerRelists: Counter<'resource' | 'reason'>;
  readonly informerErrors: Counter<'resource' | 'reason'>;
  readonly informerObjects: Gauge<'resource'>;
  /** Notifications emitted by the engine, by type (firing, repeat, resolved) and finding id. */
  readonly notifications: Counter<'type' | 'id'>;
  readonly sinkDeliveries: Counter<'sink'>;
  readonly sinkFailures: Counter<'sink' | 'retryable'>;
  /** Notifications a sink gave up on: `overflow` (queue full, oldest dropped) or `rejected` (non-retryable answer). */
  readonly sinkDropped: Counter<'sink' | 'reason'>;
  readonly sinkQueueLength: Gauge<'sink'>;
  readonly detectionDuration: Histogram;

  constructor(options: { version: string; processMetrics?: boolean }) {
    const registers = [this.registry];
    this.buildInfo = new Gauge({ name: METRIC.buildInfo, help: 'kubehow version running (always 1).', labelNames: ['version'], registers });
    this.buildInfo.set({ version: options.version }, 1);
    this.stuckPods = new Gauge({ name: METRIC.stuckPods, help: 'Pods waiting to start (ContainerCreating, PodInitializing, Pending after scheduling) longer than their threshold.', labelNames: ['namespace'], registers });
    this.findings = new Gauge({ name: METRIC.findings, help: 'Current findings of the watch detectors (stuck pods, co-location exposures, restart storms, disk pressure, targets not ready).', labelNames: ['id', 'severity'], registers });
    this.informerSynced = new Gauge({ name: METRIC.informerSynced, help: 'Whether the informer for a resource has listed and is watching (1) or is re-listing or backing off (0).', labelNames: ['resource'], registers });
    this.informerLastEventAge = new Gauge({ name: METRIC.informerLastEventAge, help: 'Seconds since the informer last received a list or watch event.', labelNames: ['resource'], registers });
    this.informerRelists = new Counter({ name: METRIC.informerRelists, help: 'Full re-lists of a resource (410 Gone, errors, start-up).', labelNames: ['resource', 'reason'], registers });
    this.informerErrors = new Counter({ name: METRIC.informerErrors, help: 'Watch or list failures of a resource.', labelNames: ['resource', 'reason'], registers });
    this.informerObjects = new Gauge({ name: METRIC.informerObjects, help: 'Objects of a resource held in the cache.', labelNames: ['resource'], registers });
    this.notifications = new Counter({ name: METRIC.notifications, help: 'Alert notifications emitted, by type and finding id.', labelNames: ['type', 'id'], registers });
    this.sinkDeliveries = new Counter({ name: METRIC.sinkDeliveries, help: 'Notifications a sink delivered.', labelNames: ['sink'], registers });
    this.sinkFailures = new Counter({ name: METRIC.sinkFailures, help: 'Failed delivery attempts of a sink.', labelNames: ['sink', 'retryable'], registers });
    this.sinkDropped = new Counter({ name: METRIC.sinkDropped, help: 'Notifications a sink gave up on (queue overflow or rejected by the receiver).', labelNames: ['sink', 'reason'], registers });
    this.sinkQueueLength = new Gauge({ name: METRIC.sinkQueueLength, help: 'Notifications waiting for delivery in a sink\'s queue.', labelNames: ['sink'], registers });
    this.detectionDuration = new Histogram({ name: METRIC.detectionDuration, help: 'Time of one detection pass over the cached cluster.', buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5], registers });
    if (options.processMetrics === true) collectDefaultMetrics({ register: this.registry });
  }
}
