/** Finds the pod a user named: exactly `namespace/name`, or the only pod of a workload with that name. */
import type { Pod } from '../kube/types.ts';
import type { Model } from '../model/model.ts';
import { UsageError, InputError } from '../errors.ts';

export interface PodTarget {
  namespace: string;
  name: string;
}

/** Parses `ns/pod`, `pod` (with -n), or `pod/name` style arguments. */
export function parsePodArgument(arg: string, namespace: string | undefined): PodTarget {
  const trimmed = arg.trim().replace(/^pods?\//, '');
  const parts = trimmed.split('/');
  if (parts.length === 2 && parts[0] !== undefined && parts[1] !== undefined && parts[0] !== '' && parts[1] !== '') {
    if (namespace !== undefined && namespace !== parts[0]) throw new UsageError(`"${arg}" names namespace ${parts[0]}, but -n says ${namespace}`);
    return { namespace: parts[0], name: parts[1] };
  }
  if (parts.length === 1 && trimmed !== '') return { namespace: namespace ?? 'default', name: trimmed };
  throw new UsageError(`expected <namespace>/<pod> (or <pod> with -n <namespace>), got "${arg}"`);
}

export interface FoundPod {
  pod: Pod;
  /** The workload the pod was chosen from, when the user named a workload rather than a pod. */
  resolvedFrom?: string;
}

export function findPod(model: Model, target: PodTarget): FoundPod {
  const exact = model.pod(target.namespace, target.name);
  if (exact !== undefined) return { pod: exact };
  const inNamespace = model.podsInNamespace(target.namespace);
  // A pod's name changes with every reschedule; at 3 a.m. people type the workload's name.
  const ofWorkload = inNamespace.filter((p) => model.workloadOf(p)?.name === target.name);
  if (ofWorkload.length === 1 && ofWorkload[0] !== undefined) {
    const w = model.workloadOf(ofWorkload[0]);
    return { pod: ofWorkload[0], resolvedFrom: `${w?.kind ?? 'workload'} ${target.namespace}/${target.name}` };
  }
  if (ofWorkload.length > 1) {
    throw new InputError(`${target.namespace}/${target.name} names a workload with ${ofWorkload.length} pods; pick one: ${ofWorkload.map((p) => p.metadata.name).join(', ')}`);
  }
  if (inNamespace.length === 0) {
    const namespaces = [...new Set(model.pods.map((p) => p.metadata.namespace ?? ''))].sort();
    throw new InputError(`no pods in namespace "${target.namespace}"${namespaces.length > 0 ? `; namespaces with pods: ${namespaces.join(', ')}` : '; the input holds no pods at all'}`);
  }
  const names = inNamespace.map((p) => p.metadata.name).sort();
  const shown = names.slice(0, 10).join(', ');
  throw new InputError(`pod ${target.namespace}/${target.name} not found; pods in ${target.namespace}: ${shown}${names.length > 10 ? `, … (${names.length} in all)` : ''}`);
}
