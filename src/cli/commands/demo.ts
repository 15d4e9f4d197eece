/** `kubehow demo`: the seed incident, replayed from the embedded example snapshot. */
import { fileURLToPath } from 'node:url';
import { runDiagnose, type CommandResult } from './diagnose.ts';
import type { OutputFormat } from '../../render/render.ts';

/** The example ships beside `dist/` and `src/` alike: two levels up from this file's folder. */
export const DEMO_SNAPSHOT = fileURLToPath(new URL('../../../examples/sonarr-hairpin/cluster.json', import.meta.url));
export const DEMO_POD = 'media/sonarr-dd4cb4f69-8kmhv';

export async function runDemo(options: { output: OutputFormat; color: boolean }): Promise<CommandResult> {
  const result = await runDiagnose({ pod: DEMO_POD, snapshot: [DEMO_SNAPSHOT], output: options.output, color: options.color });
  if (options.output !== 'text') return result;
  const intro = [
    'Demo: the 2026-03-30 Sonarr outage (microk8s, Calico, OpenEBS Jiva iSCSI), replayed from',
    `examples/sonarr-hairpin/cluster.json. The same command on your own cluster state:`,
    `  kubehow diagnose <namespace>/<pod> --snapshot <kubectl cluster-info dump output or a folder of kubectl get -o json files>`,
    '',
    '',
  ].join('\n');
  return { stdout: intro + result.stdout, exitCode: result.exitCode };
}
