/**
 * Where `kubehow fix --apply` sends patches. The interface keeps the command testable; the one
 * implementation talks to the API server with @kubernetes/client-node (strategic-merge PATCH, with
 * `dryRun=All` for the server-side dry run).
 */
import { KubeConfig, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import type { AntiAffinityFix } from '../../fixes/anti-affinity.ts';
import { patchDocument } from '../../fixes/formats.ts';
import { ClusterAccessError, UsageError } from '../../errors.ts';

export interface PatchTarget {
  /** Where the patches go, for the report (`context @ server`). */
  readonly describe: string;
  /** Server-side dry run: the API server validates and admits the patch without persisting it. */
  dryRun(fix: AntiAffinityFix): Promise<void>;
  apply(fix: AntiAffinityFix): Promise<void>;
}

export interface ApplyResult {
  fix: AntiAffinityFix;
  outcome: 'applied' | 'dry-run-failed' | 'apply-failed';
  error?: string;
}

/** Dry-runs every patch, then applies those whose dry run passed; never stops at the first failure. */
export async function applyFixes(target: PatchTarget, fixes: readonly AntiAffinityFix[]): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  for (const fix of fixes) {
    try {
      await target.dryRun(fix);
    } catch (err) {
      // An unreachable cluster or refused credentials end the run (exit 3), not one patch.
      if (err instanceof ClusterAccessError) throw err;
      results.push({ fix, outcome: 'dry-run-failed', error: errorText(err) });
      continue;
    }
    try {
      await target.apply(fix);
      results.push({ fix, outcome: 'applied' });
    } catch (err) {
      if (err instanceof ClusterAccessError) throw err;
      results.push({ fix, outcome: 'apply-failed', error: errorText(err) });
    }
  }
  return results;
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const body = (err as Error & { body?: unknown }).body;
    const message = typeof body === 'string' ? (/"message":"([^"]*)"/.exec(body)?.[1] ?? body) : undefined;
    return (message ?? err.message).split('\n')[0] ?? 'failed';
  }
  return String(err);
}

export interface KubeTargetOptions {
  kubeconfig?: string | undefined;
  context?: string | undefined;
}

/** A PatchTarget on the cluster of a kubeconfig (default loading rules when no file is named). */
export function kubePatchTarget(options: KubeTargetOptions): PatchTarget {
  const kc = new KubeConfig();
  try {
    if (options.kubeconfig !== undefined) kc.loadFromFile(options.kubeconfig);
    else kc.loadFromDefault();
  } catch (err) {
    throw new UsageError(`cannot read the kubeconfig${options.kubeconfig !== undefined ? ` ${options.kubeconfig}` : ''}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (options.context !== undefined) {
    if (kc.getContextObject(options.context) === null) throw new UsageError(`--context ${options.context}: no such context in the kubeconfig`);
    kc.setCurrentContext(options.context);
  }
  const cluster = kc.getCurrentCluster();
  if (cluster === null) throw new UsageError('the kubeconfig has no current cluster: pass --context');
  const client = KubernetesObjectApi.makeApiClient(kc);
  const send = async (fix: AntiAffinityFix, dryRun: boolean): Promise<void> => {
    try {
      await client.patch(patchDocument(fix), undefined, dryRun ? 'All' : undefined, 'kubehow', undefined, PatchStrategy.StrategicMergePatch);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 401 || code === 'ECONNREFUSED' || code === 'ENOTFOUND') throw new ClusterAccessError(`${cluster.server}: ${errorText(err)}`);
      throw err;
    }
  };
  return {
    describe: `${kc.getCurrentContext()} @ ${cluster.server}`,
    dryRun: (fix) => send(fix, true),
    apply: (fix) => send(fix, false),
  };
}
