/** `kubehow diagnose`: read a state, find the pod, diagnose, render. */
import { readSnapshot } from '../../sources/snapshot/read-snapshot.ts';
import { buildModel } from '../../model/model.ts';
import { diagnose } from '../../diagnose/diagnose.ts';
import { renderDiagnosis, type OutputFormat } from '../../render/render.ts';
import { UsageError } from '../../errors.ts';
import { findPod, parsePodArgument } from '../find-pod.ts';

export interface DiagnoseCommandOptions {
  pod: string;
  namespace?: string;
  /** One or more snapshot paths; several are read as one cluster. */
  snapshot?: readonly string[];
  now?: string;
  output: OutputFormat;
  color: boolean;
}

export interface CommandResult {
  stdout: string;
  exitCode: number;
}

export async function runDiagnose(options: DiagnoseCommandOptions): Promise<CommandResult> {
  const target = parsePodArgument(options.pod, options.namespace);
  if (options.snapshot === undefined || options.snapshot.length === 0) {
    throw new UsageError(
      'reading a live cluster is not available in this version: pass --snapshot PATH (a `kubectl cluster-info dump` output, `kubectl get -o json` files, or a folder of them)',
    );
  }
  const state = await readSnapshot(options.snapshot, options.now !== undefined ? { now: options.now } : {});
  const model = buildModel(state);
  const found = findPod(model, target);
  const diagnosis = diagnose(model, found.pod, found.resolvedFrom !== undefined ? { resolvedFrom: found.resolvedFrom } : {});
  return { stdout: renderDiagnosis(diagnosis, options.output, options.color), exitCode: 0 };
}
