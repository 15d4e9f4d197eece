/**
 * missing-anti-affinity: a workload consuming a Service-fronted volume has no rule that keeps it off its
 * target's node, and the target has none either: the seed incident's latent, cluster-wide exposure.
 */
import { keptApart } from '../model/affinity.ts';
import { describeRef, refOf, type ObjectRef } from '../model/refs.ts';
import { absenceEvidence } from '../diagnose/evidence.ts';
import type { Check, Finding } from './types.ts';
import { serviceFrontedVolumes } from './service-fronted-volumes.ts';

export const missingAntiAffinity: Check = {
  id: 'missing-anti-affinity',
  title: 'Workloads that nothing keeps off their storage target\'s node',
  needs: ['Pod', 'PersistentVolumeClaim', 'PersistentVolume', 'Service', 'EndpointSlice', 'Endpoints', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  run(model) {
    const byWorkload = new Map<string, Finding>();
    for (const { consumer, path } of serviceFrontedVolumes(model)) {
      const unprotected: ObjectRef[] = [];
      for (const sp of path.servingPods) {
        const target = model.resolveAs('Pod', sp.ref);
        if (target === undefined) continue;
        if (keptApart(model, consumer, target) === undefined) unprotected.push(sp.ref);
      }
      if (unprotected.length === 0) continue;
      const workload = model.workloadOf(consumer) ?? refOf(consumer);
      const key = `${workload.kind}/${workload.namespace ?? ''}/${workload.name}/${path.persistentVolume?.name ?? path.volume}`;
      if (byWorkload.has(key)) continue;
      const targetWorkloads = unprotected.map((r) => {
        const pod = model.resolveAs('Pod', r);
        return (pod !== undefined ? model.workloadOf(pod) : undefined) ?? r;
      });
      byWorkload.set(key, {
        id: 'missing-anti-affinity',
        severity: 'warning',
        title: 'No anti-affinity between consumer and storage target',
        summary: `${describeRef(workload)} mounts ${path.persistentVolume?.name ?? path.volume}, served by ${targetWorkloads.map(describeRef).join(', ')} through ${path.service !== undefined ? describeRef(path.service.ref) : 'a Service'}; neither side has a pod anti-affinity keeping them on different nodes, so any reschedule can co-locate them.`,
        subject: workload,
        related: [refOf(consumer), ...unprotected, ...(path.service !== undefined ? [path.service.ref] : [])],
        evidence: [
          absenceEvidence(`${describeRef(refOf(consumer))} has no podAntiAffinity term (topologyKey kubernetes.io/hostname) selecting ${unprotected.map(describeRef).join(', ')}`, refOf(consumer)),
          ...unprotected.map((r) => absenceEvidence(`${describeRef(r)} has no podAntiAffinity term selecting ${describeRef(refOf(consumer))}`, r)),
        ],
      });
    }
    return [...byWorkload.values()];
  },
};
