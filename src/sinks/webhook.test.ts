import { afterEach, describe, expect, it } from 'vitest';
import { notify, stuckPodAlert } from '../../test/support/alerts.ts';
import { startCaptureServer, type CaptureServer } from '../../test/support/capture-server.ts';
import { HttpSinkError } from './http.ts';
import { WebhookSink } from './webhook.ts';

const servers: CaptureServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('WebhookSink', () => {
  it('posts one versioned AlertNotification document per notification, with the configured headers', async () => {
    const receiver = await startCaptureServer();
    servers.push(receiver);
    let token = 'one';
    const sink = new WebhookSink({ url: `${receiver.url}/hook`, headers: () => Promise.resolve({ Authorization: `Bearer ${token}`, 'X-Team': 'storage' }) });
    const firing = notify('firing', stuckPodAlert());
    const resolved = notify('resolved', stuckPodAlert({ endsAt: '2026-03-30T03:14:00.000Z' }), '2026-03-30T03:14:05.000Z');
    await sink.send([firing]);
    token = 'two';
    await sink.send([resolved]);

    expect(receiver.requests.map((r) => [r.method, r.path, r.headers.authorization, r.headers['x-team'], r.headers['content-type']])).toEqual([
      ['POST', '/hook', 'Bearer one', 'storage', 'application/json'],
      ['POST', '/hook', 'Bearer two', 'storage', 'application/json'],
    ]);
    expect(receiver.requests[0]?.body).toEqual({ apiVersion: 'kubehow/v1alpha1', kind: 'AlertNotification', type: 'firing', at: firing.at, alert: firing.alert });
    expect(receiver.requests[1]?.body).toEqual({ apiVersion: 'kubehow/v1alpha1', kind: 'AlertNotification', type: 'resolved', at: '2026-03-30T03:14:05.000Z', alert: resolved.alert });
  });

  it('refuses to follow a redirect (the body would be replayed elsewhere) and does not retry it', async () => {
    const receiver = await startCaptureServer();
    servers.push(receiver);
    receiver.answers.push({ status: 302, headers: { location: 'http://127.0.0.1:9/elsewhere' } });
    const error = await new WebhookSink({ url: receiver.url }).send([notify('firing', stuckPodAlert())]).catch((e: unknown) => e);
    expect((error as HttpSinkError).status).toBe(302);
    expect((error as HttpSinkError).retryable).toBe(false);
    expect(receiver.requests).toHaveLength(1);
  });

  it('retries timeouts: a receiver that does not answer in time fails retryably', async () => {
    const receiver = await startCaptureServer();
    servers.push(receiver);
    receiver.answers.push({ status: 200, delayMs: 500 });
    const slow = new WebhookSink({ url: `${receiver.url}/`, timeoutMs: 50 });
    const error = await slow.send([notify('firing', stuckPodAlert())]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpSinkError);
    expect((error as HttpSinkError).retryable).toBe(true);
    expect((error as HttpSinkError).message).toContain('no answer within 50 ms');
  });
});
