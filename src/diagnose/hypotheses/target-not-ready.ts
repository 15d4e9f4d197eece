/**
 * target-not-ready: the Service in front of the storage target has no ready backend, or the serving
 * pod is missing, unready, crash-looping, or restarted after the mount errors began.
 *
 * Besides connection-class errors, a CSI driver that checks its own serving side before mounting says so
 * directly: Longhorn's `volume <v> share not yet available` for an RWX volume means its NFS share-manager
 * has no endpoint. That is judged with the same per-pod checks on the share-manager the path resolved.
 */
import { describeRef } from '../../model/refs.ts';
import { ago, formatTime } from '../../model/time.ts';
import type { DataPath, ServingPod } from '../../model/datapath/types.ts';
import { cidrContains } from '../../model/cidr.ts';
import { absenceEvidence, describeServingPod, eventEvidence, gap, inference, objectEvidence } from '../evidence.ts';
import type { Assessment, ChainStep, Evidence, Hypothesis, PodContext } from '../types.ts';
import { strongest } from '../rank.ts';
import { formerClusterIp, podCidrs } from './cluster-ranges.ts';
import { connectionFailures, failuresByPath, firstFailureAt, mountFailureStep, reachedTargetSince, type ConnectionFailure } from './connection-failures.ts';

// A restart within this window before the errors began (or any time after) is treated as "recent".
const RECENT_RESTART_MS = 60 * 60 * 1000;

interface Judgement {
  path: DataPath;
  assessment: Assessment;
  /** Judged from a driver's "share not yet available", not from a connection failure. */
  share?: boolean;
}

function judge(ctx: PodContext, path: DataPath, failures: readonly ConnectionFailure[], latestEvidence: Evidence | undefined): Assessment {
  const now = ctx.model.now;
  const firstError = firstFailureAt(failures);
  const evidenceFor: Evidence[] = latestEvidence !== undefined ? [latestEvidence] : [];
  const evidenceAgainst: Evidence[] = [];
  const svc = path.service;
  const name = svc !== undefined ? describeRef(svc.ref) : `the target at ${path.portal?.address ?? '?'}`;
  const serving = path.servingPods;

  if (svc === undefined && serving.length === 0) return judgeWithoutService(ctx, path, firstError, evidenceFor);
  if (serving.length === 0) {
    evidenceFor.push(absenceEvidence(`No pod matches the selector of ${name}${path.endpointsKnown ? ` and it has ${path.readyEndpoints} ready endpoints` : ''}`, svc?.ref));
    return {
      verdict: 'likely',
      score: 0.85,
      summary: `${name} has no serving pod: the iSCSI/NFS target is gone.`,
      evidenceFor,
      evidenceAgainst,
      nextSteps: [`Find why the target workload behind ${name} has no pod: \`kubectl -n ${svc?.ref.namespace ?? ''} get deploy,rs,pods -l ${selectorText(svc?.selector)}\` and its events.`],
    };
  }
  const problems: Evidence[] = serving.flatMap((sp) => podProblem(sp, name, firstError, now) ?? []);
  const readyEndpoints = path.endpointsKnown ? path.readyEndpoints : serving.filter((p) => p.ready).length;
  if (path.endpointsKnown && readyEndpoints === 0) problems.push(absenceEvidence(`${name} has no ready endpoint`, svc?.ref));

  if (problems.length === 0) {
    for (const sp of serving) evidenceAgainst.push(objectEvidence(sp.ref, `${describeRef(sp.ref)} on ${sp.node ?? '?'} is ${describeServingPod(sp, now)}`, sp.runningSince));
    if (path.endpointsKnown) evidenceAgainst.push(objectEvidence(svc?.ref ?? serving[0]?.ref ?? ctx.podRef, `${name} lists ${readyEndpoints} ready endpoint(s) including the serving pod`));
    return { verdict: 'ruled-out', score: 0, summary: `${name} is served by a Ready pod with no recent restarts, listed in its endpoints.`, evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  evidenceFor.push(...problems);
  const reached = reachedTargetSince(ctx, path, failures);
  if (reached !== undefined) {
    evidenceAgainst.push(reached);
    return { verdict: 'possible', score: 0.2, summary: `The target behind ${name} was unavailable for a while, but the node has reached it since.`, evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  const noneReady = readyEndpoints === 0;
  return {
    verdict: noneReady ? 'likely' : 'possible',
    score: noneReady ? 0.8 : 0.45,
    summary: noneReady ? `${name} has no ready backend: the target cannot answer.` : `The target behind ${name} was unstable around the time the mount errors began.`,
    evidenceFor,
    evidenceAgainst,
    nextSteps: serving.map((sp) => `Inspect the target: \`kubectl -n ${sp.ref.namespace ?? ''} describe pod ${sp.ref.name}\` and \`kubectl -n ${sp.ref.namespace ?? ''} logs ${sp.ref.name} --all-containers --previous\`.`),
  };
}

/** What is wrong with one target pod for serving the volume since the errors began, if anything. */
function podProblem(sp: ServingPod, serviceName: string | undefined, firstError: number | undefined, now: number): Evidence | undefined {
  if (!sp.ready) return objectEvidence(sp.ref, `${describeRef(sp.ref)} on ${sp.node ?? '(unscheduled)'} is ${describeServingPod(sp, now)}`);
  if (sp.crashLooping) return objectEvidence(sp.ref, `${describeRef(sp.ref)} is crash-looping (${sp.restarts} restarts)`);
  if (sp.inEndpoints === false && serviceName !== undefined) return objectEvidence(sp.ref, `${describeRef(sp.ref)} is Ready but not listed in the endpoints of ${serviceName}`);
  if (sp.lastRestartAt !== undefined && firstError !== undefined && sp.lastRestartAt >= firstError - RECENT_RESTART_MS) {
    return objectEvidence(sp.ref, `${describeRef(sp.ref)} restarted at ${formatTime(sp.lastRestartAt)} (${ago(sp.lastRestartAt, now)}), around or after the first mount error (${formatTime(firstError)})`, sp.lastRestartAt);
  }
  if (sp.runningSince !== undefined && firstError !== undefined && sp.runningSince > firstError) {
    return objectEvidence(sp.ref, `${describeRef(sp.ref)} started at ${formatTime(sp.runningSince)}, after the mount errors began at ${formatTime(firstError)}`, sp.runningSince);
  }
  return undefined;
}

/**
 * The portal leads to no Service and no pod. Two structures still decide: the storage engine's labels may
 * identify the volume's own target pods (judged like serving pods, minus the endpoint check no Service
 * can answer), or the portal may lie outside every range the cluster allocates from, so no in-cluster
 * target exists whose readiness could be at fault (external-target-unreachable).
 */
function judgeWithoutService(ctx: PodContext, path: DataPath, firstError: number | undefined, evidenceFor: Evidence[]): Assessment {
  const now = ctx.model.now;
  const portal = path.portal;
  const address = portal?.address ?? 'the portal';
  const labelled = path.labelledTargetPods ?? [];
  if (labelled.length > 0) {
    const problems = labelled.flatMap((sp) => podProblem(sp, undefined, firstError, now) ?? []);
    const noService = inference(`No Service at ${address} lists these pods: whether the portal still leads to the target is portal-stale's question, not the target's readiness`);
    if (problems.length === 0) {
      const evidenceAgainst = labelled.map((sp) => objectEvidence(sp.ref, `${describeRef(sp.ref)} on ${sp.node ?? '?'}, the volume's ${path.engine ?? ''} target by its labels, is ${describeServingPod(sp, now)}`, sp.runningSince));
      return { verdict: 'ruled-out', score: 0, summary: `The volume's own target ${labelled.map((sp) => describeRef(sp.ref)).join(', ')} is Ready with no restarts since the mount errors began.`, evidenceFor, evidenceAgainst: [...evidenceAgainst, noService], nextSteps: [] };
    }
    return {
      verdict: 'possible',
      score: 0.4,
      summary: `The volume's own target is not healthy, although the portal ${address} does not lead to it either.`,
      evidenceFor: [...evidenceFor, ...problems],
      evidenceAgainst: [noService],
      nextSteps: labelled.map((sp) => `Inspect the target: \`kubectl -n ${sp.ref.namespace ?? ''} describe pod ${sp.ref.name}\`.`),
    };
  }
  if (portal?.kind === 'external' && path.engine === undefined) {
    const former = formerClusterIp(ctx.model, portal.host);
    const cidrs = podCidrs(ctx.model);
    if (former.verdict === 'no' && cidrs.length > 0 && !cidrs.some((c) => cidrContains(c.cidr, portal.host))) {
      return {
        verdict: 'ruled-out',
        score: 0,
        summary: `${address} is outside the cluster: there is no in-cluster target whose readiness could be at fault.`,
        evidenceFor,
        evidenceAgainst: [
          absenceEvidence(`No Service, pod or node of the cluster has the address ${portal.host}, and no node's pod CIDR contains it`),
          inference(`No current ClusterIP (e.g. ${former.sample}) shares a ${former.window} with ${portal.host}, the widest Service range kube-apiserver accepts`),
        ],
        nextSteps: [],
      };
    }
  }
  // Without a Service or pod at the portal, readiness cannot be judged; portal-stale or external-target cover that case.
  return {
    verdict: 'possible',
    score: 0.1,
    summary: `Whether the target is ready cannot be told: no Service or pod in this cluster matches ${address}.`,
    evidenceFor,
    evidenceAgainst: [gap(`No Service or pod answers to ${address}, so the readiness of a target cannot be judged`)],
    nextSteps: [],
  };
}

function selectorText(selector: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(selector ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** Current `share not yet available` refusals as failures on their paths (no portal is involved: the driver checked the share itself). */
function shareFailures(ctx: PodContext): ConnectionFailure[] {
  return ctx.currentFacts('share-not-available').map(({ fact, event }) => ({ event, path: ctx.pathOf(event), refused: false, signals: [fact.signal] }));
}

function judgeShare(ctx: PodContext, path: DataPath, failures: readonly ConnectionFailure[]): Assessment {
  const latest = failures[failures.length - 1];
  const latestEvidence = latest !== undefined ? eventEvidence(latest.event, ctx.model.now) : undefined;
  if (path.service !== undefined || path.servingPods.length > 0) return judge(ctx, path, failures, latestEvidence);
  const labelled = path.labelledTargetPods ?? [];
  const now = ctx.model.now;
  const firstError = firstFailureAt(failures);
  const problems = labelled.flatMap((sp) => podProblem(sp, undefined, firstError, now) ?? []);
  const evidenceFor: Evidence[] = latestEvidence !== undefined ? [latestEvidence, ...problems] : problems;
  if (labelled.length > 0 && problems.length > 0) {
    return { verdict: 'likely', score: 0.75, summary: 'The driver reports the volume\'s share unavailable and the pod serving it is not healthy.', evidenceFor, evidenceAgainst: [], nextSteps: shareSteps(labelled) };
  }
  const gaps = path.gaps.length > 0 ? path.gaps.join('; ') : 'no pod or Service of the share was found';
  return {
    verdict: 'possible',
    score: 0.4,
    summary: 'The storage driver reports the volume\'s share is not available yet, but the pod serving the share could not be judged.',
    evidenceFor,
    evidenceAgainst: [gap(`The share's serving pod could not be inspected (${gaps})`)],
    nextSteps: shareSteps(labelled),
  };
}

function shareSteps(pods: readonly ServingPod[]): string[] {
  return pods.map((sp) => `Inspect the share's server: \`kubectl -n ${sp.ref.namespace ?? ''} describe pod ${sp.ref.name}\` and \`kubectl -n ${sp.ref.namespace ?? ''} logs ${sp.ref.name}\`.`);
}

function judgements(ctx: PodContext): Judgement[] {
  const out: Judgement[] = [];
  for (const [path, failures] of failuresByPath(shareFailures(ctx))) {
    if (path !== undefined) out.push({ path, assessment: judgeShare(ctx, path, failures), share: true });
  }
  for (const [path, failures] of failuresByPath(connectionFailures(ctx))) {
    if (path === undefined || path.portal === undefined) continue;
    const latest = failures[failures.length - 1];
    out.push({ path, assessment: judge(ctx, path, failures, latest !== undefined ? eventEvidence(latest.event, ctx.model.now) : undefined) });
  }
  return out;
}

function shareFailureStep(ctx: PodContext): ChainStep {
  const rep = shareFailures(ctx).at(-1);
  const signal = rep?.signals[0];
  return {
    question: 'How did the mount fail?',
    answer: `The CSI driver refused to mount the shared volume${signal !== undefined ? `: "${signal}"` : ''}. It checks that the volume's NFS share has a server endpoint before mounting, so the node never tried to connect.`,
    evidence: rep !== undefined ? [eventEvidence(rep.event, ctx.model.now)] : [],
  };
}

export const targetNotReady: Hypothesis = {
  id: 'target-not-ready',
  title: 'The storage target behind the portal is not ready',
  needs: ['Pod', 'Service', 'Event'],
  reads: ['PersistentVolumeClaim', 'PersistentVolume', 'EndpointSlice', 'Endpoints'],
  assess(ctx) {
    return strongest(judgements(ctx).map((j) => j.assessment));
  },
  explain(ctx): ChainStep[] {
    const failures = connectionFailures(ctx);
    const j = judgements(ctx).find((x) => x.assessment.verdict !== 'ruled-out');
    if (j === undefined) return [];
    return [
      j.share === true ? shareFailureStep(ctx) : mountFailureStep(ctx, failures),
      { question: 'How could the target not answer?', answer: j.assessment.summary, evidence: j.assessment.evidenceFor.slice(1) },
    ];
  },
};
