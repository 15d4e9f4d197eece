/**
 * missing-anti-affinity: a workload consuming a Service-fronted volume has no rule that keeps it off its
 * target's node, and the target has none either: the seed incident's latent, cluster-wide exposure.
 * Severity: warning in theory; high once a hairpin failure has been seen in this cluster's events,
 * because the network is then known to break the co-located path.
 */
import { describeRef, refOf } from '../model/refs.ts';
import { absenceEvidence, eventEvidence } from '../diagnose/evidence.ts';
import type { Check, Finding } from './types.ts';
import { unprotectedExposures } from './exposures.ts';
import { hairpinSightings } from './hairpin-sightings.ts';

export const missingAntiAffinity: Check = {
  id: 'missing-anti-affinity',
  title: 'Workloads that nothing keeps off their storage target\'s node',
  needs: ['Pod', 'PersistentVolumeClaim', 'PersistentVolume', 'Service', 'EndpointSlice', 'Endpoints', 'Deployment', 'ReplicaSet', 'StatefulSet', 'Event'],
  run(model) {
    const sighting = hairpinSightings(model)[0];
    return unprotectedExposures(model).map(({ workload, consumer, path, unprotectedTargets }): Finding => {
      const unprotected = unprotectedTargets.map(refOf);
      const targetWorkloads = unprotectedTargets.map((pod) => model.workloadOf(pod) ?? refOf(pod));
      const evidence = [
        absenceEvidence(`${describeRef(refOf(consumer))} has no podAntiAffinity term (topologyKey kubernetes.io/hostname) selecting ${unprotected.map(describeRef).join(', ')}`, refOf(consumer)),
        ...unprotected.map((r) => absenceEvidence(`${describeRef(r)} has no podAntiAffinity term selecting ${describeRef(refOf(consumer))}`, r)),
      ];
      if (sighting !== undefined) {
        evidence.push(eventEvidence(sighting.event, model.now, `a hairpin failure has been seen in this cluster: the kubelet on ${sighting.node} could not reach ${sighting.portal}, served from ${sighting.node} itself`));
      }
      return {
        id: 'missing-anti-affinity',
        severity: sighting !== undefined ? 'high' : 'warning',
        title: 'No anti-affinity between consumer and storage target',
        summary: `${describeRef(workload)} mounts ${path.persistentVolume?.name ?? path.volume}, served by ${targetWorkloads.map(describeRef).join(', ')} through ${path.service !== undefined ? describeRef(path.service.ref) : 'a Service'}; neither side has a pod anti-affinity keeping them on different nodes, so any reschedule can co-locate them.`,
        subject: workload,
        related: [refOf(consumer), ...unprotected, ...(path.service !== undefined ? [path.service.ref] : [])],
        evidence,
      };
    });
  },
};
