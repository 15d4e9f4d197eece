/**
 * The Alertmanager sink against a real Alertmanager 0.25 (Debian prometheus-alertmanager) on loopback: the alert it
 * sends is listed by Alertmanager's own API with its labels, annotations and diagnosis, and the resolve ends it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertmanagerSink } from '../src/sinks/alertmanager.ts';
import { DeliveryQueue } from '../src/sinks/delivery-queue.ts';
import { WatchMetrics } from '../src/watch/metrics.ts';
import { notify, stuckPodAlert } from './support/alerts.ts';
import { alertmanagerPath } from './support/tools.ts';

/** Debian's build reads its default templates from here and exits without them (scripts/install-test-tools.sh puts them there). */
const DEBIAN_TEMPLATES = '/usr/share/prometheus/alertmanager/default.tmpl';

interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  status: { state: string };
}

let amProcess: ChildProcess | undefined;
let dir = '';
let base = '';
const output: string[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`Alertmanager not ready at ${url} within ${timeoutMs} ms; its output:\n${output.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function listAlerts(query = ''): Promise<GettableAlert[]> {
  const response = await fetch(`${base}/api/v2/alerts${query}`, { signal: AbortSignal.timeout(5000) });
  expect(response.status).toBe(200);
  return (await response.json()) as GettableAlert[];
}

beforeAll(async () => {
  const binary = alertmanagerPath();
  if (!existsSync(DEBIAN_TEMPLATES)) throw new Error(`${DEBIAN_TEMPLATES} missing: run scripts/install-test-tools.sh (as root)`);
  dir = await mkdtemp(join(tmpdir(), 'kubehow-am-e2e-'));
  await writeFile(join(dir, 'alertmanager.yml'), 'route:\n  receiver: "null"\nreceivers:\n  - name: "null"\n');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  amProcess = spawn(binary, [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='], { stdio: ['ignore', 'pipe', 'pipe'] });
  amProcess.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  amProcess.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  await waitReady(`${base}/-/ready`, 15_000);
}, 30_000);

afterAll(async () => {
  if (amProcess !== undefined && amProcess.exitCode === null) {
    const exited = new Promise((resolve) => amProcess?.once('exit', resolve));
    amProcess.kill('SIGTERM');
    await exited;
  }
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('Alertmanager sink against Alertmanager 0.25', () => {
  it('fires an alert Alertmanager lists with its labels, diagnosis and runbook, then resolves it', async () => {
    const metrics = new WatchMetrics({ version: 'test' });
    const logs: string[] = [];
    const queue = new DeliveryQueue({ sink: new AlertmanagerSink({ urls: [base] }), metrics, log: (m) => logs.push(m) });
    queue.start();
    const startsAt = new Date(Date.now() - 10 * 60_000).toISOString();
    const alert = stuckPodAlert({ pod: 'sonarr-0', startsAt, evidence: ['Event FailedMount: <!channel> & "quotes" stay data'] });
    queue.enqueue(notify('firing', alert, new Date().toISOString()));
    expect(await queue.drain(10_000)).toBe(true);

    const listed = (await listAlerts()).filter((a) => a.labels.pod === 'sonarr-0');
    expect(listed).toHaveLength(1);
    const [active] = listed;
    expect(active?.status.state).toBe('active');
    expect(active?.labels).toEqual({ alertname: 'KubehowStuckPod', severity: 'critical', kubehow_id: 'stuck-pod', namespace: 'media', pod: 'sonarr-0', node: 'worker-2' });
    expect(Date.parse(active?.startsAt ?? '')).toBe(Date.parse(startsAt));
    expect(Date.parse(active?.endsAt ?? '')).toBeGreaterThan(Date.now());
    expect(active?.annotations.runbook_url).toBe('https://docs.example.test/kubehow/hypotheses/hairpin-colocation.md');
    expect(active?.annotations.description).toContain('1. [likely] iSCSI target on the same node: The pod and its iSCSI target share node worker-2.');
    expect(active?.annotations.description).toContain('Next steps:\n- Cordon worker-2 and delete the pod');
    expect(active?.annotations.evidence).toBe('Event FailedMount: <!channel> & "quotes" stay data');

    const endsAt = new Date(Date.now() - 1000).toISOString();
    queue.enqueue(notify('resolved', { ...alert, endsAt }, new Date().toISOString()));
    expect(await queue.drain(10_000)).toBe(true);
    // Alertmanager 0.25 leaves resolved alerts (endsAt past) out of GET /api/v2/alerts, active or not.
    expect((await listAlerts()).filter((a) => a.labels.pod === 'sonarr-0')).toEqual([]);
    expect((await listAlerts('?active=true')).filter((a) => a.labels.pod === 'sonarr-0')).toEqual([]);
    expect(logs).toEqual([]);
    await queue.stop();
  }, 30_000);
});
