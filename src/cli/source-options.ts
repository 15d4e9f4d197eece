/**
 * Where a command gets its cluster from: snapshot files (`--snapshot`) or the live API (kubeconfig).
 * Every command that reads a cluster adds these flags and calls `loadState`, so `diagnose`, `audit`
 * and `collect` agree on flags, defaults and errors.
 */
import type { Command } from 'commander';
import type { ClusterState } from '../sources/types.ts';
import { readSnapshotInput } from '../sources/snapshot/bundle-archive.ts';
import type { LiveOptions } from '../sources/live/read-live.ts';
import { UsageError } from '../errors.ts';

export interface SourceFlags {
  /** One or more snapshot paths; several are read as one cluster. */
  snapshot?: readonly string[];
  now?: string;
  kubeconfig?: string;
  context?: string;
}

/**
 * What the command needs from the cluster. A live source uses it to read only what is needed:
 * `pod` reads around one pod (requests do not grow with cluster size); `cluster` lists everything,
 * optionally restricted to some namespaces.
 */
export type StateRequest =
  | { scope: 'pod'; namespace: string; name: string }
  | { scope: 'cluster'; namespaces?: readonly string[] };

export function addSourceOptions(command: Command): Command {
  return command
    .option(
      '--snapshot <path>',
      'read the cluster from files instead of the API: `kubectl cluster-info dump` output (stdout or --output-directory), `kubectl get -o json|yaml` files, a `kubehow collect` bundle, or a folder of them; repeat to combine several',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--now <time>', 'the "now" of a snapshot as RFC 3339 (default: taken from the snapshot)')
    .option('--kubeconfig <file>', 'kubeconfig file for the live cluster (default: $KUBECONFIG, then ~/.kube/config, then the in-cluster service account)')
    .option('--context <name>', 'kubeconfig context to use (default: the current context)');
}

/** Picks the source flags out of a commander options object, leaving absent ones absent. */
export function sourceFlagsOf(opts: SourceFlags): SourceFlags {
  const out: SourceFlags = {};
  if (opts.snapshot !== undefined) out.snapshot = opts.snapshot;
  if (opts.now !== undefined) out.now = opts.now;
  if (opts.kubeconfig !== undefined) out.kubeconfig = opts.kubeconfig;
  if (opts.context !== undefined) out.context = opts.context;
  return out;
}

/** Edges of a live read that tests and long-running commands inject (all optional). */
export type LoadStateOptions = Partial<Pick<LiveOptions, 'env' | 'home' | 'clock' | 'timeoutMs' | 'sleep' | 'onProgress'>>;

/** Whether the flags choose a snapshot (true) or the live cluster (false); a mix of the two is a usage error. */
export function usesSnapshot(flags: SourceFlags): boolean {
  if (flags.snapshot !== undefined && flags.snapshot.length > 0) {
    if (flags.kubeconfig !== undefined || flags.context !== undefined) {
      throw new UsageError('--snapshot reads files; --kubeconfig and --context choose a live cluster: pass one or the other');
    }
    return true;
  }
  if (flags.now !== undefined) throw new UsageError('--now applies to snapshots; a live cluster is read at the current time');
  return false;
}

export async function loadState(flags: SourceFlags, request: StateRequest, options: LoadStateOptions = {}): Promise<ClusterState> {
  if (usesSnapshot(flags)) return readSnapshotInput(flags.snapshot ?? [], flags.now !== undefined ? { now: flags.now } : {});
  // Loaded on demand: the API client costs ~250 ms of start-up that snapshot reads should not pay.
  const { readLive } = await import('../sources/live/read-live.ts');
  return readLive({ ...options, env: options.env ?? process.env, kubeconfig: flags.kubeconfig, context: flags.context }, request);
}
