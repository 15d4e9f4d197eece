/**
 * Live diagnose against synthetic clusters of 100, 1,000 and 10,000 filler pods served by the test API
 * server (test/support/kube-api-server.ts) over loopback: requests and wall time per diagnose (median of
 * 5), which must not grow with the cluster; and `collect` of the same clusters in a child process, with
 * its peak RSS, which must stay flat while the bundle grows.
 * Run: npm run bench:live
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeApiServer } from '../test/support/kube-api-server.ts';
import { readLive } from '../src/sources/live/read-live.ts';
import { buildModel } from '../src/model/model.ts';
import { diagnose } from '../src/diagnose/diagnose.ts';
import type { Pod } from '../src/kube/types.ts';
import { syntheticCluster } from './live-cluster.ts';

const SIZES = [100, 1_000, 10_000];
const RUNS = 5;
const HEAP_CAP_MIB = 64;
const CHILD = fileURLToPath(new URL('./live-collect-child.ts', import.meta.url));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

const rows: string[] = [];
for (const size of SIZES) {
  const objects = syntheticCluster(size);
  const server = new KubeApiServer({ objects });
  await server.start();
  const dir = mkdtempSync(join(tmpdir(), 'kubehow-bench-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, server.kubeconfig());
  const walls: number[] = [];
  const requests: number[] = [];
  let top = '';
  for (let i = 0; i < RUNS; i++) {
    const before = server.requests.length;
    const t = performance.now();
    const state = await readLive({ kubeconfig, env: {} }, { scope: 'pod', namespace: 'media', name: 'sonarr-dd4cb4f69-8kmhv' });
    const model = buildModel(state);
    const d = diagnose(model, model.pod('media', 'sonarr-dd4cb4f69-8kmhv') as Pod);
    walls.push(performance.now() - t);
    requests.push(server.requests.length - before);
    top = `${d.hypotheses[0]?.id ?? '?'} ${d.hypotheses[0]?.verdict ?? ''}`;
  }
  const pods = objects.filter((o) => o.kind === 'Pod').length;
  // Asynchronously: the server answering the child runs in this process.
  // The heap is capped well below the bundle's size: collect must stream, or it dies here.
  const { stdout: out } = await promisify(execFile)(process.execPath, [`--max-old-space-size=${HEAP_CAP_MIB}`, CHILD, kubeconfig, join(dir, 'bundle')], { encoding: 'utf8' });
  const { stdout: du } = await promisify(execFile)('du', ['-sk', join(dir, 'bundle')], { encoding: 'utf8' });
  const collect = JSON.parse(out) as { objects: number; requests: number; ms: number; maxRssKiB: number };
  rows.push(
    `| ${pods.toLocaleString('en')} | ${objects.length.toLocaleString('en')} | ${new Set(requests).size === 1 ? String(requests[0]) : requests.join('/')} | ${median(walls).toFixed(0)} | ${top} | ${collect.requests} | ${(collect.ms / 1000).toFixed(1)} | ${(Number(du.split('\t')[0]) / 1024).toFixed(1)} | ${Math.round(collect.maxRssKiB / 1024)} |`,
  );
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

process.stdout.write(
  [
    `Node ${process.version}, ${RUNS} diagnoses per size (median wall time), test API server on loopback in the same process; collect in a child process with its JS heap capped at ${HEAP_CAP_MIB} MiB.`,
    '',
    '| pods in cluster | objects | requests per diagnose | diagnose wall ms | top hypothesis | collect requests | collect s | bundle MiB | collect peak RSS MiB |',
    '|---:|---:|---:|---:|---|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n'),
);
