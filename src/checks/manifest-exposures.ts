/**
 * missing-anti-affinity for workloads as declared in a repository: each manifest's claims are followed
 * through the cluster (PVC → PV → portal → Service → serving pods) and its pod template is tested against
 * every serving pod, exactly as a pod created from it would be. Pure.
 */
import type { Pod } from '../kube/types.ts';
import { list } from '../kube/read.ts';
import type { Model } from '../model/model.ts';
import { keptApart } from '../model/affinity.ts';
import { resolveVolume } from '../model/datapath/resolve.ts';
import { describeRef, refOf, type ObjectRef } from '../model/refs.ts';
import { absenceEvidence, eventEvidence } from '../diagnose/evidence.ts';
import { templateSpecOf } from '../kube/pod-template.ts';
import type { ManifestWorkload } from '../sources/manifests/parse-manifests.ts';
import type { Finding } from './types.ts';
import { hairpinSightings } from './hairpin-sightings.ts';

/** A pod as the workload would create it: the template's labels and spec, in the manifest's namespace. */
function podFromTemplate(w: ManifestWorkload, namespace: string): Pod | undefined {
  const spec = templateSpecOf({ ...w.object, kind: w.kind });
  if (spec === undefined) return undefined;
  const templatePath = w.kind === 'CronJob' ? (w.object.spec as { jobTemplate?: { spec?: { template?: { metadata?: { labels?: Record<string, string> } } } } } | undefined)?.jobTemplate?.spec?.template : (w.object.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)?.template;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: w.name, namespace, labels: { ...(templatePath?.metadata?.labels ?? {}) } }, spec };
}

/** Findings for the manifests whose pods would mount a Service-fronted volume with nothing keeping them off its target's node. */
export function manifestExposures(model: Model, workloads: readonly ManifestWorkload[], defaultNamespace = 'default'): { findings: Finding[]; notes: string[] } {
  const findings: Finding[] = [];
  const notes: string[] = [];
  const sighting = hairpinSightings(model)[0];
  for (const w of workloads) {
    const namespace = w.namespace ?? defaultNamespace;
    const pod = podFromTemplate(w, namespace);
    if (pod === undefined) continue;
    const subject: ObjectRef = { kind: w.kind, namespace, name: w.name };
    for (const volume of list(pod.spec?.volumes)) {
      const path = resolveVolume(model, pod, volume);
      if (path === undefined) continue;
      if (path.gaps.length > 0 && path.servingPods.length === 0) {
        if (path.claim !== undefined) notes.push(`${w.file}: ${describeRef(subject)} volume "${path.volume}": ${path.gaps.join('; ')}`);
        continue;
      }
      const fronted = path.portal?.kind === 'service-cluster-ip' || path.portal?.kind === 'service-dns-name';
      if (!fronted) continue;
      const targets = path.servingPods.map((sp) => model.resolveAs('Pod', sp.ref)).filter((p): p is Pod => p !== undefined);
      const unprotected = targets.filter((t) => keptApart(model, pod, t) === undefined);
      if (unprotected.length === 0) continue;
      const refs = unprotected.map(refOf);
      const evidence = [absenceEvidence(`the pod template in ${w.file}:${w.line} has no podAntiAffinity term (topologyKey kubernetes.io/hostname) selecting ${refs.map(describeRef).join(', ')}`), ...refs.map((r) => absenceEvidence(`${describeRef(r)} has no podAntiAffinity term selecting this workload's pods`, r))];
      if (sighting !== undefined) evidence.push(eventEvidence(sighting.event, model.now, `a hairpin failure has been seen in this cluster: the kubelet on ${sighting.node} could not reach ${sighting.portal}, served from ${sighting.node} itself`));
      findings.push({
        id: 'missing-anti-affinity',
        severity: sighting !== undefined ? 'high' : 'warning',
        title: 'No anti-affinity between consumer and storage target',
        summary: `${describeRef(subject)} (${w.file}:${w.line}) mounts ${path.persistentVolume?.name ?? path.volume}, served by ${refs.map(describeRef).join(', ')} through ${path.service !== undefined ? describeRef(path.service.ref) : 'a Service'}; nothing keeps its pods off that node.`,
        subject,
        related: [...refs, ...(path.service !== undefined ? [path.service.ref] : [])],
        evidence,
        location: { file: w.file, line: w.line, column: w.column },
      });
    }
  }
  return { findings, notes };
}
