/** The "how" chain: from the symptom (workload unavailable) down to a preventable cause, one evidenced step at a time. */
import { podNode, scheduledAt, waitingReason } from '../kube/pod.ts';
import { text } from '../kube/read.ts';
import { describeRef } from '../model/refs.ts';
import { formatDuration } from '../model/time.ts';
import { eventEvidence, objectEvidence } from './evidence.ts';
import type { Assessment, ChainStep, Hypothesis, PodContext } from './types.ts';

const MOUNT_REASONS = new Set(['FailedMount', 'FailedAttachVolume', 'FailedMapVolume']);

function symptomStep(ctx: PodContext): ChainStep {
  const reason = waitingReason(ctx.pod);
  const phase = text(ctx.pod.status?.phase) ?? 'Unknown';
  const since = scheduledAt(ctx.pod);
  const node = podNode(ctx.pod);
  const subject = ctx.workload !== undefined ? describeRef(ctx.workload) : describeRef(ctx.podRef);
  const duration = since !== undefined ? ` for ${formatDuration(ctx.model.now - since)}` : '';
  const answer =
    reason !== undefined
      ? `${describeRef(ctx.podRef)} has been waiting in ${reason}${duration}${node !== undefined ? ` on ${node}` : ''}; no container has started, so nothing can serve.`
      : `${describeRef(ctx.podRef)} is ${phase}${node !== undefined ? ` on ${node}` : ', not scheduled to a node'} and not Ready.`;
  return { question: `How did ${subject} become unavailable?`, answer, evidence: [objectEvidence(ctx.podRef, `phase ${phase}${reason !== undefined ? `, waiting reason ${reason}` : ''}`, since)] };
}

function volumeStep(ctx: PodContext): ChainStep | undefined {
  const failures = ctx.current.filter((e) => MOUNT_REASONS.has(e.reason));
  if (failures.length === 0) return undefined;
  const withVolume = failures.filter((e) => e.parsed.volume !== undefined);
  const latest = (withVolume.length > 0 ? withVolume : failures)[(withVolume.length > 0 ? withVolume : failures).length - 1];
  if (latest === undefined) return undefined;
  const path = ctx.pathOf(latest);
  const total = failures.reduce((n, e) => n + e.count, 0);
  const volumeText =
    path !== undefined
      ? `volume "${path.volume}"${path.claim !== undefined ? ` (claim ${path.claim.namespace ?? ''}/${path.claim.name}` : ''}${path.persistentVolume !== undefined ? `, PV ${path.persistentVolume.name})` : path.claim !== undefined ? ')' : ''}`
      : latest.parsed.volume !== undefined
        ? `volume "${latest.parsed.volume}"`
        : 'a volume';
  // volumeText is a noun phrase ('volume "x" (claim …)' or 'a volume'): the subject of an attach failure, the object of a mount failure.
  const failure = latest.reason === 'FailedAttachVolume' ? `${volumeText.charAt(0).toUpperCase()}${volumeText.slice(1)} could not be attached` : `The kubelet could not mount ${volumeText}`;
  return {
    question: 'How did the container fail to start?',
    answer: `${failure}: ${total} ${[...new Set(failures.map((e) => e.reason))].join('/')} occurrence(s) in current events. Kubernetes has no timeout for this state, so the pod waits until the cause goes away.`,
    evidence: [eventEvidence(latest, ctx.model.now)],
  };
}

/** Builds the chain for a diagnosis whose best hypothesis is `winner` (undefined when nothing fits). */
export function buildChain(ctx: PodContext, winner: { hypothesis: Hypothesis; assessment: Assessment } | undefined, checked: string[]): ChainStep[] {
  const steps: ChainStep[] = [symptomStep(ctx)];
  const volume = volumeStep(ctx);
  if (volume !== undefined) steps.push(volume);
  if (winner === undefined) {
    steps.push({
      question: 'How did that happen?',
      answer: `kubehow cannot tell from the data at hand: no cause in its catalog is supported by the evidence. Checked: ${checked.join('; ')}.`,
      evidence: [],
    });
    return steps;
  }
  const more = winner.hypothesis.explain?.(ctx, winner.assessment) ?? [];
  // A hypothesis may restate a step the generic part already made; keep the first of each question.
  for (const step of more) if (!steps.some((s) => s.question === step.question)) steps.push(step);
  if (more.length === 0) steps.push({ question: 'What is the cause?', answer: winner.assessment.summary, evidence: winner.assessment.evidenceFor });
  return steps;
}

/** The usual "how" step of a hypothesis that wins: its question, answered by its own summary and evidence. */
export function summaryStep(question: string): NonNullable<Hypothesis['explain']> {
  return (_ctx, assessment) => [{ question, answer: assessment.summary, evidence: assessment.evidenceFor }];
}
