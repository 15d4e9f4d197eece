/** The live source: a kubeconfig context → a ClusterState, read around one pod or across the cluster. */
import type { ClusterState } from '../types.ts';
import { ClusterAccessError } from '../../errors.ts';
import { KubeApi } from './api-client.ts';
import { discover } from './discovery.ts';
import { loadKubeConfig } from './kubeconfig.ts';
import { readAroundPod, readWorkloadPods } from './pod-read.ts';
import { readCluster, type ClusterReadOptions } from './cluster-read.ts';
import { LiveReader } from './reader.ts';

/** What to read: around one pod (requests independent of cluster size) or the whole cluster. */
export type LiveRequest =
  | { scope: 'pod'; namespace: string; name: string }
  | { scope: 'cluster'; namespaces?: readonly string[] | undefined };

/** How to reach the cluster, and the edges injected for tests. */
export interface LiveOptions {
  kubeconfig?: string | undefined;
  context?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  home?: string;
  /** The clock that stamps `observedAt` (default Date.now). */
  clock?: () => number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Progress of cluster-wide lists (collect prints it on stderr). */
  onProgress?: ClusterReadOptions['onProgress'];
}

/** A connected, discovered reader. */
export interface LiveConnection {
  reader: LiveReader;
  api: KubeApi;
  context: string;
  server: string;
  /** Requests made so far. */
  requests(): number;
}

/** Loads the kubeconfig, checks the server answers (`/version`: a 401 or an unreachable server ends here), and discovers its API. */
export async function connect(options: LiveOptions): Promise<LiveConnection & { serverVersion: string | undefined }> {
  const chosen = loadKubeConfig({ kubeconfig: options.kubeconfig, context: options.context, env: options.env, ...(options.home !== undefined ? { home: options.home } : {}) });
  let requests = 0;
  const api = new KubeApi({
    kubeConfig: chosen.kubeConfig,
    context: chosen.context,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.sleep !== undefined ? { sleep: options.sleep } : {}),
    onRequest: () => {
      requests += 1;
    },
  });
  const [version, catalog] = await Promise.all([api.getJson('/version'), discover(api)]);
  const serverVersion = version.ok && typeof version.value.gitVersion === 'string' ? version.value.gitVersion : undefined;
  return { reader: new LiveReader(api, catalog), api, context: chosen.context, server: api.server, serverVersion, requests: () => requests };
}

/** Reads a live cluster into a ClusterState. */
export async function readLive(options: LiveOptions, request: LiveRequest): Promise<ClusterState> {
  const connection = await connect(options);
  const { reader } = connection;
  if (request.scope === 'pod') {
    await readPodScope(reader, request.namespace, request.name);
    reader.store.note({
      kind: 'skipped',
      message: `the rest of the cluster: a live diagnose reads only the objects around pod ${request.namespace}/${request.name} (${connection.requests()} API requests), so "Also found" covers those objects; \`kubehow audit\` checks every workload`,
    });
  } else {
    await readCluster(reader, { namespaces: request.namespaces, ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}) });
  }
  const now = (options.clock ?? Date.now)();
  return {
    objects: reader.store.byKind(),
    observedAt: new Date(now).toISOString(),
    nowSource: 'clock',
    notes: reader.store.notes,
    origin: { type: 'live', context: connection.context, server: connection.server },
    kindsRead: reader.store.kindsRead,
  };
}

async function readPodScope(reader: LiveReader, namespace: string, name: string): Promise<void> {
  if (await readAroundPod(reader, namespace, name)) return;
  const podResource = reader.resource('Pod');
  if (podResource !== undefined && reader.store.notes.some((n) => n.kind === 'forbidden' && n.resource === 'Pod')) {
    throw new ClusterAccessError(`cannot read pod ${namespace}/${name} on ${reader.api.server} (context "${reader.api.context}"): forbidden; kubehow needs get/list on pods (deploy/rbac-readonly.yaml)`);
  }
  if (reader.store.notes.some((n) => n.kind === 'unavailable' && n.resource === 'Pod')) {
    throw new ClusterAccessError(`cannot read pod ${namespace}/${name}: the API server ${reader.api.server} (context "${reader.api.context}") kept failing`);
  }
  const pods = await readWorkloadPods(reader, namespace, name);
  const only = pods[0];
  if (pods.length === 1 && only !== undefined) {
    await readAroundPod(reader, namespace, only.metadata.name);
    return;
  }
  // Not a pod and not a one-pod workload: read the namespace's pods so the error can list them.
  if (pods.length === 0) await reader.list('Pod', { namespace });
}
