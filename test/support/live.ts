/** Helpers for tests that talk to the test API server: a server with a kubeconfig file, and a CLI runner. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../src/sources/types.ts';
import { OUTPUT_FILE } from '../../examples/generate.ts';
import { KubeApiServer, type KubeApiServerOptions } from './kube-api-server.ts';

/** The seed example's objects. */
export function seedObjects(): KubeObject[] {
  return (JSON.parse(readFileSync(OUTPUT_FILE, 'utf8')) as { items: KubeObject[] }).items;
}

export interface LiveFixture {
  server: KubeApiServer;
  kubeconfig: string;
  dir: string;
  stop(): Promise<void>;
}

/** Starts a test API server and writes a kubeconfig for it into a fresh temporary directory. */
export async function startServer(options: KubeApiServerOptions): Promise<LiveFixture> {
  const server = new KubeApiServer(options);
  await server.start();
  const dir = mkdtempSync(join(tmpdir(), 'kubehow-live-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, server.kubeconfig());
  return {
    server,
    kubeconfig,
    dir,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** No real waiting in tests: retries record the delays they would have slept. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return { delays, sleep: (ms) => { delays.push(ms); return Promise.resolve(); } };
}

export { runKubehow } from './run-cli.ts';
