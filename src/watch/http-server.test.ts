import { afterEach, describe, expect, it } from 'vitest';
import { WatchMetrics } from './metrics.ts';
import { startStatusServer, type StatusServer } from './http-server.ts';

let server: StatusServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('status server', () => {
  it('serves /metrics in the Prometheus text format, and health and readiness with the reason when they fail', async () => {
    const metrics = new WatchMetrics({ version: '9.9.9' });
    metrics.stuckPods.set({ namespace: 'media' }, 1);
    let ready: string | undefined = 'waiting for the first list of: pods, nodes';
    server = await startStatusServer('127.0.0.1:0', metrics.registry, { unhealthy: () => undefined, notReady: () => ready });
    expect(server.address).toMatch(/^127\.0\.0\.1:\d+$/);
    const base = `http://${server.address}`;
    const m = await fetch(`${base}/metrics`);
    expect(m.status).toBe(200);
    expect(m.headers.get('content-type')).toContain('text/plain');
    const text = await m.text();
    expect(text).toContain('# TYPE kubehow_stuck_pods gauge');
    expect(text).toContain('kubehow_stuck_pods{namespace="media"} 1');
    expect(text).toContain('kubehow_build_info{version="9.9.9"} 1');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const notReady = await fetch(`${base}/readyz`);
    expect([notReady.status, await notReady.text()]).toEqual([503, 'waiting for the first list of: pods, nodes\n']);
    ready = undefined;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses to start on a port already taken, with the system\'s reason', async () => {
    const metrics = new WatchMetrics({ version: 't' });
    server = await startStatusServer('127.0.0.1:0', metrics.registry, { unhealthy: () => undefined, notReady: () => undefined });
    await expect(startStatusServer(server.address, metrics.registry, { unhealthy: () => undefined, notReady: () => undefined })).rejects.toThrow(/EADDRINUSE/);
  });
});
