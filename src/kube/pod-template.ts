/** Where each workload kind keeps its pod template, and reading the pod spec out of it. */
import type { PodSpec } from './types.ts';

/** The path to the pod spec inside each workload kind. */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** The pod spec inside a workload object, or undefined for other kinds and malformed objects. */
export function templateSpecOf(obj: { kind: string; [k: string]: unknown }): PodSpec | undefined {
  const path = POD_SPEC_PATHS[obj.kind];
  if (path === undefined) return undefined;
  let at: unknown = obj;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at !== null && typeof at === 'object' ? at : undefined;
}
