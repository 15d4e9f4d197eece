/**
 * Child process of bench/watch-scale.ts: the informers and cache of `kubehow watch` alone in a process, so
 * its RSS and heap are theirs. Driven over the IPC channel: measure memory, collect latencies of cache
 * change notifications (and of an optional detection hook) while the parent writes, then stop.
 *   node --expose-gc bench/watch-scale-child.ts KUBECONFIG [HOOK_MODULE]
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { connect } from '../src/sources/live/read-live.ts';
import { ClusterInformers } from '../src/watch/informer.ts';
import type { KubeObject } from '../src/sources/types.ts';
import { WRITTEN_AT, wallClock, type WatchBenchHook, type WatchBenchHookHandle } from './watch-scale-hook.ts';

export type ParentMessage = { cmd: 'measure'; label: string } | { cmd: 'drive-start' } | { cmd: 'drive-end'; expected: number } | { cmd: 'stop' };
export interface Memory {
  rssMiB: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  objects: number;
}
export type ChildMessage =
  | { type: 'synced'; ms: number; informers: number; memory: Memory }
  | { type: 'measured'; label: string; memory: Memory }
  | { type: 'drive'; received: number; notify: number[]; detect: number[]; cpuUserMs: number; cpuSystemMs: number; wallMs: number; statePasses: number[] }
  | { type: 'stopped' };

const [kubeconfig, hookPath] = process.argv.slice(2);
if (kubeconfig === undefined) throw new Error('usage: watch-scale-child.ts KUBECONFIG [HOOK_MODULE]');
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

function send(message: ChildMessage): void {
  process.send?.(message);
}

function memory(): Memory {
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  return { rssMiB: usage.rss / 2 ** 20, heapUsedMiB: usage.heapUsed / 2 ** 20, heapTotalMiB: usage.heapTotal / 2 ** 20, objects: informers.cache.size };
}

function writtenAt(object: KubeObject): number | undefined {
  const value = object.metadata.annotations?.[WRITTEN_AT];
  return value === undefined ? undefined : Number(value);
}

const started = performance.now();
const connection = await connect({ kubeconfig, env: {} });
const informers = new ClusterInformers({ api: connection.api, catalog: connection.reader.catalog });
informers.start();
await informers.synced();
send({ type: 'synced', ms: performance.now() - started, informers: informers.informers.length, memory: memory() });

let driving = false;
let notify: number[] = [];
let detect: number[] = [];
let statePasses: number[] = [];
informers.cache.subscribe((change) => {
  if (!driving || change.kind !== 'Pod') return;
  const at = writtenAt(change.object);
  if (at !== undefined) notify.push(wallClock() - at);
});

const origin = { type: 'live', context: connection.context, server: connection.server } as const;
let hook: WatchBenchHookHandle | undefined;
if (hookPath !== undefined) {
  const module = (await import(pathToFileURL(resolve(hookPath)).href)) as { default: WatchBenchHook };
  hook = await module.default({
    cache: informers.cache,
    informers,
    origin,
    now: wallClock,
    detected: (object) => {
      const at = writtenAt(object);
      if (driving && at !== undefined) detect.push(wallClock() - at);
    },
  });
}

// What a detection pass would start from, once a second: the cost of cache.state() itself at this size.
const statePass = setInterval(() => {
  if (!driving) return;
  const t = performance.now();
  informers.cache.state(new Date().toISOString(), origin);
  statePasses.push(performance.now() - t);
}, 1000);

let cpu = process.cpuUsage();
let wall = performance.now();
process.on('message', (raw: ParentMessage) => {
  void (async () => {
    switch (raw.cmd) {
      case 'measure':
        send({ type: 'measured', label: raw.label, memory: memory() });
        break;
      case 'drive-start':
        notify = [];
        detect = [];
        statePasses = [];
        driving = true;
        cpu = process.cpuUsage();
        wall = performance.now();
        break;
      case 'drive-end': {
        // Let the last writes arrive (bounded: a lost update shows as received < expected).
        const deadline = performance.now() + 10_000;
        while (notify.length < raw.expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        if (hook !== undefined) {
          // A hook may detect in periodic passes: wait for its last one (until it reports nothing new for 2 s).
          let seen = -1;
          while (detect.length < raw.expected && detect.length !== seen && performance.now() < deadline) {
            seen = detect.length;
            await new Promise((r) => setTimeout(r, 2000));
          }
        }
        const used = process.cpuUsage(cpu);
        const wallMs = performance.now() - wall;
        driving = false;
        send({ type: 'drive', received: notify.length, notify, detect, cpuUserMs: used.user / 1000, cpuSystemMs: used.system / 1000, wallMs, statePasses });
        break;
      }
      case 'stop':
        clearInterval(statePass);
        await hook?.stop();
        await informers.stop();
        send({ type: 'stopped' });
        process.disconnect();
        break;
    }
  })();
});
