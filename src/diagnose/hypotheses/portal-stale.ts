/**
 * portal-stale: the PV's portal address matches no current Service ClusterIP, e.g. the target Service
 * was recreated with a new IP while legacy Jiva froze the old one into the PV (reference §1).
 */
import type { Service } from '../../kube/types.ts';
import { describeRef, refOf } from '../../model/refs.ts';
import { absenceEvidence, eventEvidence, inference, objectEvidence } from '../evidence.ts';
import { formerClusterIp } from './cluster-ranges.ts';
import type { Assessment, Hypothesis, PodContext } from '../types.ts';
import { connectionFailures, failuresByPath, mountFailureStep } from './connection-failures.ts';

/** Services labelled for this PV (OpenEBS labels every per-volume Service with openebs.io/persistent-volume). */
function servicesForVolume(ctx: PodContext, pvName: string): Service[] {
  return ctx.model.services.filter((s) => s.metadata.labels?.['openebs.io/persistent-volume'] === pvName);
}

function assess(ctx: PodContext): Assessment | undefined {
  const now = ctx.model.now;
  let result: Assessment | undefined;
  for (const [path, failures] of failuresByPath(connectionFailures(ctx))) {
    if (path?.portal === undefined) continue;
    const latest = failures[failures.length - 1];
    const evidenceFor = latest !== undefined ? [eventEvidence(latest.event, now)] : [];
    const portal = path.portal;
    if (portal.kind === 'service-cluster-ip' && path.service !== undefined) {
      result ??= {
        verdict: 'ruled-out',
        score: 0,
        summary: `The portal ${portal.address} is the current ClusterIP of ${describeRef(path.service.ref)}.`,
        evidenceFor,
        evidenceAgainst: [objectEvidence(path.service.ref, `${describeRef(path.service.ref)} owns ClusterIP ${portal.host}`)],
        nextSteps: [],
      };
      continue;
    }
    if (portal.kind !== 'external') continue;
    if (ctx.model.kindCoverage('Service') !== 'read') {
      // The engine adds the gap for the unread Service kind (a need of this hypothesis).
      return { verdict: 'possible', score: 0.3, summary: `Services were not read, so whether ${portal.address} is still a Service ClusterIP is unknown.`, evidenceFor, evidenceAgainst: [], nextSteps: [`\`kubectl get svc -A -o wide | grep ${portal.host}\``] };
    }
    const former = formerClusterIp(ctx.model, portal.host);
    if (former.verdict === 'no') {
      // A recreated Service gets its new IP from the same range as the old one; an address outside that range never was a ClusterIP here.
      result = {
        verdict: 'ruled-out',
        score: 0,
        summary: `The portal ${portal.address} cannot have been a Service ClusterIP of this cluster: it lies outside the widest Service range around the current ClusterIPs.`,
        evidenceFor,
        evidenceAgainst: [
          inference(`No current ClusterIP (e.g. ${former.sample}) shares a ${former.window} with ${portal.host}, and kube-apiserver accepts no Service range wider than ${former.window}; only a renumbered or added Service CIDR would make it a former ClusterIP`),
        ],
        nextSteps: [],
      };
      continue;
    }
    evidenceFor.push(absenceEvidence(`No Service, pod or node in the cluster has the address ${portal.host}`));
    const pvName = path.persistentVolume?.name;
    const current = pvName !== undefined ? servicesForVolume(ctx, pvName) : [];
    const moved = current.find((s) => s.spec?.clusterIP !== undefined && s.spec.clusterIP !== portal.host);
    if (moved !== undefined) {
      evidenceFor.push(objectEvidence(refOf(moved), `${describeRef(refOf(moved))}, labelled for ${pvName ?? ''}, now has ClusterIP ${moved.spec?.clusterIP ?? ''}`));
      return {
        verdict: 'likely',
        score: 0.9,
        summary: `The PV still points at ${portal.address}, but the volume's Service ${describeRef(refOf(moved))} now has ClusterIP ${moved.spec?.clusterIP ?? ''}: the portal is stale.`,
        evidenceFor,
        evidenceAgainst: [],
        nextSteps: [
          `Recreate the Service with its old ClusterIP (spec.clusterIP: ${portal.host}) if that IP is free, or re-point PersistentVolume ${pvName ?? ''} at ${moved.spec?.clusterIP ?? ''}:3260 (PVs are immutable: this needs a new PV bound to the same claim).`,
        ],
      };
    }
    return {
      verdict: path.engine !== undefined ? 'likely' : 'possible',
      score: path.engine !== undefined ? 0.6 : 0.35,
      summary: `The portal ${portal.address} matches no Service ClusterIP in the cluster${path.engine !== undefined ? `, although the ${path.engine} target is normally reached through one` : ''}.`,
      evidenceFor,
      evidenceAgainst: [],
      nextSteps: [`Find the target's Service and compare its ClusterIP with ${portal.address}: \`kubectl get svc -A -l openebs.io/persistent-volume=${pvName ?? '<pv>'} -o wide\`.`],
    };
  }
  return result;
}

export const portalStale: Hypothesis = {
  id: 'portal-stale',
  title: 'The volume points at a portal address no Service owns any more',
  needs: ['Service', 'Pod', 'Event'],
  reads: ['PersistentVolume', 'Node'],
  assess,
  explain(ctx, assessment) {
    if (assessment.verdict === 'ruled-out') return [];
    return [mountFailureStep(ctx, connectionFailures(ctx)), { question: 'How could the portal not answer?', answer: assessment.summary, evidence: assessment.evidenceFor.slice(1) }];
  },
};
