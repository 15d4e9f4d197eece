/** Runs the CLI in-process and captures what it prints, for command-level tests. */
import { runCli } from '../../src/cli/program.ts';

export async function runCaptured(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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
  });
  return { code, stdout, stderr };
}
