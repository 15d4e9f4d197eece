/** `kubehow diagnose`: read a state, find the pod, diagnose, render. */
import { buildModel } from '../../model/model.ts';
import { diagnose } from '../../diagnose/diagnose.ts';
import { renderDiagnosis, type OutputFormat } from '../../render/render.ts';
import { findPod, parsePodArgument } from '../find-pod.ts';
import { loadState, type LoadStateOptions, type SourceFlags } from '../source-options.ts';

export interface DiagnoseCommandOptions extends SourceFlags {
  pod: string;
  namespace?: string;
  output: OutputFormat;
  color: boolean;
  /** Edges of a live read injected by tests. */
  live?: LoadStateOptions;
}

export interface CommandResult {
  stdout: string;
  exitCode: number;
}

export async function runDiagnose(options: DiagnoseCommandOptions): Promise<CommandResult> {
  const target = parsePodArgument(options.pod, options.namespace);
  const state = await loadState(options, { scope: 'pod', namespace: target.namespace, name: target.name }, options.live);
  const model = buildModel(state);
  const found = findPod(model, target);
  const diagnosis = diagnose(model, found.pod, found.resolvedFrom !== undefined ? { resolvedFrom: found.resolvedFrom } : {});
  return { stdout: renderDiagnosis(diagnosis, options.output, options.color), exitCode: 0 };
}
