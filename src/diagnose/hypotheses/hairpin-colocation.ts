/**
 * hairpin-colocation: the node reaches its storage target through a Service ClusterIP whose only
 * backend runs on that same node; kube-proxy DNATs the host-namespace connection back to a local pod,
 * a hairpin path some CNIs drop (the seed incident). Environment-dependent: without a probe, at most `likely`.
 */

import { text } from '../../kube/read.ts';
import { keptApart } from '../../model/affinity.ts';
import { describeRef } from '../../model/refs.ts';
import type { DataPath, ServingPod } from '../../model/datapath/types.ts';
import { absenceEvidence, describeServingPod, eventEvidence, gap, inference, objectEvidence } from '../evidence.ts';
import type { Assessment, ChainStep, Evidence, Hypothesis, PodContext } from '../types.ts';
import { connectionFailures, failuresByPath, mountFailureStep, reachedTargetSince, type ConnectionFailure } from './connection-failures.ts';

interface Finding {
  path: DataPath;
  failures: ConnectionFailure[];
  local: ServingPod[];
  remote: ServingPod[];
}

function candidates(ctx: PodContext): Finding[] {
  const out: Finding[] = [];
  for (const [path, failures] of failuresByPath(connectionFailures(ctx))) {
    if (path === undefined) continue;
    const kind = path.portal?.kind;
    if (kind !== 'service-cluster-ip' && kind !== 'service-dns-name') continue;
    out.push({
      path,
      failures,
      local: path.servingPods.filter((p) => p.node !== undefined && p.node === ctx.node),
      remote: path.servingPods.filter((p) => p.node === undefined || p.node !== ctx.node),
    });
  }
  return out;
}

function assess(ctx: PodContext): Assessment | undefined {
  const found = candidates(ctx);
  if (found.length === 0) return undefined;
  const now = ctx.model.now;
  // Prefer the path with a ready co-located backend: that is the one the hypothesis is about.
  const best = found.find((f) => f.local.some((p) => p.ready)) ?? found.find((f) => f.local.length > 0) ?? found[0];
  if (best === undefined) return undefined;
  const { path, failures, local, remote } = best;
  const svc = path.service;
  const evidenceFor: Evidence[] = [];
  const evidenceAgainst: Evidence[] = [];
  const latest = failures[failures.length - 1];
  if (latest !== undefined) evidenceFor.push(eventEvidence(latest.event, now));
  if (svc !== undefined) {
    evidenceFor.push(objectEvidence(svc.ref, `The portal ${path.portal?.address ?? ''} is the ClusterIP of ${describeRef(svc.ref)}, not a pod or node address`));
  }
  const readyLocal = local.filter((p) => p.ready);
  if (local.length === 0) {
    for (const p of remote) evidenceAgainst.push(objectEvidence(p.ref, `${describeRef(p.ref)} serves ${svc !== undefined ? describeRef(svc.ref) : 'the portal'} from node ${p.node ?? '(unscheduled)'}, not ${ctx.node ?? 'the pod'}'s node`));
    if (path.servingPods.length === 0) evidenceAgainst.push(absenceEvidence(`No pod serves ${svc !== undefined ? describeRef(svc.ref) : 'the portal'}, so there is no local backend to hairpin to`));
    return {
      verdict: 'ruled-out',
      score: 0,
      summary: `The target is not on ${ctx.node ?? 'the pod'}'s node, so the connection does not hairpin.`,
      evidenceFor,
      evidenceAgainst,
      nextSteps: [],
    };
  }
  for (const p of local) {
    evidenceFor.push(objectEvidence(p.ref, `${describeRef(p.ref)} runs on ${p.node ?? ''}, the same node as ${describeRef(ctx.podRef)}: ${describeServingPod(p, now)}`, p.runningSince));
  }
  evidenceFor.push(
    inference(
      `The kubelet runs iscsiadm/mount in ${ctx.node ?? 'the node'}'s host network namespace; kube-proxy rewrites the ClusterIP to the backend on that same node, a hairpin path that some CNI and kube-proxy setups drop for host-namespace clients`,
    ),
  );
  for (const p of remote) {
    evidenceAgainst.push(objectEvidence(p.ref, `${describeRef(p.ref)} also serves the Service from ${p.node ?? '(unscheduled)'}: some connections could take a non-hairpin path`));
  }
  evidenceAgainst.push(gap('No network probe was run from the node: whether this CNI drops hairpin traffic cannot be confirmed from cluster objects alone'));

  let verdict: Assessment['verdict'];
  let score: number;
  let summary: string;
  const reached = reachedTargetSince(ctx, path, failures);
  if (reached !== undefined) {
    evidenceAgainst.push(reached);
    verdict = 'possible';
    score = 0.25;
    summary = 'The target shares the node with the pod, but a later event shows the node did reach it, so the path is not (or no longer) broken.';
  } else if (readyLocal.length === 0) {
    for (const p of local) evidenceAgainst.push(objectEvidence(p.ref, `${describeRef(p.ref)} is not Ready: an unready target explains the failure without any hairpin`));
    verdict = 'possible';
    score = 0.3;
    summary = `The target shares ${ctx.node ?? 'the'} node with the pod, but it is not Ready, which explains the failure on its own.`;
  } else {
    verdict = 'likely';
    // Below a structural, deterministic failure (a lost quorum scores 0.9): hairpin depends on the CNI and is never certain without a probe.
    score = remote.length === 0 ? 0.85 : 0.6;
    summary = `${describeRef(ctx.podRef)} reaches its ${path.protocol === 'nfs' ? 'NFS' : 'iSCSI'} target through ${svc !== undefined ? `the ClusterIP of ${describeRef(svc.ref)}` : 'a Service ClusterIP'}, whose ready backend ${readyLocal[0] !== undefined ? describeRef(readyLocal[0].ref) : ''} runs on the same node (${ctx.node ?? ''}); the host-namespace connection hairpins back to the node and is dropped.`;
  }
  const nextSteps = buildNextSteps(ctx, path, readyLocal[0] ?? local[0]);
  return { verdict, score, summary, evidenceFor, evidenceAgainst, nextSteps };
}

function buildNextSteps(ctx: PodContext, path: DataPath, target: ServingPod | undefined): string[] {
  const steps: string[] = [];
  const targetPod = target !== undefined ? ctx.model.resolveAs('Pod', target.ref) : undefined;
  const podIp = text(targetPod?.status?.podIP);
  const port = path.portal?.port ?? 3260;
  if (path.protocol === 'iscsi' || path.protocol === 'csi') {
    steps.push(
      `Confirm on ${ctx.node ?? 'the node'}: \`iscsiadm -m discovery -t sendtargets -p ${path.portal?.host ?? '<clusterIP>'}:${port}\` fails while \`iscsiadm -m discovery -t sendtargets -p ${podIp ?? '<target pod IP>'}:${port}\` answers.`,
    );
  }
  const ns = ctx.podRef.namespace ?? 'default';
  steps.push(
    `Mitigate: \`kubectl cordon ${ctx.node ?? '<node>'}\`, then \`kubectl -n ${ns} delete pod ${ctx.podRef.name}\` so it is rescheduled elsewhere; \`kubectl uncordon ${ctx.node ?? '<node>'}\` once it runs.`,
  );
  const selector = target !== undefined ? targetSelector(ctx, target) : undefined;
  steps.push(
    `Prevent: give ${ctx.workload !== undefined ? describeRef(ctx.workload) : 'the workload'} a pod anti-affinity (topologyKey kubernetes.io/hostname) against ${selector ?? 'its target pods'}${target?.ref.namespace !== undefined ? ` in namespace ${target.ref.namespace}` : ''}; the secondary findings list every other workload with the same exposure.`,
  );
  return steps;
}

/** The label that identifies the target pods of one volume: per-volume labels are what an anti-affinity term can select. */
function targetSelector(ctx: PodContext, target: ServingPod): string | undefined {
  const labels = ctx.model.resolveAs('Pod', target.ref)?.metadata.labels ?? {};
  const selector = ctx.paths.find((p) => p.servingPods.includes(target))?.service?.selector ?? {};
  const keys = Object.keys(selector).length > 0 ? Object.keys(selector) : Object.keys(labels);
  const perVolume = keys.find((k) => k === 'openebs.io/persistent-volume') ?? keys[0];
  return perVolume !== undefined && labels[perVolume] !== undefined ? `pods labelled ${perVolume}=${labels[perVolume]}` : undefined;
}

function explain(ctx: PodContext): ChainStep[] {
  const found = candidates(ctx).find((f) => f.local.some((p) => p.ready));
  if (found === undefined) return [];
  const target = found.local.find((p) => p.ready);
  if (target === undefined) return [];
  const now = ctx.model.now;
  const svc = found.path.service;
  const steps: ChainStep[] = [mountFailureStep(ctx, found.failures)];
  steps.push({
    question: 'How did the session fail when the target is running and healthy?',
    answer: `${describeRef(target.ref)} (${describeServingPod(target, now)}) is ${found.path.servingPods.length === 1 ? 'the only backend' : `one of ${found.path.servingPods.length} backends`} of ${svc !== undefined ? `${describeRef(svc.ref)} (ClusterIP ${svc.clusterIP ?? '?'})` : 'the portal'}, and it runs on ${target.node ?? ''}, the same node as ${describeRef(ctx.podRef)}. The kubelet connects from the host network namespace; kube-proxy's DNAT sends the connection back to a pod on the same node, and the reply does not make it back (no hairpin for host-namespace clients).`,
    evidence: [
      objectEvidence(target.ref, `${describeRef(target.ref)} on ${target.node ?? ''}`, target.runningSince),
      objectEvidence(ctx.podRef, `${describeRef(ctx.podRef)} on ${ctx.node ?? ''}`),
    ],
  });
  const consumer = ctx.workload !== undefined ? ctx.model.resolve(ctx.workload) : undefined;
  const targetPod = ctx.model.resolveAs('Pod', target.ref);
  const targetWorkload = targetPod !== undefined ? ctx.model.workloadOf(targetPod) : undefined;
  const rule = targetPod !== undefined ? keptApart(ctx.model, ctx.pod, targetPod) : undefined;
  const who = consumer !== undefined ? describeRef(ctx.workload ?? ctx.podRef) : describeRef(ctx.podRef);
  const evidence: Evidence[] = [];
  let answer: string;
  if (rule === undefined) {
    answer = `Nothing keeps them apart: ${who} has no pod anti-affinity against the target's pods, and ${targetWorkload !== undefined ? describeRef(targetWorkload) : describeRef(target.ref)} has none against ${who}'s pods. The scheduler's placement was valid; the conflict only shows at mount time. This is the preventable cause.`;
    evidence.push(absenceEvidence(`${describeRef(ctx.podRef)} has no podAntiAffinity term selecting ${describeRef(target.ref)}`, ctx.podRef));
    evidence.push(absenceEvidence(`${describeRef(target.ref)} has no podAntiAffinity term selecting ${describeRef(ctx.podRef)}`, target.ref));
  } else {
    answer = `An anti-affinity rule exists but is only ${rule.hard ? 'required at scheduling time (a later reschedule of the target is not covered)' : 'preferred, so the scheduler may ignore it when nodes are short'}.`;
    evidence.push(inference(`A ${rule.hard ? 'required' : 'preferred'} podAntiAffinity term selects the other side`));
  }
  steps.push({ question: `How did ${describeRef(ctx.podRef)} and its target end up on the same node?`, answer, evidence });
  return steps;
}

export const hairpinColocation: Hypothesis = {
  id: 'hairpin-colocation',
  title: 'Consumer and storage target share a node; the ClusterIP path hairpins',
  needs: ['Pod', 'Service', 'Event'],
  // Without PVs the path is completed from the kubelet's message; without endpoints serving pods come from the selector.
  reads: ['PersistentVolumeClaim', 'PersistentVolume', 'EndpointSlice', 'Endpoints'],
  assess,
  explain,
};
