/**
 * The latent exposure behind the seed incident, as data: a workload whose pods mount a volume served by
 * in-cluster pods behind a Service, with no anti-affinity rule on either side keeping them on different
 * nodes. Shared by the missing-anti-affinity check and the fix builders, so both see the same set.
 */
import type { Pod } from '../kube/types.ts';
import { keptApart } from '../model/affinity.ts';
import type { Model } from '../model/model.ts';
import { refOf, type ObjectRef } from '../model/refs.ts';
import type { DataPath } from '../model/datapath/types.ts';
import { serviceFrontedVolumes } from './service-fronted-volumes.ts';

export interface Exposure {
  /** The top-level workload of the consumer pod (the pod itself when bare). */
  workload: ObjectRef;
  /** One consumer pod of that workload (the first seen), the evidence that it mounts the volume. */
  consumer: Pod;
  /** The volume's data path (PV, Service, serving pods). */
  path: DataPath;
  /** Serving pods that nothing keeps off the consumer's node. */
  unprotectedTargets: Pod[];
  /** Serving pods already kept apart by a rule on either side. */
  protectedTargets: Pod[];
}

/** `kind/ns/name/pv`: one exposure per workload and volume, however many replicas the workload has. */
function exposureKey(workload: ObjectRef, path: DataPath): string {
  return `${workload.kind}/${workload.namespace ?? ''}/${workload.name}/${path.persistentVolume?.name ?? path.volume}`;
}

/** Every workload × Service-fronted volume, with which serving pods are and are not kept apart from it. */
export function serviceVolumeExposures(model: Model): Exposure[] {
  const byKey = new Map<string, Exposure>();
  for (const { consumer, path } of serviceFrontedVolumes(model)) {
    const workload = model.workloadOf(consumer) ?? refOf(consumer);
    const key = exposureKey(workload, path);
    if (byKey.has(key)) continue;
    const unprotectedTargets: Pod[] = [];
    const protectedTargets: Pod[] = [];
    for (const sp of path.servingPods) {
      const target = model.resolveAs('Pod', sp.ref);
      if (target === undefined) continue;
      (keptApart(model, consumer, target) === undefined ? unprotectedTargets : protectedTargets).push(target);
    }
    byKey.set(key, { workload, consumer, path, unprotectedTargets, protectedTargets });
  }
  return [...byKey.values()];
}

/** The exposures with at least one serving pod that nothing keeps apart from the consumer. */
export function unprotectedExposures(model: Model): Exposure[] {
  return serviceVolumeExposures(model).filter((e) => e.unprotectedTargets.length > 0);
}
