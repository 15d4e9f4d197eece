/**
 * Which cluster a live command talks to, by kubectl's rules: `--kubeconfig FILE`, else the files in
 * `$KUBECONFIG` (merged, first wins), else `~/.kube/config`, else the in-cluster service account.
 * `--context` picks a context (default: the current one). Never falls back to an unauthenticated localhost.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterAccessError, UsageError } from '../../errors.ts';

/** Options of {@link loadKubeConfig}. */
export interface KubeConfigChoice {
  kubeconfig?: string | undefined;
  context?: string | undefined;
  /** The process environment (injected so tests do not depend on the machine). */
  env: Readonly<Record<string, string | undefined>>;
  /** The home directory holding `.kube/config` (default: the user's). */
  home?: string;
}

/** A loaded kubeconfig with its context and server chosen. */
export interface ChosenCluster {
  kubeConfig: KubeConfig;
  context: string;
  server: string;
  /** Where the configuration came from, for messages: a file list or "in-cluster service account". */
  from: string;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export function loadKubeConfig(choice: KubeConfigChoice): ChosenCluster {
  const kc = new KubeConfig();
  let from: string;
  try {
    if (choice.kubeconfig !== undefined) {
      if (!existsSync(choice.kubeconfig)) throw new UsageError(`--kubeconfig ${choice.kubeconfig}: no such file`);
      kc.loadFromFile(choice.kubeconfig);
      from = choice.kubeconfig;
    } else if ((choice.env.KUBECONFIG ?? '') !== '') {
      const files = (choice.env.KUBECONFIG ?? '').split(delimiter).filter((f) => f !== '' && existsSync(f));
      if (files.length === 0) throw new ClusterAccessError(`$KUBECONFIG (${choice.env.KUBECONFIG ?? ''}) names no existing file`);
      const [first, ...rest] = files as [string, ...string[]];
      kc.loadFromFile(first);
      for (const file of rest) {
        const other = new KubeConfig();
        other.loadFromFile(file);
        kc.mergeConfig(other, true);
      }
      from = files.join(delimiter);
    } else if (existsSync(join(choice.home ?? homedir(), '.kube', 'config'))) {
      from = join(choice.home ?? homedir(), '.kube', 'config');
      kc.loadFromFile(from);
    } else if (existsSync(SERVICE_ACCOUNT_TOKEN) && (choice.env.KUBERNETES_SERVICE_HOST ?? '') !== '') {
      kc.loadFromCluster();
      from = 'the in-cluster service account';
    } else {
      throw new ClusterAccessError(
        'no cluster configured: no --kubeconfig, no $KUBECONFIG, no ~/.kube/config and no in-cluster service account; pass --kubeconfig FILE, or --snapshot PATH to read files',
      );
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ClusterAccessError) throw error;
    throw new UsageError(`cannot load the kubeconfig: ${error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error)}`);
  }

  if (choice.context !== undefined) {
    const names = kc.getContexts().map((c) => c.name);
    if (!names.includes(choice.context)) {
      throw new UsageError(`--context ${choice.context}: no such context in ${from}${names.length > 0 ? ` (contexts: ${names.join(', ')})` : ''}`);
    }
    kc.setCurrentContext(choice.context);
  }
  const context = kc.getCurrentContext();
  const cluster = kc.getCurrentCluster();
  if (context === '' || cluster === null) {
    throw new ClusterAccessError(`${from} has no current context with a cluster: pass --context NAME`);
  }
  return { kubeConfig: kc, context, server: cluster.server, from };
}
