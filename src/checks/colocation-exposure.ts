/** colocation-exposure: a consumer runs on the same node as the pod serving its volume through a Service (happening now). */
import { isPodReady, podNode, waitingReason } from '../kube/pod.ts';
import { describeRef, refOf } from '../model/refs.ts';
import { eventEvidence, objectEvidence } from '../diagnose/evidence.ts';
import { hairpinSightings } from './hairpin-sightings.ts';
import type { Check, Finding } from './types.ts';
import { serviceFrontedVolumes } from './service-fronted-volumes.ts';

export const colocationExposure: Check = {
  id: 'colocation-exposure',
  title: 'Consumers sharing a node with their storage target',
  needs: ['Pod', 'PersistentVolumeClaim', 'PersistentVolume', 'Service', 'EndpointSlice', 'Endpoints'],
  run(model) {
    const out: Finding[] = [];
    const sightings = hairpinSightings(model);
    for (const { consumer, path } of serviceFrontedVolumes(model)) {
      const node = podNode(consumer);
      if (node === undefined) continue;
      const local = path.servingPods.filter((p) => p.node === node);
      if (local.length === 0) continue;
      const ref = refOf(consumer);
      const workload = model.workloadOf(consumer);
      const waiting = waitingReason(consumer);
      const stuck = !isPodReady(consumer) && waiting !== undefined;
      const svc = path.service;
      // A hairpin failure already seen on this node means the co-located path is known to break here.
      const seenHere = sightings.filter((h) => h.node === node);
      out.push({
        id: 'colocation-exposure',
        severity: stuck || seenHere.length > 0 ? 'critical' : 'high',
        title: 'Consumer on its storage target\'s node',
        summary: `${describeRef(workload ?? ref)} runs on ${node}, the node of ${local.map((p) => describeRef(p.ref)).join(', ')}, which serves its volume ${path.persistentVolume?.name ?? path.volume} through ${svc !== undefined ? `the ClusterIP of ${describeRef(svc.ref)}` : 'a Service'}${stuck ? `; the pod is waiting (${waiting ?? ''})` : ''}.`,
        subject: workload ?? ref,
        node,
        related: [ref, ...local.map((p) => p.ref), ...(svc !== undefined ? [svc.ref] : [])],
        evidence: [
          objectEvidence(ref, `${describeRef(ref)} is on ${node}${waiting !== undefined ? `, waiting (${waiting})` : ''}`),
          ...local.map((p) => objectEvidence(p.ref, `${describeRef(p.ref)} serves ${path.persistentVolume?.name ?? path.volume} from ${node}`)),
          ...seenHere.slice(0, 1).map((h) => eventEvidence(h.event, model.now, `a hairpin failure has been seen on ${node}: its kubelet could not reach ${h.portal}, served from ${node} itself`)),
        ],
      });
    }
    return out;
  },
};
