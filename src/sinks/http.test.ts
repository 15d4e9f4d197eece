import { afterEach, describe, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer } from '../../test/support/capture-server.ts';
import { HttpSinkError, parseRetryAfter, postJson, redactUrl } from './http.ts';

const servers: CaptureServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('redactUrl', () => {
  it('keeps scheme and host, never the token-bearing path, query or credentials', () => {
    expect(redactUrl('https://hooks.slack.com/services/T0/B0/XXXX?x=1')).toBe('https://hooks.slack.com/…');
    expect(redactUrl('http://user:pw@127.0.0.1:8080/hook')).toBe('http://127.0.0.1:8080/…');
    expect(redactUrl('not a url /T0/B0/XXXX')).toBe('<unparseable URL>');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-30T03:00:00Z');
  it('reads delay-seconds and HTTP-dates, and ignores what is neither', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 30 Mar 2026 03:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 30 Mar 2026 02:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('postJson', () => {
  it.each([
    [200, undefined],
    [204, undefined],
    [400, false],
    [401, false],
    [404, false],
    [408, true],
    [413, false],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
  ])('classifies HTTP %i as retryable=%s', async (status, retryable) => {
    const receiver = await startCaptureServer();
    servers.push(receiver);
    receiver.answers.push({ status });
    const outcome = await postJson({ url: receiver.url, body: { a: 1 }, timeoutMs: 5000, now: Date.now }).then(
      () => undefined,
      (e: unknown) => (e instanceof HttpSinkError ? e.retryable : 'not an HttpSinkError'),
    );
    expect(outcome).toBe(retryable);
    expect(receiver.requests[0]?.body).toEqual({ a: 1 });
  });

  it('ignores Retry-After on statuses that do not define it as a retry hint', async () => {
    const receiver = await startCaptureServer();
    servers.push(receiver);
    receiver.answers.push({ status: 500, headers: { 'retry-after': '60' } });
    const error = await postJson({ url: receiver.url, body: {}, timeoutMs: 5000, now: Date.now }).catch((e: unknown) => e);
    expect((error as HttpSinkError).retryAfterMs).toBeUndefined();
  });
});
