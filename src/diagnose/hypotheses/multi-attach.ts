/**
 * multi-attach: a ReadWriteOnce volume is still in use by a pod on another node (a rolling update
 * overlapping the old pod, a pod stuck Terminating on a NotReady node) or attached there.
 */
import type { Pod } from '../../kube/types.ts';
import { text } from '../../kube/read.ts';
import { podNode, usesClaim } from '../../kube/pod.ts';
import { describeRef, refOf } from '../../model/refs.ts';
import { absenceEvidence, eventEvidence, objectEvidence } from '../evidence.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';
import { summaryStep } from '../chain.ts';

function assess(ctx: PodContext): Assessment | undefined {
  const facts = ctx.currentFacts('multi-attach');
  const latest = facts[facts.length - 1];
  if (latest === undefined) return undefined;
  const now = ctx.model.now;
  const evidenceFor: Evidence[] = [eventEvidence(latest.event, now)];
  const evidenceAgainst: Evidence[] = [];
  const path = ctx.pathOf(latest.event) ?? ctx.paths.find((p) => p.persistentVolume?.name === latest.fact.volume);
  const claim = path?.claim?.name;
  const others: Pod[] = [];
  if (claim !== undefined) {
    for (const pod of ctx.model.pods) {
      if (pod === ctx.pod || pod.metadata.namespace !== ctx.podRef.namespace || !usesClaim(pod, claim)) continue;
      const phase = text(pod.status?.phase);
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      const node = podNode(pod);
      if (node !== undefined && node !== ctx.node) others.push(pod);
    }
  }
  for (const pod of others) {
    const terminating = pod.metadata.deletionTimestamp !== undefined;
    const nodeReady = ctx.model.node(podNode(pod))?.status?.conditions?.find((c) => c.type === 'Ready')?.status;
    evidenceFor.push(
      objectEvidence(
        refOf(pod),
        `${describeRef(refOf(pod))} on ${podNode(pod) ?? '?'} still uses claim ${claim ?? ''}${terminating ? ' and is stuck Terminating' : ''}${nodeReady !== undefined && nodeReady !== 'True' ? ` (node Ready=${nodeReady})` : ''}`,
      ),
    );
  }
  const elsewhere = (path?.attachments ?? []).filter((a) => a.node !== undefined && a.node !== ctx.node && a.attached !== false);
  for (const a of elsewhere) evidenceFor.push(objectEvidence(a.ref, `${describeRef(a.ref)} attaches the volume to ${a.node ?? ''}`));
  if (others.length === 0 && elsewhere.length === 0) {
    evidenceAgainst.push(absenceEvidence(`No other pod using claim ${claim ?? '(unknown)'} and no VolumeAttachment on another node was found`));
    return { verdict: 'possible', score: 0.3, summary: 'The attach/detach controller reports a Multi-Attach error, but no current user of the volume on another node is visible: the attachment may be stale.', evidenceFor, evidenceAgainst, nextSteps: ['`kubectl get volumeattachment` and look for the volume on a node that no longer runs a consumer.'] };
  }
  // Only a record points elsewhere and no consumer runs there: a left-behind attachment explains it better (stale-volume-attachment).
  const onlyRecords = others.length === 0;
  if (onlyRecords) {
    const nodes = [...new Set(elsewhere.map((a) => a.node ?? ''))].join(', ');
    evidenceAgainst.push(absenceEvidence(`No pod using claim ${claim ?? '(unknown)'} runs on ${nodes}: the attachment there may be stale (stale-volume-attachment)`));
    // With every pod read, "no consumer" is an observation, not a gap: nothing uses the volume elsewhere, so what
    // blocks the attach is the record itself, which is stale-volume-attachment's discriminator (HYPOTHESES.md).
    // Pods count as read on a node when the snapshot lists any pod there (every node runs DaemonSet pods such as
    // kube-proxy or the CNI agent); a holder node with none listed may simply not have been collected.
    const holderNodes = [...new Set(elsewhere.map((a) => a.node ?? ''))];
    const listedOn = (node: string) => ctx.model.pods.filter((p) => podNode(p) === node).length;
    const seen = holderNodes.every((n) => listedOn(n) > 0 || (ctx.model.kindCoverage('Node') === 'read' && ctx.model.node(n) === undefined));
    if (claim !== undefined && ctx.model.kindCoverage('Pod') === 'read' && seen) {
      for (const n of holderNodes) if (listedOn(n) > 0) evidenceAgainst.push(objectEvidence({ kind: 'Node', name: n }, `${n} runs ${String(listedOn(n))} listed pod(s), none of which uses claim ${claim}`));
      return {
        verdict: 'ruled-out',
        score: 0,
        summary: `No pod uses claim ${claim} on another node; the Multi-Attach error comes from an attachment to ${nodes} that nothing uses (stale-volume-attachment).`,
        evidenceFor,
        evidenceAgainst,
        nextSteps: [],
      };
    }
  }
  const first = others[0];
  return {
    verdict: others.length > 0 ? 'confirmed' : 'likely',
    score: onlyRecords ? 0.5 : 0.9,
    summary: `The ReadWriteOnce volume is still used ${others.length > 0 && first !== undefined ? `by ${describeRef(refOf(first))} on ${podNode(first) ?? '?'}` : `through an attachment to ${elsewhere[0]?.node ?? 'another node'}`}, so it cannot attach to ${ctx.node ?? 'this node'}.`,
    evidenceFor,
    evidenceAgainst,
    nextSteps: [
      ...(first !== undefined ? [`Let ${describeRef(refOf(first))} terminate (or, if its node is gone, \`kubectl -n ${first.metadata.namespace ?? ''} delete pod ${first.metadata.name} --grace-period=0 --force\` after making sure the node is really down).`] : []),
      'For Deployments with ReadWriteOnce volumes, use `strategy: Recreate` so the old pod releases the volume first.',
    ],
  };
}

export const multiAttach: Hypothesis = {
  id: 'multi-attach',
  title: 'A ReadWriteOnce volume is still attached to another node',
  needs: ['Pod', 'Event'],
  reads: ['PersistentVolumeClaim', 'PersistentVolume', 'VolumeAttachment', 'Node'],
  assess,
  explain: summaryStep('How did the volume fail to attach?'),
};
