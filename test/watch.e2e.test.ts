/**
 * `kubehow watch` end to end: the real informers (client-node's HTTP stack) against the test API server, scripted
 * object changes, an injected clock, the real sinks (JSON lines, a webhook receiver on loopback, a real Alertmanager)
 * and the status server. Passes run on change (debounced) and every second (`passInterval: 1s`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../src/sources/types.ts';
import { runWatch, type WatchFlags } from '../src/cli/commands/watch.ts';
import { SONARR } from '../examples/generate.ts';
import { ClusterBuilder, pvcVolume, running, unscheduled, waiting, type PodState } from './support/cluster-builder.ts';
import { NOW } from './support/scenarios.ts';
import { seedObjects, startServer, type LiveFixture } from './support/live.ts';
import { startAlertmanager, freePort, type RunningAlertmanager } from './support/alertmanager.ts';
import { startCaptureServer, type CaptureServer } from './support/capture-server.ts';

interface NotificationDoc {
  type: 'firing' | 'repeat' | 'resolved';
  at: string;
  alert: {
    fingerprint: string;
    id: string;
    severity: string;
    summary: string;
    subject: { kind: string; namespace?: string; name: string };
    labels: Record<string, string>;
    startsAt: string;
    endsAt?: string;
    diagnosis?: { pod: { name: string }; hypotheses: { id: string; verdict: string; docsUrl: string }[]; nextSteps: string[] };
  };
}

interface RunningWatch {
  /** Set when runWatch rejected (a config or start-up error): waits end at once with it. */
  failure?: unknown;
  notifications: NotificationDoc[];
  logs: string[];
  clock: { now: number };
  address: Promise<string | undefined>;
  stop(): Promise<number>;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Starts `kubehow watch` in-process against `fixture`; its stdout sink's JSON lines are parsed into `notifications`. */
function startWatch(fixture: LiveFixture, flags: WatchFlags = {}, config = ''): RunningWatch {
  const dir = mkdtempSync(join(tmpdir(), 'kubehow-watch-'));
  dirs.push(dir);
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, `passInterval: 1s\nlisten: "127.0.0.1:0"\n${config}`);
  const notifications: NotificationDoc[] = [];
  const logs: string[] = [];
  const clock = { now: Date.parse(NOW) };
  const controller = new AbortController();
  let started: (address: string | undefined) => void = () => undefined;
  const address = new Promise<string | undefined>((resolve) => {
    started = resolve;
  });
  const result = runWatch(
    { kubeconfig: fixture.kubeconfig, config: configFile, ...flags },
    {
      out: {
        write: (chunk, callback) => {
          for (const line of chunk.split('\n')) if (line.trim() !== '') notifications.push(JSON.parse(line) as NotificationDoc);
          callback();
          return true;
        },
      },
      log: (line) => logs.push(line),
      version: '0.0.0-test',
      live: { env: {}, home: '/nonexistent' },
      signal: controller.signal,
      clock: () => clock.now,
      onStarted: ({ address: a }) => {
        started(a);
      },
      drainMs: 5000,
    },
  );
  const watch: RunningWatch = {
    notifications,
    logs,
    clock,
    address,
    async stop() {
      controller.abort();
      return (await result).exitCode;
    },
  };
  result.catch((err: unknown) => {
    watch.failure = err;
  });
  return watch;
}

async function until<T>(what: string, probe: () => T | undefined | false, watch?: RunningWatch, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (watch?.failure !== undefined) throw new Error(`kubehow watch failed while waiting for ${what}: ${watch.failure instanceof Error ? watch.failure.message : JSON.stringify(watch.failure)}`);
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${watch !== undefined ? `; log:\n${watch.logs.join('\n')}\nnotifications: ${JSON.stringify(watch.notifications.map((n) => [n.type, n.alert.fingerprint]))}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function of(watch: RunningWatch, type: NotificationDoc['type'], fingerprint: string): NotificationDoc[] {
  return watch.notifications.filter((n) => n.type === type && n.alert.fingerprint === fingerprint);
}

const STUCK_SONARR = `stuck-pod/Pod/media/${SONARR.pod}`;
const EXPOSED_SONARR = 'colocation-exposure/Deployment/media/sonarr';

let fixture: LiveFixture | undefined;
let active: RunningWatch | undefined;
afterEach(async () => {
  if (active !== undefined) await active.stop();
  active = undefined;
  await fixture?.stop();
  fixture = undefined;
});

describe('kubehow watch on the seed incident, live', () => {
  let am: RunningAlertmanager | undefined;
  beforeAll(async () => {
    am = await startAlertmanager();
  }, 30_000);
  afterAll(async () => {
    await am?.stop();
  });

  it('raises stuck-pod for sonarr with hairpin-colocation on top, and colocation-exposure; Alertmanager lists them; /metrics and /readyz say so', async () => {
    fixture = await startServer({ objects: seedObjects() });
    const watch = startWatch(fixture, { alertmanager: [am?.base ?? ''], stdout: true });
    active = watch;
    await until('both sonarr alerts', () => of(watch, 'firing', STUCK_SONARR).length > 0 && of(watch, 'firing', EXPOSED_SONARR).length > 0, watch);
    const stuck = of(watch, 'firing', STUCK_SONARR)[0];
    expect(stuck?.alert.diagnosis?.hypotheses[0]).toMatchObject({ id: 'hairpin-colocation', verdict: 'likely' });
    expect(stuck?.alert.diagnosis?.hypotheses[0]?.docsUrl).toMatch(/\/hypotheses\/hairpin-colocation\.md$/);
    expect(stuck?.alert.diagnosis?.nextSteps.length).toBeGreaterThan(0);
    expect(stuck?.alert.startsAt).toBe('2026-03-30T09:05:00Z');
    expect(of(watch, 'firing', EXPOSED_SONARR)[0]?.alert.severity).toBe('critical');

    const alerts = await (async () => {
      for (let i = 0; i < 100; i += 1) {
        const all = (await am?.listAlerts()) ?? [];
        if (all.some((a) => a.labels.alertname === 'KubehowStuckPod') && all.some((a) => a.labels.alertname === 'KubehowColocationExposure')) return all;
        await sleep(100);
      }
      throw new Error(`Alertmanager never listed both alerts; watch log:\n${watch.logs.join('\n')}`);
    })();
    const amStuck = alerts.find((a) => a.labels.alertname === 'KubehowStuckPod');
    expect(amStuck?.labels).toMatchObject({ severity: 'high', namespace: 'media', pod: SONARR.pod, node: 'k8s03', kubehow_id: 'stuck-pod' });
    expect(amStuck?.status.state).toBe('active');
    expect(amStuck?.annotations.runbook_url).toMatch(/hypotheses\/hairpin-colocation\.md$/);
    expect(amStuck?.annotations.description).toContain('hairpin');

    const address = await watch.address;
    const metrics = await (await fetch(`http://${address ?? ''}/metrics`)).text();
    expect(metrics).toContain('kubehow_stuck_pods{namespace="media"} 1');
    expect(metrics).toContain('kubehow_findings{id="colocation-exposure",severity="critical"} 1');
    expect(metrics).toMatch(/kubehow_informer_synced\{resource="pods"\} 1/);
    expect(metrics).toMatch(/kubehow_sink_deliveries_total\{sink="alertmanager-flag"\} [1-9]/);
    expect((await fetch(`http://${address ?? ''}/readyz`)).status).toBe(200);
    expect((await fetch(`http://${address ?? ''}/healthz`)).status).toBe(200);
    expect(await watch.stop()).toBe(0);
    active = undefined;
  }, 60_000);
});

/** A small cluster: a Jiva volume served from k8s03, and media/app mounting it, its pod in `podState`. Deterministic: the same call builds the same names and uids. */
function appCluster(podState: { node?: string; state: PodState; podCreated?: string }): { objects: KubeObject[]; pod: KubeObject } {
  const c = new ClusterBuilder({ now: NOW, flavor: 'microk8s' });
  for (const n of ['k8s01', 'k8s02', 'k8s03']) c.node(n);
  c.namespace('media');
  c.namespace('openebs');
  c.jivaVolume({ claim: 'media/app-config', controllerNode: 'k8s03', replicaNodes: ['k8s01', 'k8s02', 'k8s03'] });
  const app = c.deployment('media/app', { image: 'example/app:1', state: podState.state, podCreated: podState.podCreated ?? '-0m', volumes: [pvcVolume('config', 'app-config')], ...(podState.node !== undefined ? { node: podState.node } : {}) });
  return { objects: c.objects(), pod: app.pod };
}

describe('kubehow watch, scripted', () => {
  it('alerts a pod stuck in ContainerCreating only after the threshold, with its diagnosis, and resolves it when it runs', async () => {
    const start = appCluster({ node: 'k8s02', state: waiting('ContainerCreating') });
    fixture = await startServer({ objects: start.objects });
    const watch = startWatch(fixture);
    active = watch;
    const fingerprint = `stuck-pod/Pod/media/${start.pod.metadata.name}`;
    await until('the watcher to run', () => watch.logs.some((l) => l.includes('every informer has listed once')), watch);
    await sleep(1500);
    expect(of(watch, 'firing', fingerprint)).toEqual([]);
    watch.clock.now += 6 * 60_000;
    const [fired] = await until('stuck-pod after the threshold', () => of(watch, 'firing', fingerprint).length > 0 && of(watch, 'firing', fingerprint), watch);
    expect(fired?.alert.summary).toContain('has been in ContainerCreating on k8s02 for 6m');
    expect(fired?.alert.diagnosis?.pod.name).toBe(start.pod.metadata.name);
    fixture.server.upsert(appCluster({ node: 'k8s02', state: running() }).pod);
    const [resolved] = await until('the resolve', () => of(watch, 'resolved', fingerprint).length > 0 && of(watch, 'resolved', fingerprint), watch);
    expect(resolved?.alert.endsAt).toBe(new Date(watch.clock.now).toISOString().replace('.000Z', 'Z'));
    await sleep(1500);
    expect(of(watch, 'firing', fingerprint)).toHaveLength(1);
  }, 60_000);

  it('warns the moment a consumer is bound to its storage target\'s node, long before any mount times out', async () => {
    const pending = appCluster({ state: unscheduled() });
    fixture = await startServer({ objects: pending.objects });
    const watch = startWatch(fixture);
    active = watch;
    await until('the watcher to run', () => watch.logs.some((l) => l.includes('every informer has listed once')), watch);
    expect(watch.notifications.filter((n) => n.alert.id === 'colocation-exposure')).toEqual([]);
    // The scheduler binds it to k8s03, where the Jiva controller runs; the kubelet has not reported yet. The clock does not move.
    const bound = appCluster({ node: 'k8s03', state: waiting('ContainerCreating') }).pod;
    const status = bound.status as Record<string, unknown>;
    delete status.containerStatuses;
    fixture.server.upsert(bound);
    const [warning] = await until('colocation-exposure at bind time', () => {
      const found = watch.notifications.filter((n) => n.type === 'firing' && n.alert.id === 'colocation-exposure');
      return found.length > 0 && found;
    }, watch, 5000);
    expect(warning?.alert).toMatchObject({ severity: 'high', subject: { kind: 'Deployment', namespace: 'media', name: 'app' }, labels: { node: 'k8s03' } });
    expect(warning?.alert.summary).toContain('runs on k8s03, the node of Pod openebs/');
    expect(watch.notifications.filter((n) => n.alert.id === 'stuck-pod')).toEqual([]);
  }, 60_000);

  it('re-lists after 410 Gone without notifying anything twice', async () => {
    fixture = await startServer({ objects: seedObjects() });
    const watch = startWatch(fixture);
    active = watch;
    await until('the seed alerts', () => of(watch, 'firing', STUCK_SONARR).length > 0, watch);
    await sleep(1200);
    const before = watch.notifications.length;
    const podLists = (): number => fixture?.server.resourceRequests().filter((r) => r.verb === 'list' && r.path.endsWith('/pods')).length ?? 0;
    const listsBefore = podLists();
    // A write (nothing any detector cares about), the history compacted past it, and every watch dropped: each
    // informer re-watches from the version it had, older than the compaction, gets 410 Gone, and re-lists.
    fixture.server.upsert({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'scratch', uid: 'ns-scratch', creationTimestamp: NOW }, spec: {}, status: { phase: 'Active' } });
    await sleep(500);
    const quietBefore = watch.notifications.length;
    fixture.server.compact();
    fixture.server.closeWatches();
    await until('pods to be re-listed', () => podLists() > listsBefore, watch).catch((err: unknown) => {
      throw new Error(`${String(err)}\nrequests since: ${JSON.stringify(fixture?.server.resourceRequests().filter((r) => r.path.endsWith('/pods')).map((r) => [r.verb, r.status, r.query.resourceVersion]))}`);
    });
    await until('the informers to watch again', () => watch.logs.length > 0 && fixture !== undefined && fixture.server.openWatches > 10, watch);
    await sleep(2500);
    expect(quietBefore).toBe(before);
    expect(watch.notifications.slice(before)).toEqual([]);
    const address = await watch.address;
    const metrics = await (await fetch(`http://${address ?? ''}/metrics`)).text();
    expect(metrics).toMatch(/kubehow_informer_relists_total\{resource="pods",reason="gone"\} [1-9]/);
  }, 60_000);

  it('delivers to a webhook that was down when the alert fired, once, when it comes back', async () => {
    const port = await freePort();
    fixture = await startServer({ objects: seedObjects() });
    const watch = startWatch(fixture, { webhook: [`http://127.0.0.1:${port}/hook`] });
    active = watch;
    await until('the watcher to fire (and fail to deliver)', () => watch.logs.some((l) => l.includes(`firing stuck-pod media/${SONARR.pod}`)), watch);
    const address = await watch.address;
    let failures = '';
    for (let i = 0; i < 60 && failures === ''; i += 1) {
      const metrics = await (await fetch(`http://${address ?? ''}/metrics`)).text();
      failures = /kubehow_sink_failures_total\{sink="webhook-flag-1",retryable="true"\} ([1-9]\d*)/.exec(metrics)?.[1] ?? '';
      if (failures === '') await sleep(100);
    }
    expect(Number(failures)).toBeGreaterThan(0);
    let receiver: CaptureServer | undefined;
    try {
      receiver = await startCaptureServer(port);
      const r = receiver;
      await until('the webhook to receive the stuck-pod alert', () => r.requests.some((q) => JSON.stringify(q.body).includes(STUCK_SONARR)), watch, 20_000);
      await sleep(2500);
      const bodies = r.requests.map((q) => q.body as NotificationDoc);
      const firings = bodies.filter((b) => b.type === 'firing').map((b) => b.alert.fingerprint);
      expect(firings).toContain(STUCK_SONARR);
      expect(firings).toContain(EXPOSED_SONARR);
      expect(new Set(firings).size).toBe(firings.length);
      expect(r.requests.every((q) => q.method === 'POST' && q.path === '/hook')).toBe(true);
    } finally {
      await watch.stop();
      active = undefined;
      await receiver?.close();
    }
  }, 60_000);

  it('ends with exit 3, naming the server, when the credentials are refused', async () => {
    fixture = await startServer({ objects: seedObjects(), token: 'right' });
    const dir = mkdtempSync(join(tmpdir(), 'kubehow-watch-'));
    dirs.push(dir);
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, fixture.server.kubeconfig({ token: 'wrong' }));
    const { runKubehow } = await import('./support/run-cli.ts');
    const r = await runKubehow(['watch', '--kubeconfig', kubeconfig, '--listen', '']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/401|credentials/);
  }, 30_000);
});

describe('kubehow watch, command line', () => {
  it('--once against a live cluster: one pass after the first full list, delivered, and what could not be read said in the alerts and the log', async () => {
    fixture = await startServer({ objects: seedObjects() });
    fixture.server.faults.push({ match: { resource: 'networkpolicies' }, status: 403 });
    const { runKubehow } = await import('./support/run-cli.ts');
    const r = await runKubehow(['watch', '--kubeconfig', fixture.kubeconfig, '--once', '--listen', '']);
    expect(r.code).toBe(0);
    const docs = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as NotificationDoc & { alert: { caveats?: string[] } });
    const stuck = docs.find((d) => d.alert.fingerprint === STUCK_SONARR);
    expect(stuck?.alert.diagnosis?.hypotheses[0]?.id).toBe('hairpin-colocation');
    expect(stuck?.alert.caveats).toEqual([expect.stringMatching(/^could not read networkpolicies\.networking\.k8s\.io in any namespace: forbidden by RBAC/)]);
    const warnings = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as { level: string; msg: string }).filter((l) => l.level === 'warn');
    expect(warnings.map((w) => w.msg)).toEqual([expect.stringMatching(/^could not read networkpolicies\.networking\.k8s\.io in any namespace: forbidden by RBAC/)]);
    // Only reads: lists and watches, never a write, never a Secret.
    expect(fixture.server.resourceRequests().every((q) => q.method === 'GET' && q.resource !== 'secrets')).toBe(true);
  }, 30_000);

  it('--snapshot prints what it would alert on now as JSON lines, and exits 0', async () => {
    const { runKubehow } = await import('./support/run-cli.ts');
    const r = await runKubehow(['watch', '--snapshot', 'examples/sonarr-hairpin/cluster.json']);
    expect(r.code).toBe(0);
    const docs = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as NotificationDoc & { apiVersion: string; kind: string });
    expect(docs.every((d) => d.apiVersion === 'kubehow/v1alpha1' && d.kind === 'AlertNotification' && d.type === 'firing')).toBe(true);
    const stuck = docs.find((d) => d.alert.fingerprint === STUCK_SONARR);
    expect(stuck?.alert.diagnosis?.hypotheses[0]?.id).toBe('hairpin-colocation');
    expect(docs.some((d) => d.alert.fingerprint === EXPOSED_SONARR)).toBe(true);
    // Logs are JSON lines on stderr, never mixed into the alert stream.
    expect(r.stderr.trim().split('\n').every((l) => (JSON.parse(l) as { level?: string }).level !== undefined)).toBe(true);
  });

  it('refuses a bad configuration at start with exit 2, naming the file and the field', async () => {
    const { runKubehow } = await import('./support/run-cli.ts');
    const dir = mkdtempSync(join(tmpdir(), 'kubehow-watch-'));
    dirs.push(dir);
    const config = join(dir, 'config.yaml');
    writeFileSync(config, 'stuckAfter: 5m\nsinks:\n  - type: slack\n    url: not-a-url\n');
    const bad = await runKubehow(['watch', '--snapshot', 'examples/sonarr-hairpin/cluster.json', '--config', config]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${config}: sinks[0].url`);
    const flag = await runKubehow(['watch', '--snapshot', 'examples/sonarr-hairpin/cluster.json', '--stuck-after', '5 minutes']);
    expect([flag.code, flag.stderr.trim()]).toEqual([2, 'kubehow: --stuck-after "5 minutes": expected a duration such as 90s, 5m or 1h30m']);
    const detector = await runKubehow(['watch', '--snapshot', 'examples/sonarr-hairpin/cluster.json', '--detectors', 'stuck-pod,hairpin']);
    expect(detector.code).toBe(2);
    expect(detector.stderr).toContain('--detectors: unknown detector "hairpin"');
  });
});

describe('kubehow watch as a process', () => {
  it('stops cleanly on SIGTERM (exit 0), after serving /readyz, with the stop in its log', async () => {
    fixture = await startServer({ objects: seedObjects() });
    const { spawn } = await import('node:child_process');
    const port = await freePort();
    const main = new URL('../src/cli/main.ts', import.meta.url).pathname;
    const child = spawn(process.execPath, [main, 'watch', '--kubeconfig', fixture.kubeconfig, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { resolve(code); }));
    try {
      await until('the first full list', () => stderr.includes('every informer has listed once'), undefined, 20_000).catch((err: unknown) => {
        throw new Error(`${err instanceof Error ? err.message : ''}\nstderr:\n${stderr}`);
      });
      let ready = 0;
      for (let i = 0; i < 50 && ready !== 200; i += 1) {
        ready = (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status ?? 0;
        if (ready !== 200) await sleep(100);
      }
      expect(ready).toBe(200);
      await until('the first alerts on stdout', () => stdout.includes(STUCK_SONARR), undefined, 20_000);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('stopping: delivering what is queued');
  }, 60_000);
});
