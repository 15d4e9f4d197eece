/**
 * stale-volume-attachment: attaching or staging is refused because a record still puts the volume on
 * another node (VolumeAttachment, a node's volumesAttached, JivaVolume `nodeID`/`mountInfo`,
 * CStorVolumeAttachment) while that node is gone, NotReady, or runs no consumer of the volume. A live
 * consumer on that node is multi-attach instead.
 */
import type { AttachFailedFact, AttachmentConflictFact } from '../../messages/node-side-messages.ts';
import type { MultiAttachFact } from '../../messages/volume-message.ts';
import type { DataPath } from '../../model/datapath/types.ts';
import { describeRef } from '../../model/refs.ts';
import type { EventView } from '../../model/events.ts';
import { absenceEvidence, eventEvidence, gap, inference, objectEvidence } from '../evidence.ts';
import type { Assessment, Evidence, FactInEvent, Hypothesis, PodContext } from '../types.ts';
import { describeHolderState, holdersElsewhere, type Holder } from './attachment-holders.ts';
import { summaryStep } from '../chain.ts';

type Refusal = FactInEvent<AttachmentConflictFact | AttachFailedFact | MultiAttachFact>;

function refusals(ctx: PodContext): Refusal[] {
  return [...ctx.currentFacts('attachment-conflict'), ...ctx.currentFacts('multi-attach'), ...ctx.currentFacts('attach-failed')];
}

/**
 * The drivers named when every refusal is an attach failure whose own message says the driver is not
 * registered on the node (external-attacher's getNodeID: `CSINode … does not contain driver …`). That
 * error is about the node's registration, not about where the volume is recorded.
 */
function registrationRefusals(ctx: PodContext, found: readonly Refusal[]): string[] | undefined {
  const byEvent = new Map<EventView, string>();
  for (const r of ctx.currentFacts('csi-driver-not-registered')) byEvent.set(r.event, r.fact.driver);
  const drivers = found.map((r) => (r.fact.type === 'attach-failed' ? byEvent.get(r.event) : undefined));
  if (drivers.length === 0 || drivers.some((d) => d === undefined)) return undefined;
  return [...new Set(drivers.flatMap((d) => d ?? []))];
}

function pathOfRefusal(ctx: PodContext, r: Refusal): DataPath | undefined {
  if (r.fact.type === 'multi-attach') {
    const volume = r.fact.volume;
    return ctx.pathOf(r.event) ?? ctx.paths.find((p) => p.persistentVolume?.name === volume);
  }
  return ctx.pathOf(r.event);
}

function nextSteps(ctx: PodContext, stale: Holder[]): string[] {
  const steps: string[] = [];
  for (const h of stale) {
    const kind = h.record.kind;
    if (kind === 'VolumeAttachment') steps.push(`After making sure nothing on ${h.node} uses the volume: \`kubectl delete volumeattachment ${h.record.name}\` (if ${h.node} is gone, its finalizer may need removing) so the attach/detach controller can attach it to ${ctx.node ?? 'the new node'}.`);
    else if (kind === 'JivaVolume') steps.push(`After making sure ${h.node} has no mount or iSCSI session of the volume: remove \`spec.mountInfo\` and the \`nodeID\` label from ${describeRef(h.record)} (\`kubectl -n ${h.record.namespace ?? 'openebs'} edit jivavolume ${h.record.name}\`), or reboot ${h.node}.`);
    else if (kind === 'CStorVolumeAttachment') steps.push(`After making sure ${h.node} has no mount of the volume: \`kubectl -n ${h.record.namespace ?? 'openebs'} delete cva ${h.record.name}\`.`);
    else if (kind === 'Node') steps.push(`The attach/detach controller still counts the volume as attached to ${h.node}; once that node is confirmed down, \`kubectl delete node ${h.node}\` (or bring it back) releases it.`);
    else steps.push(`Check ${h.node}: the driver says the volume is still mounted there, but no consumer runs on it.`);
  }
  return [...new Set(steps)];
}

function assess(ctx: PodContext): Assessment | undefined {
  const found = refusals(ctx);
  if (found.length === 0) return undefined;
  const now = ctx.model.now;
  const evidenceFor: Evidence[] = [];
  const evidenceAgainst: Evidence[] = [];
  const stale: Holder[] = [];
  const live: Holder[] = [];
  const gaps = new Set<string>();
  const seenPaths = new Set<DataPath>();
  for (const r of found) {
    const path = pathOfRefusal(ctx, r);
    if (path === undefined || seenPaths.has(path)) continue;
    seenPaths.add(path);
    const named = r.fact.type === 'attachment-conflict' && r.fact.node !== undefined ? [{ node: r.fact.node, record: r.event.self, what: `the ${r.fact.engine} driver says the volume is still mounted on ${r.fact.node}` }] : [];
    const search = holdersElsewhere(ctx, path, named);
    for (const g of search.gaps) gaps.add(g);
    for (const u of search.unjudged) gaps.add(`${u}, but Node objects were not read to judge that node`);
    for (const h of search.holders) (h.state === 'consumer' ? live : stale).push(h);
    for (const h of search.holders) {
      const ev = objectEvidence(h.record, `${h.what}; ${describeHolderState(h, path.claim)}`);
      (h.state === 'consumer' ? evidenceAgainst : evidenceFor).push(ev);
    }
  }
  const strongest = found.find((r) => r.fact.type !== 'attach-failed') ?? found[0];
  if (strongest !== undefined) evidenceFor.unshift(eventEvidence(strongest.event, now));
  for (const g of gaps) evidenceAgainst.push(gap(g));

  if (stale.length === 0) {
    if (live.length > 0) {
      return { verdict: 'ruled-out', score: 0, summary: `The volume is held by a live consumer on ${live.map((h) => h.node).join(', ')}, not by a stale record (multi-attach).`, evidenceFor, evidenceAgainst, nextSteps: [] };
    }
    evidenceAgainst.push(absenceEvidence(`No VolumeAttachment, node record, JivaVolume or CStorVolumeAttachment puts the volume on a node other than ${ctx.node ?? 'the pod\'s'}`));
    const unregistered = registrationRefusals(ctx, found);
    if (unregistered !== undefined && gaps.size === 0) {
      evidenceAgainst.push(inference(`The attach error says ${unregistered.join(', ')} is not registered on ${ctx.node ?? 'the pod\'s node'}: the attacher cannot find the node's ID for the driver. A record on another node would surface as a Multi-Attach error or a driver refusal instead (csi-node-plugin-missing / csi-kubelet-dir-mismatch explain this one)`));
      return { verdict: 'ruled-out', score: 0, summary: `The attach fails because ${unregistered.join(', ')} is not registered on ${ctx.node ?? 'the pod\'s node'}, and no record puts the volume on another node.`, evidenceFor, evidenceAgainst, nextSteps: [] };
    }
    // A bare attach failure (timeout, driver error) is this hypothesis's symptom, not its discriminator. With every
    // record kind read and none putting the volume elsewhere, nothing supports it and the records contradict it.
    // Multi-Attach and driver "still mounted" refusals themselves say the volume is held elsewhere, so they stay possible.
    if (gaps.size === 0 && found.every((r) => r.fact.type === 'attach-failed')) {
      return { verdict: 'ruled-out', score: 0, summary: 'The attach fails, but every attachment record was read and none puts the volume on another node.', evidenceFor, evidenceAgainst, nextSteps: [] };
    }
    return {
      verdict: 'possible',
      score: gaps.size > 0 ? 0.3 : 0.15,
      summary: 'Attaching or staging is refused, but no record of the volume on another node was found.',
      evidenceFor,
      evidenceAgainst,
      nextSteps: ['`kubectl get volumeattachment` (and, for OpenEBS, `kubectl -n openebs get jivavolume,cva --show-labels`) to find where the volume is recorded.'],
    };
  }
  const conclusive = found.some((r) => r.fact.type !== 'attach-failed');
  const first = stale[0];
  return {
    verdict: conclusive ? 'confirmed' : 'likely',
    score: conclusive ? 0.9 : 0.75,
    summary: `The volume is still recorded on ${[...new Set(stale.map((h) => h.node))].join(', ')} (${first !== undefined ? describeHolderState(first, ctx.paths.find((p) => p.claim !== undefined)?.claim) : ''}), so it cannot be attached or staged on ${ctx.node ?? 'this node'}.`,
    evidenceFor,
    evidenceAgainst,
    nextSteps: nextSteps(ctx, stale),
  };
}

export const staleVolumeAttachment: Hypothesis = {
  id: 'stale-volume-attachment',
  title: 'A stale attachment record keeps the volume on another node',
  needs: ['Pod', 'Node', 'Event'],
  // Optional: absent ones become gap evidence inside the hypothesis, not a cap.
  reads: ['PersistentVolumeClaim', 'PersistentVolume', 'VolumeAttachment', 'JivaVolume', 'CStorVolumeAttachment'],
  assess,
  explain: summaryStep('How did the volume fail to attach?'),
};
