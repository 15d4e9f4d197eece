/**
 * The engine's single entry point to delivery: one DeliveryQueue per sink, fanned out, so a slow or dead receiver
 * delays only its own queue. Built from parsed sink specs (each spec's `queueCapacity` sizes its queue).
 */
import type { Notification } from '../watch/alert.ts';
import type { WatchMetrics } from '../watch/metrics.ts';
import { createSinks, type SinkDependencies, type SinkSpec } from './create-sink.ts';
import { DeliveryQueue, type DeliveryQueueOptions } from './delivery-queue.ts';

export class Deliveries {
  readonly queues: readonly DeliveryQueue[];

  constructor(queues: readonly DeliveryQueue[]) {
    this.queues = queues;
  }

  start(): void {
    for (const queue of this.queues) queue.start();
  }

  /** Hands the notification to every sink's queue; never blocks on a receiver. */
  enqueue(notification: Notification): void {
    for (const queue of this.queues) queue.enqueue(notification);
  }

  /** Flushes every queue within one shared deadline (SIGTERM); the names of sinks left with undelivered notifications. */
  async drain(timeoutMs: number): Promise<string[]> {
    const flushed = await Promise.all(this.queues.map((q) => q.drain(timeoutMs)));
    return this.queues.filter((_, i) => flushed[i] !== true).map((q) => q.sink.name);
  }

  async stop(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.stop()));
  }
}

export interface DeliveriesDependencies extends SinkDependencies {
  metrics: WatchMetrics;
  /** Test seams passed to every queue (sleep, random, every). */
  queue?: Partial<Pick<DeliveryQueueOptions, 'sleep' | 'random' | 'every' | 'backoff'>>;
}

/** Builds the sinks (resolving secret URLs; errors name `sinks[i]`) and one queue per sink. Not started. */
export async function createDeliveries(specs: readonly SinkSpec[], deps: DeliveriesDependencies, field = 'sinks'): Promise<Deliveries> {
  const sinks = await createSinks(specs, deps, field);
  const queues = sinks.map((sink, i) => {
    const options: DeliveryQueueOptions = { sink, metrics: deps.metrics, log: deps.log, capacity: specs[i]?.queueCapacity, ...deps.queue };
    if (deps.now !== undefined) options.now = deps.now;
    return new DeliveryQueue(options);
  });
  return new Deliveries(queues);
}
