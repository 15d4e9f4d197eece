import { afterEach, describe, expect, it } from 'vitest';
import { notify, stuckPodAlert } from '../../test/support/alerts.ts';
import { startCaptureServer, type CaptureServer } from '../../test/support/capture-server.ts';
import type { Notification, Sink } from '../watch/alert.ts';
import { SinkError } from '../watch/alert.ts';
import { METRIC, WatchMetrics } from '../watch/metrics.ts';
import { AlertmanagerSink } from './alertmanager.ts';
import { backoffDelay, DEFAULT_BACKOFF, DeliveryQueue, type DeliveryQueueOptions, type Sleep } from './delivery-queue.ts';
import { WebhookSink } from './webhook.ts';

const servers: CaptureServer[] = [];
const queues: DeliveryQueue[] = [];
afterEach(async () => {
  await Promise.all(queues.splice(0).map((q) => q.stop()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function metricValue(metrics: WatchMetrics, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = metrics.registry.getSingleMetric(name);
  const data = await metric?.get();
  return data?.values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value))?.value;
}

/** A sink that fails with the scripted errors first, then accepts; it records every batch it was asked to send. */
class ScriptedSink implements Sink {
  readonly name = 'scripted';
  readonly attempts: string[][] = [];
  readonly delivered: string[] = [];
  readonly failures: Error[];
  readonly resendIntervalMs: number | undefined;
  readonly maxBatchSize: number | undefined;
  constructor(options: { failures?: Error[]; resendIntervalMs?: number; maxBatchSize?: number } = {}) {
    this.failures = options.failures ?? [];
    this.resendIntervalMs = options.resendIntervalMs;
    this.maxBatchSize = options.maxBatchSize;
  }
  send(batch: readonly Notification[]): Promise<void> {
    const keys = batch.map(key);
    this.attempts.push(keys);
    const failure = this.failures.shift();
    if (failure !== undefined) return Promise.reject(failure);
    this.delivered.push(...keys);
    return Promise.resolve();
  }
}

function key(n: Notification): string {
  return `${n.type}:${n.alert.subject.name}`;
}

function queueWith(sink: Sink, options: Partial<DeliveryQueueOptions> = {}): { queue: DeliveryQueue; metrics: WatchMetrics; sleeps: number[]; logs: string[] } {
  const metrics = new WatchMetrics({ version: 'test' });
  const sleeps: number[] = [];
  const logs: string[] = [];
  const sleep: Sleep = (ms) => {
    sleeps.push(ms);
    return Promise.resolve();
  };
  const queue = new DeliveryQueue({ sink, metrics, log: (m) => logs.push(m), random: () => 0.5, sleep, now: () => Date.parse('2026-03-30T03:20:00Z'), ...options });
  queues.push(queue);
  return { queue, metrics, sleeps, logs };
}

const firing = (pod: string): Notification => notify('firing', stuckPodAlert({ pod }));
const repeat = (pod: string): Notification => notify('repeat', stuckPodAlert({ pod }));
const resolved = (pod: string): Notification => notify('resolved', stuckPodAlert({ pod, endsAt: '2026-03-30T03:19:00.000Z' }));

describe('DeliveryQueue', () => {
  it('delivers everything exactly once and in order after a receiver that refused connections comes up, backing off 1 s, 2 s, 4 s', async () => {
    const probe = await startCaptureServer();
    const port = probe.port;
    await probe.close();
    const sink = new WebhookSink({ url: `http://127.0.0.1:${port}/hook` });
    let receiver: CaptureServer | undefined;
    const sleeps: number[] = [];
    const { queue, metrics } = queueWith(sink, {
      sleep: async (ms) => {
        sleeps.push(ms);
        if (sleeps.length === 3) {
          receiver = await startCaptureServer(port);
          servers.push(receiver);
        }
      },
    });
    const sent = [firing('a'), firing('b'), resolved('a')];
    for (const n of sent) queue.enqueue(n);
    queue.start();
    expect(await queue.drain(10_000)).toBe(true);

    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(receiver?.requests.map((r) => r.body)).toEqual(sent.map((n) => ({ apiVersion: 'kubehow/v1alpha1', kind: 'AlertNotification', type: n.type, at: n.at, alert: n.alert })));
    expect(await metricValue(metrics, METRIC.sinkDeliveries, { sink: 'webhook' })).toBe(3);
    expect(await metricValue(metrics, METRIC.sinkFailures, { sink: 'webhook', retryable: 'true' })).toBe(3);
    expect(await metricValue(metrics, METRIC.sinkQueueLength, { sink: 'webhook' })).toBe(0);
  });

  it('retries the same batch after 503s, honouring Retry-After, and delivers it once', async () => {
    const am = await startCaptureServer();
    servers.push(am);
    am.answers.push({ status: 503 }, { status: 503, headers: { 'retry-after': '7' } }, { status: 200 });
    const { queue, sleeps } = queueWith(new AlertmanagerSink({ urls: [am.url] }));
    queue.enqueue(firing('a'));
    queue.enqueue(firing('b'));
    queue.start();
    expect(await queue.drain(10_000)).toBe(true);
    expect(sleeps).toEqual([1000, 7000]);
    const bodies = am.requests.map((r) => (r.body as { labels: Record<string, string> }[]).map((a) => a.labels.pod));
    expect(bodies).toEqual([['a', 'b'], ['a', 'b'], ['a', 'b']]);
  });

  it('caps the backoff at 5 minutes, with ±20 % jitter', () => {
    expect([0, 1, 2, 8, 9, 40].map((a) => backoffDelay(a, DEFAULT_BACKOFF, 0.5))).toEqual([1000, 2000, 4000, 256_000, 300_000, 300_000]);
    expect(backoffDelay(3, DEFAULT_BACKOFF, 0)).toBe(6400);
    expect(backoffDelay(3, DEFAULT_BACKOFF, 0.999_999)).toBe(9600);
    expect(backoffDelay(12, DEFAULT_BACKOFF, 0)).toBe(240_000);
  });

  it('drops a batch the receiver rejects (not retryable), counts and logs it, and goes on', async () => {
    const sink = new ScriptedSink({ failures: [new SinkError('400 Bad Request: bad label', false)], maxBatchSize: 1 });
    const { queue, metrics, sleeps, logs } = queueWith(sink);
    queue.enqueue(firing('a'));
    queue.enqueue(firing('b'));
    queue.start();
    expect(await queue.drain(10_000)).toBe(true);
    expect(sink.attempts).toEqual([['firing:a'], ['firing:b']]);
    expect(sink.delivered).toEqual(['firing:b']);
    expect(sleeps).toEqual([]);
    expect(await metricValue(metrics, METRIC.sinkDropped, { sink: 'scripted', reason: 'rejected' })).toBe(1);
    expect(await metricValue(metrics, METRIC.sinkFailures, { sink: 'scripted', retryable: 'false' })).toBe(1);
    expect(await metricValue(metrics, METRIC.sinkDeliveries, { sink: 'scripted' })).toBe(1);
    expect(logs).toEqual(['scripted: dropped 1 notification(s) the receiver refused (not retryable): 400 Bad Request: bad label']);
  });

  it('retries an unexpected (non-SinkError) failure rather than losing the alert', async () => {
    const sink = new ScriptedSink({ failures: [new TypeError('surprise')] });
    const { queue, sleeps } = queueWith(sink);
    queue.enqueue(firing('a'));
    queue.start();
    expect(await queue.drain(10_000)).toBe(true);
    expect(sink.delivered).toEqual(['firing:a']);
    expect(sleeps).toEqual([1000]);
  });

  it('on overflow drops the oldest repeat first, then the oldest of the rest, counting each', async () => {
    const sink = new ScriptedSink();
    const { queue, metrics, logs } = queueWith(sink, { capacity: 3, maxBatchSize: 10 });
    queue.enqueue(firing('a'));
    queue.enqueue(repeat('b'));
    queue.enqueue(repeat('c'));
    expect(queue.length).toBe(3);
    queue.enqueue(firing('d')); // drops repeat b
    queue.enqueue(firing('e')); // drops repeat c
    queue.enqueue(firing('f')); // no repeat left: drops firing a
    queue.enqueue(repeat('g')); // the incoming repeat is the oldest repeat: dropped itself
    expect(await metricValue(metrics, METRIC.sinkQueueLength, { sink: 'scripted' })).toBe(3);
    queue.start();
    expect(await queue.drain(10_000)).toBe(true);
    expect(sink.delivered).toEqual(['firing:d', 'firing:e', 'firing:f']);
    expect(await metricValue(metrics, METRIC.sinkDropped, { sink: 'scripted', reason: 'overflow' })).toBe(4);
    // Logged once (the clock does not move here), not once per drop.
    expect(logs).toEqual(['scripted: queue full (3); dropped 1 notification(s) since the last report, latest the repeat of stuck-pod/pod/media/b']);
  });

  it('never drops the batch being sent: with the queue full of it, the newcomer is the one dropped', async () => {
    let release: () => void = () => undefined;
    const sent: string[][] = [];
    const blocking: Sink = {
      name: 'blocking',
      send: (batch) => {
        sent.push(batch.map(key));
        return new Promise<void>((resolve) => (release = resolve));
      },
    };
    const { queue, metrics } = queueWith(blocking, { capacity: 2, maxBatchSize: 2 });
    queue.enqueue(firing('a'));
    queue.enqueue(firing('b'));
    queue.start();
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([['firing:a', 'firing:b']]);
    queue.enqueue(firing('c'));
    expect(queue.length).toBe(2);
    expect(await metricValue(metrics, METRIC.sinkDropped, { sink: 'blocking', reason: 'overflow' })).toBe(1);
    release();
    expect(await queue.drain(1000)).toBe(true);
    expect(sent).toEqual([['firing:a', 'firing:b']]);
  });

  it('delivers a resolved queued behind its own undelivered firing after it (no coalescing)', async () => {
    const sink = new ScriptedSink({ failures: [new SinkError('503', true)], maxBatchSize: 1 });
    const { queue } = queueWith(sink);
    queue.enqueue(firing('a'));
    queue.enqueue(resolved('a'));
    queue.start();
    expect(await queue.drain(10_000)).toBe(true);
    expect(sink.delivered).toEqual(['firing:a', 'resolved:a']);
  });

  it('re-sends firing alerts, and resolved ones for 15 minutes, for a sink with a resend interval', async () => {
    let now = Date.parse('2026-03-30T03:20:00Z');
    const ticks: { tick: () => void; everyMs: number }[] = [];
    const sink = new ScriptedSink({ resendIntervalMs: 60_000 });
    const { queue } = queueWith(sink, {
      now: () => now,
      every: (tick, everyMs) => {
        ticks.push({ tick, everyMs });
        return () => undefined;
      },
    });
    queue.start();
    expect(ticks.map((t) => t.everyMs)).toEqual([60_000]);
    queue.enqueue(firing('a'));
    queue.enqueue(firing('b'));
    queue.enqueue(resolved('b'));
    await queue.drain(10_000);
    expect(sink.delivered).toEqual(['firing:a', 'firing:b', 'resolved:b']);

    sink.delivered.length = 0;
    now += 60_000;
    ticks[0]?.tick();
    await queue.drain(10_000);
    expect(sink.delivered).toEqual(['repeat:a', 'resolved:b']);

    sink.delivered.length = 0;
    now += 15 * 60_000;
    ticks[0]?.tick();
    await queue.drain(10_000);
    expect(sink.delivered).toEqual(['repeat:a']);
  });

  it('does not stack re-sends of an alert that is still waiting (a sink down for an hour holds one per alert)', () => {
    const sink = new ScriptedSink({ resendIntervalMs: 60_000 });
    const { queue } = queueWith(sink);
    queue.enqueue(firing('a'));
    queue.resend();
    queue.resend();
    expect(queue.length).toBe(1);
    queue.enqueue(firing('b'));
    expect(queue.length).toBe(2);
  });

  it('drain retries at once a sink that is backing off, and reports whether the queue emptied', async () => {
    const sink = new ScriptedSink({ failures: [new SinkError('503', true)] });
    const { queue } = queueWith(sink, { sleep: undefined });
    queue.enqueue(firing('a'));
    queue.start();
    // The first failure backs off 1 s with the real sleep; drain cuts it short.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sink.attempts).toHaveLength(1);
    expect(await queue.drain(500)).toBe(true);
    expect(sink.delivered).toEqual(['firing:a']);
  });

  it('drain gives up at its deadline and stop reports what is left undelivered', async () => {
    const down = new ScriptedSink({ failures: Array.from({ length: 1000 }, () => new SinkError('connection refused', true)) });
    const { queue, logs } = queueWith(down, { sleep: (_ms, signal) => new Promise((resolve) => { signal.addEventListener('abort', () => { resolve(); }); }) });
    queue.enqueue(firing('a'));
    queue.enqueue(firing('b'));
    queue.start();
    expect(await queue.drain(50)).toBe(false);
    await queue.stop();
    expect(down.delivered).toEqual([]);
    expect(logs.at(-1)).toBe('scripted: stopped with 2 notification(s) undelivered');
  });
});
