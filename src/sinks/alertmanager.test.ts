import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { notify, stuckPodAlert } from '../../test/support/alerts.ts';
import { startCaptureServer, type CaptureServer } from '../../test/support/capture-server.ts';
import { AlertmanagerSink, alertsEndpoint } from './alertmanager.ts';
import { HttpSinkError } from './http.ts';

const NOW = Date.parse('2026-03-30T03:15:00.000Z');
const servers: CaptureServer[] = [];
async function server(): Promise<CaptureServer> {
  const s = await startCaptureServer();
  servers.push(s);
  return s;
}
/** A loopback URL nothing listens on (a server that was started and closed). */
async function deadUrl(): Promise<string> {
  const s = await startCaptureServer();
  await s.close();
  return s.url;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('AlertmanagerSink', () => {
  it('posts a firing alert as a v2 postableAlert with the diagnosis in its annotations and endsAt 4 resend intervals ahead', async () => {
    const am = await server();
    const sink = new AlertmanagerSink({ urls: [am.url], now: () => NOW, resendIntervalMs: 60_000 });
    await sink.send([notify('firing', stuckPodAlert())]);

    expect(am.requests).toHaveLength(1);
    const request = am.requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/api/v2/alerts');
    expect(request?.headers['content-type']).toBe('application/json');
    const body = request?.body as { labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; endsAt: string }[];
    expect(body).toHaveLength(1);
    const [posted] = body;
    expect(Object.keys(posted ?? {}).sort()).toEqual(['annotations', 'endsAt', 'labels', 'startsAt']);
    expect(posted?.labels).toEqual({ alertname: 'KubehowStuckPod', severity: 'critical', kubehow_id: 'stuck-pod', namespace: 'media', pod: 'sonarr-0', node: 'worker-2' });
    expect(posted?.startsAt).toBe('2026-03-30T03:00:00.000Z');
    expect(posted?.endsAt).toBe(new Date(NOW + 4 * 60_000).toISOString());
    expect(posted?.annotations.runbook_url).toBe('https://docs.example.test/kubehow/hypotheses/hairpin-colocation.md');
    expect(posted?.annotations.finding_url).toBe('https://docs.example.test/kubehow/findings/stuck-pod.md');
    expect(posted?.annotations.top_hypothesis).toBe('hairpin-colocation');
    expect(posted?.annotations.summary).toBe('Pod media/sonarr-0 has waited 12m to start on node worker-2.');
    expect(posted?.annotations.description).toContain('Diagnosis of Pod media/sonarr-0:');
    expect(posted?.annotations.description).toContain('1. [likely] iSCSI target on the same node: The pod and its iSCSI target share node worker-2.');
    expect(posted?.annotations.description).toContain('2. [possible] CSI node plugin not running');
    expect(posted?.annotations.description).toContain('- Cordon worker-2 and delete the pod so it schedules away from its target.');
    expect(posted?.annotations.evidence).toContain('MountVolume.WaitForAttach failed');
  });

  it('falls back to the finding page when there is no diagnosis, and says so when no cause matched', async () => {
    const am = await server();
    const sink = new AlertmanagerSink({ urls: [am.url], now: () => NOW });
    const empty = stuckPodAlert({ pod: 'b', diagnosis: { pod: { kind: 'Pod', namespace: 'media', name: 'b' }, hypotheses: [], nextSteps: [] } });
    await sink.send([notify('firing', stuckPodAlert({ pod: 'a', diagnosis: null })), notify('firing', empty)]);
    const body = am.requests[0]?.body as { annotations: Record<string, string> }[];
    expect(body[0]?.annotations.runbook_url).toBe('https://docs.example.test/kubehow/findings/stuck-pod.md');
    expect(body[0]?.annotations.description).not.toContain('Diagnosis');
    expect(body[1]?.annotations.description).toContain('No cause in kubehow\'s catalog matches');
    expect(body[0]?.annotations.description).not.toContain('Could not check');
  });

  it('says in the description what kubehow could not read when it built the alert', async () => {
    const am = await server();
    const sink = new AlertmanagerSink({ urls: [am.url], now: () => NOW });
    await sink.send([notify('firing', { ...stuckPodAlert(), caveats: ['could not read networkpolicies: forbidden by RBAC'] })]);
    const body = am.requests[0]?.body as { annotations: Record<string, string> }[];
    expect(body[0]?.annotations.description).toMatch(/\nCould not check:\n- could not read networkpolicies: forbidden by RBAC$/);
  });

  it('sends a resolved alert with endsAt = when it resolved, and keeps only the latest state of an alert within a batch', async () => {
    const am = await server();
    const sink = new AlertmanagerSink({ urls: [am.url], now: () => NOW });
    const resolved = stuckPodAlert({ endsAt: '2026-03-30T03:14:00.000Z' });
    await sink.send([notify('firing', stuckPodAlert()), notify('firing', stuckPodAlert({ pod: 'other' })), notify('resolved', resolved)]);
    const body = am.requests[0]?.body as { labels: Record<string, string>; endsAt: string }[];
    expect(body.map((a) => [a.labels.pod, a.endsAt])).toEqual([
      ['other', new Date(NOW + 4 * 60_000).toISOString()],
      ['sonarr-0', '2026-03-30T03:14:00.000Z'],
    ]);
  });

  it('sends to every Alertmanager of an HA pair and succeeds when one of them accepts', async () => {
    const am = await server();
    const logs: string[] = [];
    const sink = new AlertmanagerSink({ urls: [await deadUrl(), `${am.url}/prefix/`], now: () => NOW, log: (m) => logs.push(m) });
    await sink.send([notify('firing', stuckPodAlert())]);
    expect(am.requests.map((r) => r.path)).toEqual(['/prefix/api/v2/alerts']);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain('one Alertmanager of 2 refused the batch');
  });

  it('fails retryably when every Alertmanager is down, and not retryably on a 400, without echoing the URL path', async () => {
    const down = new AlertmanagerSink({ urls: [`${await deadUrl()}/secret-path`], now: () => NOW });
    const error = await down.send([notify('firing', stuckPodAlert())]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpSinkError);
    expect((error as HttpSinkError).retryable).toBe(true);
    expect((error as HttpSinkError).message).toContain('ECONNREFUSED');
    expect((error as HttpSinkError).message).not.toContain('secret-path');

    const am = await server();
    am.answers.push({ status: 400, body: '{"code":400,"message":"start time must be before end time"}' });
    const refused = await new AlertmanagerSink({ urls: [am.url], now: () => NOW }).send([notify('firing', stuckPodAlert())]).catch((e: unknown) => e);
    expect((refused as HttpSinkError).retryable).toBe(false);
    expect((refused as HttpSinkError).status).toBe(400);
    expect((refused as HttpSinkError).message).toContain('start time must be before end time');
  });

  it('passes the Retry-After of a 503 on', async () => {
    const am = await server();
    am.answers.push({ status: 503, headers: { 'retry-after': '7' } });
    const error = await new AlertmanagerSink({ urls: [am.url], now: () => NOW }).send([notify('firing', stuckPodAlert())]).catch((e: unknown) => e);
    expect((error as HttpSinkError).retryable).toBe(true);
    expect((error as HttpSinkError).retryAfterMs).toBe(7000);
  });

  it('reads a bearer token or a basic-auth password from a file at each send', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubehow-am-'));
    await writeFile(join(dir, 'token'), 'tok-1\n');
    await writeFile(join(dir, 'password'), 'p@ss\n');
    const am = await server();
    const bearer = new AlertmanagerSink({ urls: [am.url], now: () => NOW, auth: { type: 'bearer', tokenFile: join(dir, 'token') } });
    await bearer.send([notify('firing', stuckPodAlert())]);
    await writeFile(join(dir, 'token'), 'tok-2\n');
    await bearer.send([notify('firing', stuckPodAlert())]);
    await new AlertmanagerSink({ urls: [am.url], now: () => NOW, auth: { type: 'basic', username: 'kubehow', passwordFile: join(dir, 'password') } }).send([notify('firing', stuckPodAlert())]);
    expect(am.requests.map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2', `Basic ${Buffer.from('kubehow:p@ss').toString('base64')}`]);
  });

  it('appends the API path to a base URL with or without a trailing slash', () => {
    expect(alertsEndpoint('http://am:9093')).toBe('http://am:9093/api/v2/alerts');
    expect(alertsEndpoint('http://am:9093/am/')).toBe('http://am:9093/am/api/v2/alerts');
  });
});
