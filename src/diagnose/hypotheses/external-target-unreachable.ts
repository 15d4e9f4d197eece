/**
 * external-target-unreachable: the node cannot reach a portal that is not in this cluster at all (a
 * NAS, a SAN, a storage VM): not a Service ClusterIP, not a pod or node address, and outside every pod
 * CIDR the nodes were given. kubehow cannot inspect such a target, so the verdict is at most `likely`.
 */
import { cidrContains } from '../../model/cidr.ts';
import { absenceEvidence, eventEvidence, gap, inference, objectEvidence } from '../evidence.ts';
import { strongest } from '../rank.ts';
import type { Assessment, Hypothesis, PodContext } from '../types.ts';
import { connectionFailures, failuresByPath, mountFailureStep } from './connection-failures.ts';
import { formerClusterIp, podCidrs } from './cluster-ranges.ts';

function assess(ctx: PodContext): Assessment | undefined {
  const now = ctx.model.now;
  const out: Assessment[] = [];
  for (const [path, failures] of failuresByPath(connectionFailures(ctx))) {
    const portal = path?.portal;
    if (path === undefined || portal === undefined) continue;
    const latest = failures[failures.length - 1];
    const evidenceFor = latest !== undefined ? [eventEvidence(latest.event, now)] : [];
    if (portal.kind !== 'external') {
      out.push({ verdict: 'ruled-out', score: 0, summary: `The portal ${portal.address} is inside the cluster (${portal.kind.replaceAll('-', ' ')}).`, evidenceFor, evidenceAgainst: [inference(path.trace.find((t) => t.includes(portal.address)) ?? `portal ${portal.address} resolves to a cluster object`)], nextSteps: [] });
      continue;
    }
    const inPodCidr = podCidrs(ctx.model).find((c) => cidrContains(c.cidr, portal.host));
    if (inPodCidr !== undefined) {
      out.push({
        verdict: 'ruled-out',
        score: 0,
        summary: `The portal ${portal.host} lies in the pod CIDR of ${inPodCidr.node}: it is a pod address (of a target that is gone), not an external target.`,
        evidenceFor,
        evidenceAgainst: [objectEvidence({ kind: 'Node', name: inPodCidr.node }, `Node ${inPodCidr.node} has podCIDR ${inPodCidr.cidr}, which contains ${portal.host}`)],
        nextSteps: [],
      });
      continue;
    }
    const evidenceAgainst = [gap('The target is outside the cluster: its state cannot be read, only inferred from the node\'s errors')];
    evidenceFor.push(absenceEvidence(`No Service ClusterIP, pod IP or node address in the cluster is ${portal.host}, and no node's pod CIDR contains it`));
    const former = formerClusterIp(ctx.model, portal.host);
    const near = former.verdict === 'possible' ? former : undefined;
    const inCluster = path.engine !== undefined || near !== undefined;
    if (path.engine !== undefined) evidenceAgainst.push(inference(`The volume is served by ${path.engine}, an in-cluster engine: a portal that matches nothing is more likely stale (portal-stale)`));
    if (near !== undefined) evidenceAgainst.push(inference(`Service ClusterIP ${near.near} is in the same ${near.window} as ${portal.host} (the widest Service range kube-apiserver accepts): the portal may be a former ClusterIP (portal-stale)`));
    const refused = failures.some((f) => f.refused);
    out.push({
      verdict: inCluster ? 'possible' : 'likely',
      score: inCluster ? 0.25 : 0.6,
      summary: `${ctx.node ?? 'The node'} cannot reach the storage target ${portal.address}, which is outside this cluster${refused ? ' (the connection is refused: nothing listens there)' : ''}.`,
      evidenceFor,
      evidenceAgainst,
      nextSteps: [
        `From ${ctx.node ?? 'the node'}: \`nc -vz ${portal.host} ${portal.port ?? (path.protocol === 'nfs' ? 2049 : 3260)}\` and \`ip route get ${portal.host}\`; then check the storage system itself and any firewall between them.`,
      ],
    });
  }
  return strongest(out);
}

export const externalTargetUnreachable: Hypothesis = {
  id: 'external-target-unreachable',
  title: 'The node cannot reach a storage target outside the cluster',
  needs: ['Service', 'Pod', 'Node', 'Event'],
  reads: ['PersistentVolume', 'PersistentVolumeClaim'],
  assess,
  explain(ctx, assessment) {
    return [mountFailureStep(ctx, connectionFailures(ctx)), { question: 'How could the target not answer?', answer: assessment.summary, evidence: assessment.evidenceFor.slice(1) }];
  },
};
