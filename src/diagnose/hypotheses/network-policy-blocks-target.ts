/**
 * network-policy-blocks-target: a NetworkPolicy isolates the pod that serves the volume and none of its
 * ingress rules admits the consumer node's address on the target port, so the kubelet's connection from
 * the host network namespace is dropped. Traffic from the target's own node is always allowed, so this
 * only applies to a consumer on another node (the same-node case belongs to hairpin-colocation).
 * Enforcement depends on the CNI (flannel alone enforces nothing): without a probe, at most `likely`.
 */
import type { Node, Pod } from '../../kube/types.ts';
import { list, stringMap, text } from '../../kube/read.ts';
import { describeRef, refOf } from '../../model/refs.ts';
import type { DataPath, ServingPod } from '../../model/datapath/types.ts';
import { hostIngressVerdict, type PolicyFlowVerdict, type TargetPort } from '../../model/network-policy.ts';
import { eventEvidence, gap, inference, objectEvidence } from '../evidence.ts';
import { strongest } from '../rank.ts';
import type { Assessment, ChainStep, Evidence, Hypothesis, PodContext } from '../types.ts';
import { connectionFailures, failuresByPath, mountFailureStep, type ConnectionFailure } from './connection-failures.ts';

// Calico records the overlay address a node uses as source for host → remote-pod traffic.
const TUNNEL_ANNOTATIONS = ['projectcalico.org/IPv4VXLANTunnelAddr', 'projectcalico.org/IPv4IPIPTunnelAddr', 'projectcalico.org/IPv4WireguardInterfaceAddr'];

/** The addresses a node's host-namespace connections may carry as source: its InternalIPs and overlay tunnel addresses. */
export function nodeSourceAddresses(node: Node): string[] {
  const out = list(node.status?.addresses)
    .filter((a) => a.type === 'InternalIP')
    .map((a) => text(a.address))
    .filter((a): a is string => a !== undefined);
  const annotations = stringMap(node.metadata.annotations);
  for (const key of TUNNEL_ANNOTATIONS) {
    const value = text(annotations[key]);
    if (value !== undefined) out.push(value.split('/')[0] ?? value);
  }
  return out;
}

/** The port the serving pod receives on: the Service port's targetPort (resolved by name) or the portal port itself. */
export function servingPort(path: DataPath, pod: Pod | undefined, model: PodContext['model']): TargetPort | undefined {
  const portalPort = path.portal?.port ?? (path.protocol === 'nfs' ? 2049 : path.protocol === 'iscsi' || path.protocol === 'csi' ? 3260 : undefined);
  if (portalPort === undefined) return undefined;
  const containerPorts = list(pod?.spec?.containers).flatMap((c) => list(c.ports));
  const byNumber = (n: number): TargetPort => {
    const named = containerPorts.find((p) => p.containerPort === n);
    return named?.name !== undefined ? { number: n, name: named.name } : { number: n };
  };
  const svc = path.service !== undefined ? model.resolveAs('Service', path.service.ref) : undefined;
  if (svc === undefined) return byNumber(portalPort);
  const port = list(svc.spec?.ports).find((p) => p.port === portalPort);
  const target = port?.targetPort ?? portalPort;
  if (typeof target === 'number') return byNumber(target);
  const named = containerPorts.find((p) => p.name === target);
  return named?.containerPort !== undefined ? { number: named.containerPort, name: target } : undefined;
}

interface Judged {
  path: DataPath;
  failures: ConnectionFailure[];
  assessment: Assessment;
}

function judge(ctx: PodContext, path: DataPath, failures: ConnectionFailure[]): Assessment {
  const now = ctx.model.now;
  const latest = failures[failures.length - 1];
  const evidenceFor: Evidence[] = latest !== undefined ? [eventEvidence(latest.event, now)] : [];
  const evidenceAgainst: Evidence[] = [];
  const serving = path.servingPods.filter((p) => p.ready).length > 0 ? path.servingPods.filter((p) => p.ready) : path.servingPods;
  const remote = serving.filter((p) => p.node === undefined || p.node !== ctx.node);
  if (remote.length === 0) {
    for (const p of serving) evidenceAgainst.push(objectEvidence(p.ref, `${describeRef(p.ref)} runs on ${p.node ?? ''}, the consumer's own node: traffic from a pod's own node is always allowed by NetworkPolicy`));
    return { verdict: 'ruled-out', score: 0, summary: `The target runs on ${ctx.node ?? 'the consumer\'s node'}, the consumer's own node, and NetworkPolicy never blocks traffic from a pod's own node.`, evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  if (ctx.model.kindCoverage('NetworkPolicy') !== 'read') {
    // The engine adds the gap for the unread kind; do not rule out on an absence that cannot be trusted.
    return { verdict: 'possible', score: 0.2, summary: 'Whether a NetworkPolicy isolates the target cannot be told: NetworkPolicy objects were not read.', evidenceFor, evidenceAgainst, nextSteps: [`\`kubectl -n ${remote[0]?.ref.namespace ?? '<ns>'} get networkpolicy\``] };
  }
  const nodeObject = ctx.nodeObject;
  const sources = nodeObject !== undefined ? nodeSourceAddresses(nodeObject) : [];
  const policies = ctx.model.all('NetworkPolicy');
  const verdicts: { sp: ServingPod; pod: Pod; port: TargetPort; v: PolicyFlowVerdict }[] = [];
  for (const sp of remote) {
    const pod = ctx.model.resolveAs('Pod', sp.ref);
    if (pod === undefined) continue;
    const port = servingPort(path, pod, ctx.model);
    if (port === undefined) {
      evidenceAgainst.push(gap(`The port ${describeRef(sp.ref)} receives on could not be resolved from the Service`));
      continue;
    }
    verdicts.push({ sp, pod, port, v: hostIngressVerdict(policies, pod, port, sources, false) });
  }
  const selected = verdicts.filter((x) => x.v.selecting.length > 0);
  if (selected.length === 0) {
    evidenceAgainst.push(...remote.map((p) => objectEvidence(p.ref, `No NetworkPolicy in namespace ${p.ref.namespace ?? ''} selects ${describeRef(p.ref)} for ingress`)));
    return { verdict: 'ruled-out', score: 0, summary: 'No NetworkPolicy selects the pods that serve the volume.', evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  const blocked = selected.filter((x) => !x.v.admitted);
  if (blocked.length === 0) {
    for (const x of selected) evidenceAgainst.push(objectEvidence(x.v.admittedBy !== undefined ? refOf(x.v.admittedBy.policy) : x.sp.ref, x.v.reasons[x.v.reasons.length - 1] ?? ''));
    return { verdict: 'ruled-out', score: 0, summary: 'The NetworkPolicies that select the target admit traffic from the consumer node on the target port.', evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  const addressUnknown = sources.length === 0;
  if (addressUnknown) evidenceAgainst.push(gap(`The addresses of node ${ctx.node ?? '?'} are unknown${nodeObject === undefined ? ' (the node was not read)' : ''}: only policies that admit no address at all are certain to block it`));
  const first = blocked[0];
  for (const x of blocked) {
    for (const p of x.v.selecting) evidenceFor.push(objectEvidence(refOf(p), `${describeRef(refOf(p))} selects ${describeRef(x.sp.ref)} for ingress`));
    for (const r of x.v.reasons) evidenceFor.push(inference(r));
  }
  evidenceFor.push(inference(`The kubelet on ${ctx.node ?? 'the node'} connects from the host network namespace (source ${sources.join(' or ') || 'the node address'}), and ${describeRef(first?.sp.ref ?? ctx.podRef)} runs on another node (${first?.sp.node ?? '?'}), so the policy applies to it`));
  evidenceAgainst.push(gap('Whether the CNI enforces NetworkPolicy (flannel alone does not) cannot be seen from cluster objects; no probe was run'));
  const refused = failures.every((f) => f.refused);
  if (refused) evidenceAgainst.push(inference('Every failure is "Connection refused" / "No route to host"; most CNIs drop denied packets silently (a timeout), so a listener problem is at least as likely'));
  // Without the node's address an ipBlock rule might still admit it.
  const ipRuleUnjudged = addressUnknown && blocked.some((x) => x.v.selecting.some((p) => list(p.spec?.ingress).some((r) => list(r.from).some((peer) => peer.ipBlock !== undefined))));
  const noneReady = path.servingPods.every((p) => !p.ready);
  if (noneReady) evidenceAgainst.push(inference('The target is not Ready either, which explains the failure on its own'));
  const weak = refused || noneReady || ipRuleUnjudged;
  const ns = first?.sp.ref.namespace ?? '<ns>';
  const port = first?.port;
  return {
    verdict: weak ? 'possible' : 'likely',
    score: weak ? 0.35 : 0.8,
    summary: `${first !== undefined ? first.v.selecting.map((p) => describeRef(refOf(p))).join(', ') : 'A NetworkPolicy'} isolates ${describeRef(first?.sp.ref ?? ctx.podRef)} and admits no traffic from node ${ctx.node ?? '?'} on port ${port?.number ?? '?'}: the kubelet's ${path.protocol === 'nfs' ? 'NFS' : 'iSCSI'} connection is dropped.`,
    evidenceFor,
    evidenceAgainst,
    nextSteps: [
      `Confirm: \`kubectl -n ${ns} describe networkpolicy\`, then from ${ctx.node ?? 'the node'} \`nc -vz ${first?.pod.status?.podIP ?? '<target pod IP>'} ${port?.number ?? ''}\` (times out while a policy blocks it).`,
      `Fix: add an ingress rule to the policy admitting the node addresses, e.g. \`from: [{ipBlock: {cidr: <node subnet>}}]\`${port !== undefined ? ` with \`ports: [{port: ${port.name ?? port.number}}]\`` : ''}; pod and namespace selectors do not match kubelet traffic.`,
    ],
  };
}

function judgements(ctx: PodContext): Judged[] {
  const out: Judged[] = [];
  for (const [path, failures] of failuresByPath(connectionFailures(ctx))) {
    if (path === undefined || path.servingPods.length === 0) continue;
    out.push({ path, failures, assessment: judge(ctx, path, failures) });
  }
  return out;
}

export const networkPolicyBlocksTarget: Hypothesis = {
  id: 'network-policy-blocks-target',
  title: 'A NetworkPolicy keeps the node from reaching the storage target',
  needs: ['NetworkPolicy', 'Service', 'Pod', 'Node', 'Event'],
  reads: ['EndpointSlice', 'Endpoints', 'PersistentVolume', 'PersistentVolumeClaim'],
  assess(ctx) {
    return strongest(judgements(ctx).map((j) => j.assessment));
  },
  explain(ctx, assessment): ChainStep[] {
    const j = judgements(ctx).find((x) => x.assessment.verdict !== 'ruled-out');
    if (j === undefined) return [];
    return [mountFailureStep(ctx, j.failures), { question: 'How could the node not reach a running target?', answer: assessment.summary, evidence: assessment.evidenceFor.slice(1) }];
  },
};
