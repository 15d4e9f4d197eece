/** A real Alertmanager 0.25 (Debian prometheus-alertmanager) on a free loopback port, for end-to-end tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertmanagerPath } from './tools.ts';

/** Debian's build reads its default templates from here and exits without them (scripts/install-test-tools.sh puts them there). */
const DEBIAN_TEMPLATES = '/usr/share/prometheus/alertmanager/default.tmpl';

/** An alert as `GET /api/v2/alerts` lists it. */
export interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  status: { state: string };
}

export interface RunningAlertmanager {
  /** `http://127.0.0.1:<port>` */
  base: string;
  listAlerts(query?: string): Promise<GettableAlert[]>;
  /** What the process printed (for failure messages). */
  output: readonly string[];
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitReady(url: string, timeoutMs: number, output: readonly string[]): Promise<void> {
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

/** Starts Alertmanager with a null receiver, no clustering, state in a fresh temporary directory; resolves once /-/ready answers. */
export async function startAlertmanager(): Promise<RunningAlertmanager> {
  const binary = alertmanagerPath();
  if (!existsSync(DEBIAN_TEMPLATES)) throw new Error(`${DEBIAN_TEMPLATES} missing: run scripts/install-test-tools.sh (as root)`);
  const dir = await mkdtemp(join(tmpdir(), 'kubehow-am-'));
  await writeFile(join(dir, 'alertmanager.yml'), 'route:\n  receiver: "null"\nreceivers:\n  - name: "null"\n');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const child: ChildProcess = spawn(binary, [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  await waitReady(`${base}/-/ready`, 15_000, output);
  return {
    base,
    output,
    async listAlerts(query = '') {
      const response = await fetch(`${base}/api/v2/alerts${query}`, { signal: AbortSignal.timeout(5000) });
      if (response.status !== 200) throw new Error(`GET /api/v2/alerts answered ${response.status}`);
      return (await response.json()) as GettableAlert[];
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
