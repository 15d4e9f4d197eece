/**
 * filesystem-corruption: a CURRENT `'fsck' found errors … but could not correct them`, or the kernel
 * refusing the mount as corrupted (`probably corrupted filesystem`, `Structure needs cleaning`), for this
 * volume on this pod's node. Stale fsck events (an earlier pod, another node, before this pod) are not evidence:
 * that false trail cost the seed incident's operator minutes.
 */
import { describeRef } from '../../model/refs.ts';
import { eventEvidence, gap } from '../evidence.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';
import { quorumOf } from './replica-quorum-lost.ts';
import type { EventView } from '../../model/events.ts';
import { summaryStep } from '../chain.ts';

interface DamageSign {
  event: EventView;
  stale?: { why: string };
  device?: string;
  /** How the damage showed, for the summary: fsck gave up, or the kernel refused the mount. */
  how: string;
  /** From fsck (the older, narrower wording of the summaries), not from the kernel. */
  fsck: boolean;
}

/** Every event (current or stale) saying the filesystem is damaged, fsck's first, each kind in event order. */
function damageSigns(ctx: PodContext): DamageSign[] {
  const out: DamageSign[] = [];
  const add = (event: EventView, stale: { why: string } | undefined, device: string | undefined, how: string, fsck: boolean): void => {
    const sign: DamageSign = { event, how, fsck };
    if (stale !== undefined) sign.stale = stale;
    if (device !== undefined) sign.device = device;
    out.push(sign);
  };
  for (const f of ctx.allFacts('fsck-uncorrectable')) add(f.event, f.stale, f.fact.device, 'fsck found errors it could not correct', true);
  for (const f of ctx.allFacts('filesystem-corrupt')) add(f.event, f.stale, f.fact.device, `The kernel refused to mount a corrupted filesystem ("${f.fact.signal}")`, false);
  return out;
}

function assess(ctx: PodContext): Assessment | undefined {
  const all = damageSigns(ctx);
  if (all.length === 0) return undefined;
  const now = ctx.model.now;
  const current = all.filter((f) => f.stale === undefined);
  const stale = all.filter((f) => f.stale !== undefined);
  const evidenceAgainst: Evidence[] = stale.map((f) => eventEvidence(f.event, now, undefined, f.stale));
  if (current.length === 0) {
    return {
      verdict: 'ruled-out',
      score: 0,
      summary: `Every ${stale.every((f) => f.fsck) ? 'fsck' : 'filesystem'} error seen is stale (${stale.length} event${stale.length === 1 ? '' : 's'}): none is about the current pod on its current node.`,
      evidenceFor: [],
      evidenceAgainst,
      nextSteps: [],
    };
  }
  const latest = current[current.length - 1];
  const evidenceFor: Evidence[] = current.map((f) => eventEvidence(f.event, now));
  const path = latest !== undefined ? ctx.pathOf(latest.event) : undefined;
  const device = latest?.device;
  const rf = path?.replicationFactor;
  const readyReplicas = path?.replicas.filter((r) => r.ready).length ?? 0;
  if (path !== undefined && rf !== undefined && path.replicas.length > 0 && readyReplicas < quorumOf(rf)) {
    evidenceAgainst.push(gap(`Only ${readyReplicas} of ${rf} replicas are ready: the errors may come from a replica set that lost quorum (replica-quorum-lost), not from the filesystem itself`));
    return { verdict: 'possible', score: 0.4, summary: 'The filesystem on the volume reports damage, but the replicas behind the volume are degraded: the deeper cause is likely there.', evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  const vol = path?.persistentVolume !== undefined ? describeRef(path.persistentVolume) : (device ?? 'the volume');
  if (path !== undefined && path.replicas.length === 0 && path.engine !== undefined) evidenceAgainst.push(gap('The replicas behind the volume could not be inspected'));
  return {
    verdict: 'confirmed',
    score: 0.9,
    summary: `${latest?.how ?? 'The filesystem is damaged'} on ${vol} (${device ?? 'device unknown'}) during the current mount on ${ctx.node ?? 'the node'}.`,
    evidenceFor,
    evidenceAgainst,
    nextSteps: [
      `Scale the workload to 0, then run \`fsck.ext4 -y ${device ?? '<device>'}\` (or the fsck of its filesystem) from a privileged debug pod on a node with the volume attached; keep a copy first if the data matters.`,
      'Find why the filesystem was damaged (unclean detach, replica divergence) before scaling back up.',
    ],
  };
}

export const filesystemCorruption: Hypothesis = {
  id: 'filesystem-corruption',
  title: 'The filesystem on the volume is damaged',
  needs: ['Event'],
  reads: ['Pod', 'PersistentVolumeClaim', 'PersistentVolume'],
  assess,
  explain: summaryStep('How did the mount fail?'),
};
