/**
 * The cluster-wide read for audit and collect: every kind the analysis uses, listed page by page
 * (`limit`/`continue`) with a bounded number of lists in flight. Pages go either into the reader's
 * store (audit) or straight to a callback that writes them out (collect), so memory stays flat.
 */
import type { KubeObject } from '../types.ts';
import { asKubeObject } from './object-store.ts';
import type { LiveReader } from './reader.ts';
import { STORAGE_CUSTOM_KINDS, type ResourceType } from './resources.ts';

/** The resources a cluster-wide read lists, by kubehow's name, in the order they are read. Never Secrets. */
export const CLUSTER_RESOURCES = [
  'Namespace',
  'Node',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'StorageClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'Service',
  'Endpoints',
  'EndpointSlice',
  'NetworkPolicy',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'Pod',
  'ConfigMap',
  ...STORAGE_CUSTOM_KINDS.map((k) => k.kind),
  'Event',
] as const;

/** Progress of one list: called after each page and once when the list ends. */
export interface ListProgress {
  resource: ResourceType;
  namespace: string | undefined;
  /** Objects read so far by this list. */
  count: number;
  done: boolean;
}

/** Options of {@link readCluster}. */
export interface ClusterReadOptions {
  /** Restrict namespaced kinds to these namespaces (cluster-scoped kinds are read whole). */
  namespaces?: readonly string[] | undefined;
  /** Lists in flight at once (default 4): polite to the API server, fast enough on a big cluster. */
  concurrency?: number;
  /** Page size (default 500). */
  pageSize?: number;
  /** When set, each page is handed here and not kept in memory. */
  onPage?: (resource: ResourceType, namespace: string | undefined, objects: KubeObject[]) => Promise<void> | void;
  onProgress?: (progress: ListProgress) => void;
  /** Read only these resources of CLUSTER_RESOURCES (by kubehow's name). */
  only?: readonly string[];
  /** Skip these resources. */
  except?: readonly string[];
}

interface ListJob {
  name: string;
  resource: ResourceType;
  namespace: string | undefined;
}

/** Lists every resource of CLUSTER_RESOURCES the server serves; refusals become notes in the reader's store. */
export async function readCluster(reader: LiveReader, options: ClusterReadOptions = {}): Promise<void> {
  const jobs: ListJob[] = [];
  for (const name of CLUSTER_RESOURCES) {
    if (options.only !== undefined && !options.only.includes(name)) continue;
    if (options.except?.includes(name) === true) continue;
    const resource = reader.resource(name);
    if (resource === undefined) continue;
    if (resource.namespaced && options.namespaces !== undefined) {
      for (const namespace of options.namespaces) jobs.push({ name, resource, namespace });
    } else {
      jobs.push({ name, resource, namespace: undefined });
    }
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next];
      next += 1;
      if (job !== undefined) await listJob(reader, job, options);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
}

/** Lists one resource (in one namespace); true when every page was read. */
async function listJob(reader: LiveReader, job: ListJob, options: ClusterReadOptions): Promise<boolean> {
  let count = 0;
  const refusal = await reader.api.listPages(
    job.resource,
    { ...(job.namespace !== undefined ? { namespace: job.namespace } : {}), ...(options.pageSize !== undefined ? { limit: options.pageSize } : {}) },
    async (page) => {
      const objects: KubeObject[] = [];
      for (const item of page.items) {
        const object = asKubeObject(item, job.resource);
        if (object !== undefined) objects.push(object);
      }
      count += objects.length;
      if (options.onPage !== undefined) await options.onPage(job.resource, job.namespace, objects);
      else for (const o of objects) reader.store.add(o);
      options.onProgress?.({ resource: job.resource, namespace: job.namespace, count, done: false });
    },
  );
  if (refusal === undefined) {
    reader.store.kindsRead.add(job.resource.kind);
  } else {
    // Core events forbidden: the same events may be readable through events.k8s.io (a separate RBAC resource).
    const fallback = reader.resource('EventsV1');
    if (job.name === 'Event' && refusal.status === 403 && fallback !== undefined) {
      if (await listJob(reader, { name: 'EventsV1', resource: fallback, namespace: job.namespace }, options)) {
        reader.store.note({ kind: 'skipped', message: `core/v1 events${job.namespace !== undefined ? ` in namespace ${job.namespace}` : ''} are forbidden; read the same events through events.k8s.io/v1 instead` });
        return true;
      }
    }
    reader.refused(job.resource, job.namespace, refusal);
  }
  options.onProgress?.({ resource: job.resource, namespace: job.namespace, count, done: true });
  return refusal === undefined;
}
