/** Replicas behind a target, found by the labels the storage engines put on them (reference §1–3). */
import type { Pod } from '../../kube/types.ts';
import { list, stringMap, text } from '../../kube/read.ts';
import { isPodReady, podNode, restartCount } from '../../kube/pod.ts';
import { refOf } from '../refs.ts';
import type { Model } from '../model.ts';
import type { DataPath, Replica } from './types.ts';
import { cstorReplicasOf } from '../storage-crs.ts';

// Jiva legacy replicas carry `openebs.io/replica: jiva-replica`; Jiva CSI replicas `openebs.io/component: jiva-replica`.
function isJivaReplica(pod: Pod): boolean {
  const labels = pod.metadata.labels ?? {};
  return labels['openebs.io/replica'] === 'jiva-replica' || labels['openebs.io/component'] === 'jiva-replica';
}

function replicaOf(pod: Pod): Replica {
  const r: Replica = { ref: refOf(pod), ready: isPodReady(pod), restarts: restartCount(pod) };
  const node = podNode(pod);
  if (node !== undefined) r.node = node;
  const phase = text(pod.status?.phase);
  if (phase !== undefined) r.phase = phase;
  return r;
}

/** Jiva replica pods of a PV, and the replication factor the controller was started with. */
export function attachJivaReplicas(model: Model, path: DataPath, pvName: string): void {
  const servingUids = new Set(path.servingPods.map((p) => p.ref.uid));
  const pods = model.podsWithLabel('openebs.io/persistent-volume', pvName).filter((p) => isJivaReplica(p) && !servingUids.has(p.metadata.uid));
  path.replicas.push(...pods.map(replicaOf));
  if (pods.length > 0) path.trace.push(`${pods.length} Jiva replica pod(s) carry openebs.io/persistent-volume=${pvName}`);
  // The controller is started with REPLICATION_FACTOR; it is the quorum's denominator, not the replicas we happen to see.
  for (const sp of path.servingPods) {
    const pod = model.resolveAs('Pod', sp.ref);
    for (const c of list(pod?.spec?.containers)) {
      for (const env of list(c.env)) {
        if (env.name === 'REPLICATION_FACTOR' && text(env.value) !== undefined && Number.isInteger(Number(env.value))) {
          path.replicationFactor = Number(env.value);
        }
      }
    }
  }
  if (path.replicationFactor === undefined && pods.length > 0) {
    // Legacy Jiva ≥ 1.9 makes one Deployment per replica (`-rep-N`); their count is the factor even when a pod is missing.
    const owners = new Set<string>();
    for (const pod of pods) {
      const w = model.workloadOf(pod);
      if (w !== undefined) owners.add(`${w.kind}/${w.name}`);
    }
    const statefulSetReplicas = pods
      .map((p) => model.workloadObject(p))
      .find((w) => w?.kind === 'StatefulSet')?.spec?.replicas;
    path.replicationFactor = typeof statefulSetReplicas === 'number' ? statefulSetReplicas : Math.max(owners.size, pods.length);
  }
}

/** cStor replicas are CStorVolumeReplica objects, not pods: their phase is their health. */
export function attachCStorReplicas(model: Model, path: DataPath, pvName: string): void {
  const cvrs = cstorReplicasOf(model, pvName);
  for (const cvr of cvrs) {
    const status = cvr.status as { phase?: unknown } | undefined;
    const phase = text(status?.phase);
    const r: Replica = { ref: refOf(cvr), ready: phase === 'Healthy', restarts: 0 };
    if (phase !== undefined) {
      r.phase = phase;
      r.mode = phase;
    }
    const host = stringMap(cvr.metadata.annotations)['cstorpoolinstance.openebs.io/hostname'];
    if (host !== undefined) r.node = host;
    path.replicas.push(r);
  }
  if (cvrs.length > 0) path.trace.push(`${cvrs.length} CStorVolumeReplica(s) belong to ${pvName}`);
}
