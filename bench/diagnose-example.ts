/**
 * How fast kubehow names the cause of the seed incident: in-process phases against a plain JSON.parse
 * of the same bytes (same run, same machine), and the wall time of the real CLI process end to end.
 * Run: npm run bench
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { readSnapshot } from '../src/sources/snapshot/read-snapshot.ts';
import { buildModel } from '../src/model/model.ts';
import { diagnose } from '../src/diagnose/diagnose.ts';
import type { Pod } from '../src/kube/types.ts';

const SNAPSHOT = fileURLToPath(new URL('../examples/sonarr-hairpin/cluster.json', import.meta.url));
const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const POD = ['media', 'sonarr-dd4cb4f69-8kmhv'] as const;
const RUNS = 20;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const bytes = readFileSync(SNAPSHOT, 'utf8');
const parse: number[] = [];
const read: number[] = [];
const model: number[] = [];
const diag: number[] = [];
for (let i = 0; i < RUNS; i++) {
  parse.push(await timeAsync(() => Promise.resolve(JSON.parse(bytes))));
  let state: Awaited<ReturnType<typeof readSnapshot>> | undefined;
  read.push(await timeAsync(async () => (state = await readSnapshot(SNAPSHOT))));
  if (state === undefined) throw new Error('no state');
  const s = state;
  let m: ReturnType<typeof buildModel> | undefined;
  model.push(await timeAsync(() => Promise.resolve((m = buildModel(s)))));
  if (m === undefined) throw new Error('no model');
  const built = m;
  diag.push(await timeAsync(() => Promise.resolve(diagnose(built, built.pod(...POD) as Pod))));
}

const cli: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  execFileSync(process.execPath, [CLI, 'diagnose', POD.join('/'), '--snapshot', SNAPSHOT, '-o', 'json'], { stdio: ['ignore', 'ignore', 'inherit'] });
  cli.push(performance.now() - t);
}

const p = median(parse);
const rows: [string, number][] = [
  ['JSON.parse of the same bytes (baseline)', p],
  ['readSnapshot (read, decode, validate, dedupe, now)', median(read)],
  ['buildModel (indexes, events)', median(model)],
  ['diagnose (data paths, hypotheses, checks, chain)', median(diag)],
];
console.log(`kubehow bench: seed example, ${(bytes.length / 1024).toFixed(0)} KiB, median of ${RUNS} runs, Node ${process.version}`);
console.log('| phase | ms | × JSON.parse |');
console.log('|---|---:|---:|');
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(2)} | ${(ms / p).toFixed(1)} |`);
const total = median(read) + median(model) + median(diag);
console.log(`| in-process total | ${total.toFixed(2)} | ${(total / p).toFixed(1)} |`);
console.log(`| \`kubehow diagnose -o json\` process, wall (median of 5) | ${median(cli).toFixed(0)} | — |`);
