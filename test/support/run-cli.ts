/** Runs the CLI in-process and captures what it prints, for command-level tests. */
import { runCli } from '../../src/cli/program.ts';
import type { LoadStateOptions } from '../../src/cli/source-options.ts';

/**
 * Runs kubehow with `argv`. The environment of a live read is empty (no $KUBECONFIG, no ~/.kube leaks in,
 * so no test can reach a real cluster) and retries do not sleep; `live` overrides parts of it.
 */
export async function runKubehow(argv: readonly string[], live: LoadStateOptions = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    color: false,
    version: '0.0.0-test',
    live: { env: {}, home: '/nonexistent', sleep: () => Promise.resolve(), ...live },
  });
  return { code, stdout, stderr };
}

export function runCaptured(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runKubehow(argv);
}
