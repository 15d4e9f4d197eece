/**
 * target-not-ready: a storage target (the pod behind the Service a volume is reached through: a Jiva
 * controller, a cStor target, an in-cluster NFS server) has no ready backend while pods depend on it.
 * Same id and meaning as the hypothesis: this is the cluster-wide view of it, one finding per target,
 * so the watcher can alert before (or while) its consumers fail to mount.
 */
import type { Pod } from '../kube/types.ts';
import { isPodReady, waitingReason } from '../kube/pod.ts';
import { text } from '../kube/read.ts';
import { describeRef, keyOf, refOf, type ObjectRef } from '../model/refs.ts';
import { clusterDataPaths } from '../model/cluster-paths.ts';
import type { DataPath } from '../model/datapath/types.ts';
import { absenceEvidence, describeServingPod, objectEvidence } from '../diagnose/evidence.ts';
import type { Evidence } from '../diagnose/types.ts';
import type { Check, Finding } from './types.ts';

interface Target {
  service: ObjectRef;
  path: DataPath;
  consumers: Pod[];
}

/** Targets reached through a Service, with the live pods that mount a volume from each. */
function targetsWithConsumers(paths: ReadonlyMap<Pod, readonly DataPath[]>): Target[] {
  const targets = new Map<string, Target>();
  for (const [consumer, podPaths] of paths) {
    const phase = text(consumer.status?.phase);
    if (phase === 'Succeeded' || phase === 'Failed' || consumer.metadata.deletionTimestamp !== undefined) continue;
    for (const path of podPaths) {
      const kind = path.portal?.kind;
      if ((kind !== 'service-cluster-ip' && kind !== 'service-dns-name') || path.service === undefined) continue;
      const key = keyOf('Service', path.service.ref.namespace, path.service.ref.name);
      const target = targets.get(key);
      if (target === undefined) targets.set(key, { service: path.service.ref, path, consumers: [consumer] });
      else if (!target.consumers.includes(consumer)) target.consumers.push(consumer);
    }
  }
  return [...targets.values()];
}

/** Why the target cannot serve now, as evidence; empty when at least one backend is ready and in the endpoints. */
function notReadyEvidence(path: DataPath, now: number): Evidence[] {
  const name = path.service !== undefined ? describeRef(path.service.ref) : 'the Service';
  const serving = path.servingPods;
  const usable = serving.filter((sp) => sp.ready && !sp.crashLooping && sp.readyEndpoint !== false);
  if (serving.length === 0) return [absenceEvidence(`No pod matches the selector of ${name}${path.endpointsKnown ? ` and it has ${path.readyEndpoints} ready endpoints` : ''}`, path.service?.ref)];
  if (usable.length > 0 && (!path.endpointsKnown || path.readyEndpoints > 0)) return [];
  const out: Evidence[] = serving.map((sp) => objectEvidence(sp.ref, `${describeRef(sp.ref)} on ${sp.node ?? '(unscheduled)'} is ${describeServingPod(sp, now)}${sp.readyEndpoint === false ? `, not a ready endpoint of ${name}` : ''}`, sp.runningSince));
  if (path.endpointsKnown && path.readyEndpoints === 0) out.push(absenceEvidence(`${name} has no ready endpoint`, path.service?.ref));
  return out;
}

export const targetNotReady: Check = {
  id: 'target-not-ready',
  title: 'Storage targets with consumers and no ready backend',
  needs: ['Pod', 'PersistentVolumeClaim', 'PersistentVolume', 'Service', 'EndpointSlice', 'Endpoints'],
  run(model) {
    const out: Finding[] = [];
    for (const target of targetsWithConsumers(clusterDataPaths(model))) {
      const evidence = notReadyEvidence(target.path, model.now);
      if (evidence.length === 0) continue;
      // Waiting consumers first: the watcher attaches the diagnosis of the first related pod.
      const waiting = target.consumers.filter((p) => !isPodReady(p));
      const ordered = [...waiting, ...target.consumers.filter((p) => !waiting.includes(p))];
      const volume = target.path.persistentVolume?.name ?? target.path.volume;
      const first = ordered[0];
      const who = ordered.length === 1 && first !== undefined ? describeRef(refOf(first)) : `${ordered.length} pods`;
      const firstWaiting = waiting[0];
      const reason = firstWaiting !== undefined ? waitingReason(firstWaiting) : undefined;
      const waitingText = firstWaiting === undefined ? '' : `; ${waiting.length === 1 ? `${describeRef(refOf(firstWaiting))} is` : `${waiting.length} of them are`} not ready${reason !== undefined ? ` (${reason})` : ''}`;
      out.push({
        id: 'target-not-ready',
        // Consumers already failing make it an outage; running ones still hold their session, but their I/O has nowhere to go.
        severity: waiting.length > 0 ? 'critical' : 'high',
        title: 'Storage target not ready',
        summary: `${describeRef(target.service)} serves volume ${volume} to ${who} but has no ready backend${waitingText}.`,
        subject: target.service,
        related: [...ordered.map(refOf), ...target.path.servingPods.map((sp) => sp.ref)],
        evidence: [...evidence, ...ordered.slice(0, 3).map((p) => objectEvidence(refOf(p), `${describeRef(refOf(p))} mounts ${volume} through ${describeRef(target.service)}`))],
      });
    }
    return out;
  },
};
