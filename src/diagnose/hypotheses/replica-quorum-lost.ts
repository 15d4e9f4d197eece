/**
 * replica-quorum-lost: the target runs but has fewer healthy replicas than its quorum (Jiva: more than
 * half of the replication factor; cStor: consistencyFactor), so it refuses logins or goes read-only.
 */
import { describeRef } from '../../model/refs.ts';
import type { DataPath } from '../../model/datapath/types.ts';
import { absenceEvidence, describeServingPod, eventEvidence, gap, objectEvidence } from '../evidence.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';
import { connectionFailures } from './connection-failures.ts';
import { strongest } from '../rank.ts';
import type { EventView } from '../../model/events.ts';

const DEGRADED_MODES = new Set(['RO', 'Degraded', 'Offline', 'Error', 'Syncing']);

/**
 * Current symptoms on replicated volumes: mount/login failures, I/O errors, current fsck errors, and the CSI
 * driver relaying that the target's replicas have not connected (the target itself says it lacks replicas).
 */
function symptoms(ctx: PodContext): Map<DataPath, EventView[]> {
  const out = new Map<DataPath, EventView[]>();
  const add = (path: DataPath | undefined, e: EventView): void => {
    if (path === undefined || path.engine === undefined || !['jiva', 'cstor'].includes(path.engine)) return;
    const list = out.get(path) ?? [];
    list.push(e);
    out.set(path, list);
  };
  for (const f of connectionFailures(ctx)) add(f.path, f.event);
  for (const { event } of ctx.currentFacts('volume-io-error')) add(ctx.pathOf(event), event);
  for (const { event } of ctx.currentFacts('fsck-uncorrectable')) add(ctx.pathOf(event), event);
  for (const { event } of ctx.currentFacts('filesystem-corrupt')) add(ctx.pathOf(event), event);
  for (const { event } of ctx.currentFacts('replicas-not-connected')) add(ctx.pathOf(event), event);
  return out;
}

export function quorumOf(replicationFactor: number): number {
  return Math.floor(replicationFactor / 2) + 1;
}

function judge(ctx: PodContext, path: DataPath, events: EventView[]): Assessment {
  const now = ctx.model.now;
  const latest = events[events.length - 1];
  const evidenceFor: Evidence[] = latest !== undefined ? [eventEvidence(latest, now)] : [];
  const evidenceAgainst: Evidence[] = [];
  const rf = path.replicationFactor ?? (path.replicas.length > 0 ? path.replicas.length : undefined);
  const ready = path.replicas.filter((r) => r.ready);
  const status = path.volumeStatus;
  const degradedStatus = status?.mode !== undefined && DEGRADED_MODES.has(status.mode) ? status : undefined;
  if (rf === undefined || path.replicas.length === 0) {
    const what = path.engine === 'cstor' ? 'CStorVolumeReplica objects' : 'replica pods';
    evidenceAgainst.push(gap(`No ${what} of ${path.persistentVolume?.name ?? 'the volume'} were found, so the quorum cannot be counted`));
    if (degradedStatus !== undefined) evidenceFor.push(objectEvidence(degradedStatus.ref, `${describeRef(degradedStatus.ref)} reports ${degradedStatus.mode ?? ''}`));
    return { verdict: 'possible', score: degradedStatus !== undefined ? 0.5 : 0.2, summary: 'The replica set of the volume could not be inspected.', evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  const quorum = quorumOf(rf);
  const lines = path.replicas.map((r) => objectEvidence(r.ref, `${describeRef(r.ref)} on ${r.node ?? '(unscheduled)'}: ${describeServingPod(r, now)}${r.mode !== undefined ? `, mode ${r.mode}` : ''}`));
  if (ready.length < quorum) {
    evidenceFor.push(absenceEvidence(`Only ${ready.length} of ${rf} replicas are ready; the volume needs ${quorum} to serve I/O`));
    evidenceFor.push(...lines.filter((_, i) => path.replicas[i]?.ready !== true));
    if (degradedStatus !== undefined) evidenceFor.push(objectEvidence(degradedStatus.ref, `${describeRef(degradedStatus.ref)} reports ${degradedStatus.mode ?? ''}`));
    return {
      verdict: 'likely',
      // A lost quorum fails every login and I/O deterministically, so it outranks environment-dependent causes (hairpin: 0.85).
      score: degradedStatus !== undefined ? 0.95 : 0.9,
      summary: `${path.persistentVolume?.name ?? 'The volume'} has ${ready.length} of ${rf} replicas ready, below its quorum of ${quorum}: the target cannot serve the volume.`,
      evidenceFor,
      evidenceAgainst,
      nextSteps: [
        ...path.replicas.filter((r) => !r.ready).map((r) => `Bring back replica ${describeRef(r.ref)}: \`kubectl -n ${r.ref.namespace ?? ''} describe pod ${r.ref.name}\` (a replica pinned to a lost node stays Pending).`),
        'Do not force-mount or fsck the volume while replicas resynchronise.',
      ],
    };
  }
  if (degradedStatus !== undefined) {
    evidenceFor.push(objectEvidence(degradedStatus.ref, `${describeRef(degradedStatus.ref)} reports ${degradedStatus.mode ?? ''} although ${ready.length} of ${rf} replicas are ready`));
    return { verdict: 'possible', score: 0.5, summary: 'The replicas are up, but the volume reports a degraded mode.', evidenceFor, evidenceAgainst: lines, nextSteps: [] };
  }
  evidenceAgainst.push(...lines);
  if (ready.length < path.replicas.length) {
    return { verdict: 'possible', score: 0.15, summary: `Quorum holds (${ready.length} of ${rf} ready, ${quorum} needed), but not every replica is ready.`, evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  if (status !== undefined) evidenceAgainst.push(objectEvidence(status.ref, `${describeRef(status.ref)} reports ${status.mode ?? status.phase ?? 'no problem'}`));
  return { verdict: 'ruled-out', score: 0, summary: `All ${ready.length} of ${rf} replicas are ready (quorum ${quorum}).`, evidenceFor, evidenceAgainst, nextSteps: [] };
}

export const replicaQuorumLost: Hypothesis = {
  id: 'replica-quorum-lost',
  title: 'The volume has lost its replica quorum',
  needs: ['Pod', 'Event'],
  // Which CRs matter depends on the engine (legacy Jiva has none); the data path records their absence as gaps.
  reads: ['PersistentVolumeClaim', 'PersistentVolume', 'Service', 'JivaVolume', 'CStorVolume', 'CStorVolumeReplica'],
  assess(ctx) {
    return strongest([...symptoms(ctx)].map(([path, events]) => judge(ctx, path, events)));
  },
};
