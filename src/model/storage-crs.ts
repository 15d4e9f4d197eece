/**
 * The storage engines' custom resources indexed by the PV they belong to, built once per model, so that
 * resolving thousands of volumes never scans every JivaVolume, CStorVolume or CStorVolumeReplica per volume.
 */
import type { KubeObject } from '../sources/types.ts';
import type { CStorVolume, JivaVolume } from '../kube/types.ts';
import { stringMap, text } from '../kube/read.ts';
import type { Model } from './model.ts';
import { pushTo } from './multimap.ts';

interface StorageCrIndex {
  jiva: Map<string, JivaVolume>;
  cstor: Map<string, CStorVolume>;
  cstorReplicas: Map<string, KubeObject[]>;
}

const cache = new WeakMap<Model, StorageCrIndex>();

/** First one wins for each key, as the `find` it replaces did. */
function setFirst<V>(map: Map<string, V>, key: string | undefined, value: V): void {
  if (key !== undefined && !map.has(key)) map.set(key, value);
}

function indexOf(model: Model): StorageCrIndex {
  let idx = cache.get(model);
  if (idx !== undefined) return idx;
  idx = { jiva: new Map(), cstor: new Map(), cstorReplicas: new Map() };
  // A CR matches a PV by its persistent-volume label or its own field; both keys are indexed, in object order.
  for (const jv of model.jivaVolumes) {
    setFirst(idx.jiva, jv.metadata.labels?.['openebs.io/persistent-volume'], jv);
    setFirst(idx.jiva, text(jv.spec?.pv), jv);
  }
  for (const cv of model.cstorVolumes) {
    setFirst(idx.cstor, cv.metadata.name, cv);
    setFirst(idx.cstor, cv.metadata.labels?.['openebs.io/persistent-volume'], cv);
  }
  for (const cvr of model.all('CStorVolumeReplica')) {
    const labels = stringMap(cvr.metadata.labels);
    const keys = new Set([labels['cstorvolume.openebs.io/name'], labels['openebs.io/persistent-volume']].filter((k): k is string => k !== undefined));
    for (const k of keys) pushTo(idx.cstorReplicas, k, cvr);
  }
  cache.set(model, idx);
  return idx;
}

export function jivaVolumeOf(model: Model, pvName: string): JivaVolume | undefined {
  return indexOf(model).jiva.get(pvName);
}
export function cstorVolumeOf(model: Model, pvName: string): CStorVolume | undefined {
  return indexOf(model).cstor.get(pvName);
}
export function cstorReplicasOf(model: Model, pvName: string): readonly KubeObject[] {
  return indexOf(model).cstorReplicas.get(pvName) ?? [];
}
