/**
 * image-pull-failure: a container waits in ErrImagePull / ImagePullBackOff. Images are pulled after
 * the volumes are mounted and the sandbox exists, so such a pod is past every storage step.
 */
import { containerStatuses } from '../../kube/pod.ts';
import { list, text } from '../../kube/read.ts';
import { eventEvidence, inference, objectEvidence } from '../evidence.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';
import { summaryStep } from '../chain.ts';

const PULL_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);

function assess(ctx: PodContext): Assessment | undefined {
  const waiting = containerStatuses(ctx.pod).filter((c) => PULL_REASONS.has(text(c.state?.waiting?.reason) ?? ''));
  const all = ctx.allFacts('image-pull-failed');
  if (waiting.length === 0 && all.length === 0) return undefined;
  const now = ctx.model.now;
  const current = all.filter((f) => f.stale === undefined);
  const evidenceFor: Evidence[] = [];
  const evidenceAgainst: Evidence[] = [];
  for (const c of waiting) {
    evidenceFor.push(objectEvidence(ctx.podRef, `Container ${c.name ?? '?'} is waiting: ${c.state?.waiting?.reason ?? ''}${text(c.state?.waiting?.message) !== undefined ? ` (${c.state?.waiting?.message ?? ''})` : ''}`));
  }
  // "Back-off pulling image" only repeats the wait; the newest real pull error says why.
  const informative = current.filter((f) => f.fact.cause !== 'back-off');
  const latest = informative[informative.length - 1] ?? current[current.length - 1];
  if (latest !== undefined) evidenceFor.push(eventEvidence(latest.event, now));
  const image = latest?.fact.image ?? waiting.map((c) => text(list(ctx.pod.spec?.containers).find((x) => x.name === c.name)?.image)).find((i) => i !== undefined) ?? '<image>';
  const steps = [
    latest?.fact.cause === 'not-found' ? `The image or tag ${image} does not exist in its registry: fix the tag.` : latest?.fact.cause === 'unauthorized' ? `The registry refuses the pull of ${image}: add or fix imagePullSecrets.` : `From the node: \`crictl pull ${image}\` shows the registry's answer.`,
  ];
  if (waiting.length > 0) {
    evidenceFor.push(inference('The kubelet pulls images after the volumes are mounted and the sandbox exists: storage is not what blocks this pod'));
    return { verdict: 'confirmed', score: 0.97, summary: `The image ${image} cannot be pulled${latest !== undefined ? `: ${latest.fact.detail}` : ''}.`, evidenceFor, evidenceAgainst, nextSteps: steps };
  }
  if (current.length === 0) {
    return { verdict: 'ruled-out', score: 0, summary: 'Every image pull failure seen is stale and no container waits on its image.', evidenceFor: [], evidenceAgainst: all.map((f) => eventEvidence(f.event, now, undefined, f.stale)), nextSteps: [] };
  }
  evidenceAgainst.push(inference('No container is waiting on its image right now'));
  return { verdict: 'possible', score: 0.4, summary: `A pull of ${image} failed recently, but no container is waiting on its image now.`, evidenceFor, evidenceAgainst, nextSteps: steps };
}

export const imagePullFailure: Hypothesis = {
  id: 'image-pull-failure',
  title: 'A container image cannot be pulled',
  needs: ['Pod'],
  reads: ['Event'],
  assess,
  explain: summaryStep('How did the container fail to start?'),
};
