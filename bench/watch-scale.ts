/**
 * Scale of `kubehow watch`'s informers: the test API server (loopback, this process) serves a synthetic
 * cluster of 10,000 pods (bench/live-cluster.ts: the seed plus filler pods, with their workloads, services,
 * volumes, nodes and events); a child process runs the informers and cache alone, so its memory is theirs.
 *  1. memory after the initial sync and after an idle steady-state period: RSS, JS heap after GC, objects held;
 *  2. 500 pod status updates per second for 20 s, written here with their write time stamped in an annotation:
 *     per update, the latency from the server-side write to the cache's change notification in the child
 *     (p50/p95/p99/max), updates lost, the child's CPU, and the cost of `cache.state()` once a second.
 * A detection step plugs in with `--hook MODULE` (see bench/watch-scale-hook.ts): its latency to `detected()`
 * is reported beside the notification's.
 *   npm run bench:watch [-- --pods 10000 --rate 500 --seconds 20 --steady 15 --hook MODULE]
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { KubeApiServer } from '../test/support/kube-api-server.ts';
import type { KubeObject } from '../src/sources/types.ts';
import { syntheticCluster } from './live-cluster.ts';
import type { ChildMessage, Memory, ParentMessage } from './watch-scale-child.ts';
import { WRITTEN_AT, wallClock } from './watch-scale-hook.ts';

const { values: flags } = parseArgs({
  options: {
    pods: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '20' },
    steady: { type: 'string', default: '15' },
    hook: { type: 'string' },
  },
});
const PODS = Number(flags.pods);
const RATE = Number(flags.rate);
const SECONDS = Number(flags.seconds);
const STEADY_S = Number(flags.steady);
const TOTAL = Math.round(RATE * SECONDS);
const CHILD = fileURLToPath(new URL('./watch-scale-child.ts', import.meta.url));

const objects = syntheticCluster(PODS);
const fillers = objects.filter((o) => o.kind === 'Pod' && o.metadata.namespace?.startsWith('tenant-') === true);
if (fillers.length === 0 && TOTAL > 0) throw new Error('no filler pods to update: use --pods > 0, or --rate 0 for memory only');
const server = new KubeApiServer({ objects });
await server.start();
const dir = mkdtempSync(join(tmpdir(), 'kubehow-bench-watch-'));
const kubeconfig = join(dir, 'kubeconfig');
writeFileSync(kubeconfig, server.kubeconfig());

const child = fork(CHILD, [kubeconfig, ...(flags.hook !== undefined ? [flags.hook] : [])], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const inbox: ChildMessage[] = [];
const waiting: { type: ChildMessage['type']; resolve: (m: ChildMessage) => void }[] = [];
child.on('message', (message: ChildMessage) => {
  const i = waiting.findIndex((w) => w.type === message.type);
  const w = waiting[i];
  if (w !== undefined) {
    waiting.splice(i, 1);
    w.resolve(message);
  } else inbox.push(message);
});
const childExit = new Promise<number | null>((resolve) => child.on('exit', resolve));
void childExit.then((code) => {
  if (waiting.length > 0) {
    process.stderr.write(`the benchmark child exited (${String(code)}) before answering\n`);
    process.exit(1);
  }
});

async function next<T extends ChildMessage['type']>(type: T): Promise<Extract<ChildMessage, { type: T }>> {
  const i = inbox.findIndex((m) => m.type === type);
  const queued = inbox[i];
  if (queued !== undefined) {
    inbox.splice(i, 1);
    return queued as Extract<ChildMessage, { type: T }>;
  }
  return (await new Promise<ChildMessage>((resolve) => waiting.push({ type, resolve }))) as Extract<ChildMessage, { type: T }>;
}
function tell(message: ParentMessage): void {
  child.send(message);
}
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const synced = await next('synced');
await sleep(STEADY_S * 1000);
tell({ cmd: 'measure', label: 'steady' });
const steady = await next('measured');

/** One update: the pod's container restarted once more, as a kubelet status write. */
function updated(i: number): KubeObject {
  const base = fillers[i % fillers.length];
  if (base === undefined) throw new Error('no filler pods');
  const status = base.status as { containerStatuses: Record<string, unknown>[] };
  const round = Math.floor(i / fillers.length) + 1;
  return {
    ...base,
    metadata: { ...base.metadata, annotations: { ...base.metadata.annotations, [WRITTEN_AT]: String(wallClock()) } },
    status: { ...status, containerStatuses: status.containerStatuses.map((c) => ({ ...c, restartCount: round })) },
  };
}

tell({ cmd: 'drive-start' });
await sleep(100);
const t0 = performance.now();
let sent = 0;
await new Promise<void>((resolve) => {
  const tick = (): void => {
    const due = Math.min(TOTAL, Math.floor(((performance.now() - t0) / 1000) * RATE));
    while (sent < due) {
      server.upsert(updated(sent));
      sent += 1;
    }
    if (sent >= TOTAL) resolve();
    else setTimeout(tick, 2);
  };
  tick();
});
const driveSeconds = (performance.now() - t0) / 1000;
tell({ cmd: 'drive-end', expected: TOTAL });
const drive = await next('drive');
tell({ cmd: 'measure', label: 'after' });
const after = await next('measured');
tell({ cmd: 'stop' });
await next('stopped');
await childExit;
await server.stop();
rmSync(dir, { recursive: true, force: true });

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
const ms = (x: number): string => (Number.isNaN(x) ? '–' : x < 10 ? x.toFixed(2) : x.toFixed(1));
function latencyRow(stage: string, values: readonly number[]): string {
  const s = [...values].sort((a, b) => a - b);
  return `| ${stage} | ${s.length.toLocaleString('en')} | ${ms(percentile(s, 50))} | ${ms(percentile(s, 95))} | ${ms(percentile(s, 99))} | ${ms(s[s.length - 1] ?? NaN)} |`;
}
const memoryRow = (phase: string, m: Memory): string => `| ${phase} | ${m.rssMiB.toFixed(0)} | ${m.heapUsedMiB.toFixed(1)} | ${m.heapTotalMiB.toFixed(1)} | ${m.objects.toLocaleString('en')} |`;
const cpuMs = drive.cpuUserMs + drive.cpuSystemMs;
const passes = [...drive.statePasses].sort((a, b) => a - b);

process.stdout.write(
  [
    `Node ${process.version}; test API server on loopback in this process; informers + cache in a child process (--expose-gc, heap measured after GC).`,
    `Cluster: ${fillers.length.toLocaleString('en')} filler pods + the seed example, ${objects.length.toLocaleString('en')} objects; ${synced.informers} informers; initial list and sync ${(synced.ms / 1000).toFixed(1)} s.`,
    '',
    '| phase | RSS MiB | JS heap used MiB | JS heap reserved MiB | objects in cache |',
    '|---|---:|---:|---:|---:|',
    memoryRow('after initial sync', synced.memory),
    memoryRow(`after ${STEADY_S} s idle (steady state)`, steady.memory),
    memoryRow(`after the update run`, after.memory),
    '',
    `Update run: ${sent.toLocaleString('en')} pod status updates in ${driveSeconds.toFixed(1)} s (${(sent / driveSeconds).toFixed(0)}/s, target ${RATE}/s); ${drive.received.toLocaleString('en')} change notifications received (${(sent - drive.received).toLocaleString('en')} missing).`,
    `Child CPU during the run: ${(cpuMs / 1000).toFixed(2)} s over ${(drive.wallMs / 1000).toFixed(1)} s (${((cpuMs / drive.wallMs) * 100).toFixed(0)}% of one core); cache.state() once a second: p50 ${ms(percentile(passes, 50))} ms, max ${ms(passes[passes.length - 1] ?? NaN)} ms (${passes.length} passes).`,
    '',
    '| latency from server write to … | updates | p50 ms | p95 ms | p99 ms | max ms |',
    '|---|---:|---:|---:|---:|---:|',
    latencyRow('cache change notification', drive.notify),
    ...(flags.hook !== undefined ? [latencyRow(`detected() by ${flags.hook}`, drive.detect)] : []),
    '',
  ].join('\n'),
);
