/**
 * `kubehow audit` at cluster scale, against a plain JSON.parse of the same bytes, in one run: each phase
 * runs in its own child process so each has its own peak RSS (process.resourceUsage().maxRSS).
 *
 *   node bench/audit-scale.ts [scale] [dir]
 *
 * scale 1 (default) = 5,000 nodes, 150,000 pods, 30,000 volumes, 500,000 events (bench/synthetic-cluster.ts);
 * the cluster is generated into `dir` (default /tmp/kubehow-bench-<scale>) unless it is already there.
 * Phases: `parse` reads every snapshot file and JSON.parses it, keeping the values (the floor any reader
 * pays); `audit` is the real thing end to end: readSnapshot (read, decode, validate, dedupe, now) +
 * buildModel + every check + the Audit document serialised as JSON.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { listSnapshotFiles } from '../src/sources/snapshot/snapshot-files.ts';
import { readSnapshot } from '../src/sources/snapshot/read-snapshot.ts';
import { buildModel } from '../src/model/model.ts';
import { audit } from '../src/checks/audit.ts';
import { scaleOf, writeSyntheticCluster } from './synthetic-cluster.ts';

const SELF = fileURLToPath(import.meta.url);
// The parsed objects of a multi-GB snapshot do not fit V8's default old-space limit, for either phase.
const HEAP_FLAGS = ['--max-old-space-size=20000'];

interface PhaseResult {
  ms: number;
  /** User + system CPU time of the phase: steadier than wall time on a shared machine. */
  cpuMs: number;
  maxRssBytes: number;
  detail: Record<string, unknown>;
}

async function phaseParse(dir: string): Promise<PhaseResult> {
  const { files } = await listSnapshotFiles(dir);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const values: unknown[] = [];
  for (const f of files) values.push(JSON.parse(readFileSync(f.fsPath, 'utf8')));
  const ms = performance.now() - start;
  return { ms, cpuMs: cpuMsSince(cpu), maxRssBytes: process.resourceUsage().maxRSS * 1024, detail: { files: files.length, values: values.length } };
}

async function phaseAudit(dir: string): Promise<PhaseResult> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const state = await readSnapshot(dir);
  const read = performance.now();
  const model = buildModel(state);
  const built = performance.now();
  const doc = audit(model);
  const json = JSON.stringify(doc);
  const end = performance.now();
  const byId: Record<string, number> = {};
  for (const f of doc.findings) byId[f.id] = (byId[f.id] ?? 0) + 1;
  return {
    ms: end - start,
    cpuMs: cpuMsSince(cpu),
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    detail: { readMs: Math.round(read - start), modelMs: Math.round(built - read), checksMs: Math.round(end - built), objects: [...state.objects.values()].reduce((n, l) => n + l.length, 0), findings: byId, outputBytes: json.length },
  };
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function dirSize(dir: string): Promise<number> {
  return listSnapshotFiles(dir).then(({ files }) => files.reduce((n, f) => n + statSync(f.fsPath).size, 0));
}

function runPhase(phase: 'parse' | 'audit', dir: string): PhaseResult {
  const out = execFileSync(process.execPath, [...HEAP_FLAGS, SELF, '--phase', phase, dir], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as PhaseResult;
}

const mib = (b: number): string => (b / 1024 / 1024).toFixed(0);

if (process.argv[2] === '--phase') {
  const phase = process.argv[3];
  const dir = process.argv[4] ?? '';
  const result = phase === 'parse' ? await phaseParse(dir) : await phaseAudit(dir);
  console.log(JSON.stringify(result));
} else {
  const scale = Number(process.argv[2] ?? '1');
  const dir = process.argv[3] ?? `/tmp/kubehow-bench-${scale}`;
  if (!existsSync(dir)) {
    const t = performance.now();
    const counts = await writeSyntheticCluster(dir, scaleOf(scale));
    console.log(`generated ${dir} in ${((performance.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);
  }
  const bytes = await dirSize(dir);
  const runs = Number(process.env.KUBEHOW_BENCH_RUNS ?? '1');
  // Phases alternate, so a burst of load from other processes hits both alike; medians over the runs.
  const parses: PhaseResult[] = [];
  const audits: PhaseResult[] = [];
  for (let i = 0; i < runs; i++) {
    parses.push(runPhase('parse', dir));
    audits.push(runPhase('audit', dir));
  }
  const row = (name: string, rs: readonly PhaseResult[], base: readonly PhaseResult[]): string => {
    const ms = median(rs.map((r) => r.ms));
    const cpu = median(rs.map((r) => r.cpuMs));
    const rss = median(rs.map((r) => r.maxRssBytes));
    return `| ${name} | ${(ms / 1000).toFixed(2)} | ${(ms / median(base.map((r) => r.ms))).toFixed(2)} | ${(cpu / 1000).toFixed(2)} | ${(cpu / median(base.map((r) => r.cpuMs))).toFixed(2)} | ${mib(rss)} | ${(rss / bytes).toFixed(2)} |`;
  };
  console.log(`kubehow audit-scale: scale ${scale}, ${dir}, ${mib(bytes)} MiB in ${String(parses[0]?.detail.files)} files, Node ${process.version}, median of ${runs} alternating run(s)`);
  console.log('| phase (own process) | wall s | × JSON.parse | CPU s | × JSON.parse | peak RSS MiB | × input size |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  console.log(row('read + JSON.parse of the same files (baseline)', parses, parses));
  console.log(row('audit end to end (read, validate, model, checks, JSON)', audits, parses));
  for (const a of audits) console.log(`audit detail: ${JSON.stringify(a.detail)}`);
}
