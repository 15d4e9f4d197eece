/**
 * kubelet-volume-stall: the pod was scheduled long ago, still waits in ContainerCreating, and there is
 * no volume event at all for it while its node is Ready. A kubelet whose volume manager works always
 * says something: WaitForAttachAndMount gives up after 2m03s (podAttachAndMountTimeout) and emits
 * FailedMount `Unable to attach or mount volumes … timed out waiting for the condition`, and every
 * mount failure is an event. Silence past two of those periods means the volume manager is stuck.
 * Anything that leaves an event explains the pod better, so this hypothesis yields to all of them.
 */
import { scheduledAt, waitingReason } from '../../kube/pod.ts';
import { list } from '../../kube/read.ts';
import { formatDuration } from '../../model/time.ts';
import { absenceEvidence, gap, inference, objectEvidence } from '../evidence.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';
import { summaryStep } from '../chain.ts';

/** Two kubelet attach/mount timeouts (2m03s each) plus margin for event delivery: a working volume manager has reported by then. */
export const STALL_THRESHOLD_MS = 5 * 60 * 1000;

const WAITING_ON_VOLUMES = new Set(['ContainerCreating', 'PodInitializing']);
const VOLUME_REASONS = new Set(['FailedMount', 'FailedAttachVolume', 'FailedMapVolume', 'SuccessfulAttachVolume', 'SuccessfulMountVolume', 'FailedUnMount', 'VolumeResizeFailed', 'FileSystemResizeFailed']);
// Events that only come after the volumes are set up (the kubelet creates containers last).
const AFTER_VOLUMES = new Set(['Pulling', 'Pulled', 'Created', 'Started', 'BackOff', 'Failed', 'ErrImagePull', 'ImagePullBackOff', 'Killing']);

function assess(ctx: PodContext): Assessment | undefined {
  const reason = waitingReason(ctx.pod);
  const since = scheduledAt(ctx.pod);
  if (ctx.node === undefined || reason === undefined || !WAITING_ON_VOLUMES.has(reason) || since === undefined) return undefined;
  const now = ctx.model.now;
  const waited = now - since;
  const evidenceFor: Evidence[] = [];
  const evidenceAgainst: Evidence[] = [];
  const podEvidence = objectEvidence(ctx.podRef, `Scheduled to ${ctx.node} ${formatDuration(waited)} ago and still waiting in ${reason}`, since);
  // Scheduled too recently: the kubelet has not yet had two attach/mount timeouts to report in; the symptom is absent.
  if (waited < STALL_THRESHOLD_MS) return undefined;
  // The kubelet is reporting on this pod (or got past the volumes): the symptom "no volume event at all" is absent.
  const volumeEvents = ctx.current.filter((e) => VOLUME_REASONS.has(e.reason) || e.parsed.operation !== undefined || e.parsed.facts.length > 0);
  const later = ctx.current.filter((e) => AFTER_VOLUMES.has(e.reason));
  const otherWarnings = ctx.current.filter((e) => e.type === 'Warning' && !volumeEvents.includes(e));
  if (volumeEvents.length > 0 || later.length > 0 || otherWarnings.length > 0) return undefined;
  evidenceFor.push(podEvidence);

  const ready = ctx.nodeObject !== undefined ? list(ctx.nodeObject.status?.conditions).find((c) => c.type === 'Ready') : undefined;
  if (ctx.nodeObject === undefined) {
    evidenceAgainst.push(gap(`Node ${ctx.node} was not in the snapshot: whether its kubelet is alive cannot be checked`));
  } else if (ready?.status !== 'True') {
    evidenceAgainst.push(objectEvidence({ kind: 'Node', name: ctx.node }, `Node ${ctx.node} is Ready=${ready?.status ?? 'unknown'}: a kubelet that is not posting status explains the silence (node-not-ready)`));
    return { verdict: 'ruled-out', score: 0, summary: `Node ${ctx.node} is not Ready, which explains the silence without a stuck volume manager.`, evidenceFor, evidenceAgainst, nextSteps: [] };
  } else {
    evidenceFor.push(objectEvidence({ kind: 'Node', name: ctx.node }, `Node ${ctx.node} is Ready: its kubelet is alive and posting status`));
  }

  const eventsRead = ctx.model.kindCoverage('Event');
  if (eventsRead !== 'read') {
    evidenceAgainst.push(gap(`Events were ${eventsRead === 'forbidden' ? 'forbidden' : 'not in the snapshot'}: "no volume event" cannot be told from "no events read"`));
    return { verdict: 'possible', score: 0.1, summary: 'The pod has waited long, but without events the kubelet\'s silence cannot be established.', evidenceFor, evidenceAgainst, nextSteps: [`Read the pod's events: \`kubectl -n ${ctx.podRef.namespace ?? ''} describe pod ${ctx.podRef.name}\`.`] };
  }
  evidenceFor.push(absenceEvidence(`No current event about attaching or mounting volumes for ${ctx.podRef.name}, and no other warning: the kubelet would have emitted FailedMount after its 2m03s timeout`, ctx.podRef));
  evidenceFor.push(inference('A Ready kubelet that neither mounts the volumes nor reports a failure points at its volume manager being stuck (a hung mount, a blocked operation on the volume)'));
  const stale = ctx.stale.filter((s) => VOLUME_REASONS.has(s.event.reason));
  if (stale.length > 0) evidenceAgainst.push(inference(`${stale.length} older volume event(s) were set aside as stale; they describe earlier pods or nodes, not this one`));
  const nodeKnown = ctx.nodeObject !== undefined;
  return {
    verdict: nodeKnown ? 'likely' : 'possible',
    score: nodeKnown ? 0.55 : 0.3,
    summary: `${ctx.podRef.name} has waited ${formatDuration(waited)} on ${ctx.node} without a single volume event while the node is Ready: the kubelet's volume manager appears stuck.`,
    evidenceFor,
    evidenceAgainst,
    nextSteps: [
      `On ${ctx.node}: search the kubelet log for the pod's uid (\`journalctl -u kubelet | grep ${ctx.podRef.uid ?? '<pod uid>'}\`, or \`snap logs -n 1000 microk8s.daemon-kubelite\` on microk8s) and for hung mounts (\`ps -eo pid,stat,cmd | grep -E "mount|iscsiadm"\` in D state).`,
      `If the log shows no progress, restart the kubelet on ${ctx.node} (running pods keep running).`,
    ],
  };
}

export const kubeletVolumeStall: Hypothesis = {
  id: 'kubelet-volume-stall',
  title: "The kubelet's volume manager is stuck: no volume event at all",
  needs: ['Pod', 'Node', 'Event'],
  assess,
  explain: summaryStep('How did the container fail to start?'),
};
