import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { notify, stuckPodAlert } from '../../test/support/alerts.ts';
import { startCaptureServer, type CaptureServer } from '../../test/support/capture-server.ts';
import { METRIC, WatchMetrics } from '../watch/metrics.ts';
import { parseSinkSpecs } from './create-sink.ts';
import { createDeliveries } from './deliveries.ts';

const servers: CaptureServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('createDeliveries', () => {
  it('delivers to every sink independently: a dead webhook neither blocks nor loses what stdout and a live one get', async () => {
    const live = await startCaptureServer();
    servers.push(live);
    const dead = await startCaptureServer();
    await dead.close();
    const out = new PassThrough();
    const lines: string[] = [];
    out.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== '')));
    const metrics = new WatchMetrics({ version: 'test' });
    const specs = parseSinkSpecs([
      { type: 'webhook', name: 'live', url: `${live.url}/hook` },
      { type: 'webhook', name: 'dead', url: `${dead.url}/hook`, queueCapacity: 5 },
      { type: 'stdout' },
    ]);
    const deliveries = await createDeliveries(specs, { env: {}, stdout: out, log: () => undefined, metrics, queue: { sleep: (_ms, signal) => new Promise((resolve) => { signal.addEventListener('abort', () => { resolve(); }); }) } });
    deliveries.start();
    deliveries.enqueue(notify('firing', stuckPodAlert()));
    deliveries.enqueue(notify('resolved', stuckPodAlert({ endsAt: '2026-03-30T03:14:00.000Z' })));

    expect(await deliveries.drain(300)).toEqual(['dead']);
    expect(live.requests.map((r) => (r.body as { type: string }).type)).toEqual(['firing', 'resolved']);
    expect(lines.map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['firing', 'resolved']);
    const queued = await metrics.registry.getSingleMetric(METRIC.sinkQueueLength)?.get();
    expect(Object.fromEntries(queued?.values.map((v) => [v.labels.sink, v.value]) ?? [])).toEqual({ live: 0, dead: 2, stdout: 0 });
    await deliveries.stop();
  });
});
