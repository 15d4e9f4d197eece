/**
 * Process CPU time of the real CLI on every corpus scenario: `node dist/cli/main.js diagnose <pod> --snapshot
 * <snapshot> --now <now> -o json`, run under `/usr/bin/time -f '%U %S'` (user + system seconds of the whole
 * process, Node start-up included), three runs per scenario, the per-scenario median kept.
 * Run: npm run bench:scenarios (builds first).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadScenarios, snapshotFile } from '../test/scenarios/catalog.ts';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const TIME = '/usr/bin/time';
const RUNS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** user+sys CPU milliseconds of one CLI process. */
function cpuMs(args: string[]): number {
  const r = spawnSync(TIME, ['-f', '%U %S', process.execPath, CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`kubehow ${args.join(' ')} exited ${String(r.status)}: ${r.stderr}`);
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [user, sys] = last.split(' ').map(Number);
  if (user === undefined || sys === undefined || Number.isNaN(user) || Number.isNaN(sys)) throw new Error(`unexpected ${TIME} output: ${last}`);
  return (user + sys) * 1000;
}

if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
if (!existsSync(TIME)) throw new Error(`${TIME} is missing (Debian package "time")`);

const scenarios = await loadScenarios();
const rows: { id: string; ms: number }[] = [];
for (const s of scenarios) {
  const args = ['diagnose', s.pod, '--snapshot', snapshotFile(s.id), '--now', s.now, '-o', 'json'];
  rows.push({ id: s.id, ms: median(Array.from({ length: RUNS }, () => cpuMs(args))) });
}
const empty = median(Array.from({ length: RUNS }, () => {
  const r = spawnSync(TIME, ['-f', '%U %S', process.execPath, '-e', ''], { encoding: 'utf8' });
  const [u = NaN, sy = NaN] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  return (u + sy) * 1000;
}));

const all = rows.map((r) => r.ms);
const cpus = execFileSync('nproc', { encoding: 'utf8' }).trim();
console.log(`kubehow bench: \`kubehow diagnose -o json\` process CPU (user+sys, ${TIME}), ${String(scenarios.length)} scenarios, median of ${String(RUNS)} runs each, Node ${process.version}, ${cpus} CPUs`);
console.log(`median ${median(all).toFixed(0)} ms   max ${Math.max(...all).toFixed(0)} ms   (budget 200 ms; 10 ms resolution; an empty \`node -e ''\` costs ${empty.toFixed(0)} ms)`);
console.log('slowest:');
for (const r of [...rows].sort((a, b) => b.ms - a.ms).slice(0, 5)) console.log(`  ${r.ms.toFixed(0).padStart(5)} ms  ${r.id}`);

