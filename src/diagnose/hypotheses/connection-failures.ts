/** The connection-class failures shared by hairpin-colocation, target-not-ready and portal-stale (HYPOTHESES.md). */
import type { EventView } from '../../model/events.ts';
import type { DataPath } from '../../model/datapath/types.ts';
import type { ChainStep, Evidence, PodContext } from '../types.ts';
import { eventEvidence } from '../evidence.ts';
import { pushTo } from '../../model/multimap.ts';

export interface ConnectionFailure {
  event: EventView;
  path: DataPath | undefined;
  portal?: string;
  refused: boolean;
  signals: string[];
  exitCode?: number;
}

/** Current events saying the node could not talk to an iSCSI or NFS target. */
export function connectionFailures(ctx: PodContext): ConnectionFailure[] {
  const out: ConnectionFailure[] = [];
  for (const { fact, event } of ctx.currentFacts('iscsi-connection')) {
    const f: ConnectionFailure = { event, path: ctx.pathOf(event, fact.portal), refused: fact.refused, signals: fact.signals };
    if (fact.portal !== undefined) f.portal = fact.portal;
    if (fact.exitCode !== undefined) f.exitCode = fact.exitCode;
    out.push(f);
  }
  for (const { fact, event } of ctx.currentFacts('nfs-connection')) {
    const f: ConnectionFailure = { event, path: ctx.pathOf(event, fact.server), refused: fact.refused, signals: [fact.signal] };
    if (fact.server !== undefined) f.portal = fact.server;
    out.push(f);
  }
  return out;
}

/** Groups failures by data path; failures whose path is unknown are grouped under `undefined`. */
export function failuresByPath(failures: readonly ConnectionFailure[]): Map<DataPath | undefined, ConnectionFailure[]> {
  const map = new Map<DataPath | undefined, ConnectionFailure[]>();
  for (const f of failures) pushTo(map, f.path, f);
  return map;
}

/** The earliest first occurrence among failures: when the trouble began, as far as events show. */
export function firstFailureAt(failures: readonly ConnectionFailure[]): number | undefined {
  let first: number | undefined;
  for (const f of failures) {
    const t = f.event.first ?? f.event.last;
    if (t !== undefined && (first === undefined || t < first)) first = t;
  }
  return first;
}

/** The most informative failure to quote: the one with the most iscsiadm signal lines, newest on ties. */
export function representative(failures: readonly ConnectionFailure[]): ConnectionFailure | undefined {
  let best: ConnectionFailure | undefined;
  for (const f of failures) if (best === undefined || f.signals.length >= best.signals.length) best = f;
  return best;
}

/** The chain step "How did the mount fail?" shared by the connection-class hypotheses. */
export function mountFailureStep(ctx: PodContext, failures: readonly ConnectionFailure[]): ChainStep {
  const rep = representative(failures);
  const evidence: Evidence[] = rep !== undefined ? [eventEvidence(rep.event, ctx.model.now)] : [];
  const path = rep?.path;
  const protocol = path?.protocol === 'nfs' || rep?.signals.some((s) => s.includes('mount.nfs')) === true ? 'NFS' : 'iSCSI';
  const portal = rep?.portal ?? path?.portal?.address ?? 'its portal';
  const signal = rep?.signals.find((s) => /PDU|timed out|refused|route/i.test(s)) ?? rep?.signals[0];
  let answer = `The node's ${protocol === 'iSCSI' ? 'iSCSI initiator (iscsiadm)' : 'NFS client'} could not establish a session with ${portal}${signal !== undefined ? `: "${signal}"` : ''}${rep?.exitCode !== undefined ? ` (exit status ${rep.exitCode})` : ''}.`;
  const attached = ctx.current.find((e) => e.reason === 'SuccessfulAttachVolume' && (path?.persistentVolume === undefined || e.parsed.volume === path.persistentVolume.name));
  if (attached !== undefined) {
    answer += ' The attach/detach controller had reported the volume attached, which only records the attachment in the API: the host-level session is made later, by the kubelet.';
    evidence.push(eventEvidence(attached, ctx.model.now));
  }
  return { question: 'How did the mount fail?', answer, evidence };
}

/**
 * A current event after the last connection failure that could only happen with a working session:
 * fsck or mkfs ran on the device, or a device-stage mount step succeeded. It shows the node reached the
 * target since, which contradicts "the node cannot reach the target".
 */
export function reachedTargetSince(ctx: PodContext, path: DataPath, failures: readonly ConnectionFailure[]): Evidence | undefined {
  const lastFailure = Math.max(...failures.map((f) => f.event.last ?? 0));
  const reached = ctx.current.find((e) => {
    if (e.last === undefined || e.last <= lastFailure || ctx.pathOf(e) !== path) return false;
    // fsck ran, or the kernel read the superblock and found it corrupted: both need the device.
    if (e.parsed.facts.some((f) => f.type === 'fsck-uncorrectable' || f.type === 'filesystem-corrupt')) return true;
    const op = e.parsed.operation;
    return e.parsed.outcome === 'succeeded' && (op === 'MountVolume.MountDevice' || op === 'MountVolume.SetUp' || op === 'MountVolume.WaitForAttach');
  });
  if (reached === undefined) return undefined;
  return eventEvidence(reached, ctx.model.now, `The node reached the target after the last connection failure: ${reached.reason} "${reached.message.split('\n')[0] ?? ''}"`);
}
