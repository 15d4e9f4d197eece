/**
 * nfs-export-denied: the NFS server answered and refused the export to this client
 * (`mount.nfs: access denied by server while mounting …`). The answer proves the server is reachable;
 * the cause is the server's export list (/etc/exports, the allowed client addresses or the path).
 */
import { list, text } from '../../kube/read.ts';
import { describeRef } from '../../model/refs.ts';
import { eventEvidence, inference, objectEvidence } from '../evidence.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';
import { summaryStep } from '../chain.ts';

function assess(ctx: PodContext): Assessment | undefined {
  const all = ctx.allFacts('nfs-access-denied');
  if (all.length === 0) return undefined;
  const now = ctx.model.now;
  const current = all.filter((f) => f.stale === undefined);
  if (current.length === 0) {
    return { verdict: 'ruled-out', score: 0, summary: 'Every "access denied by server" event is stale.', evidenceFor: [], evidenceAgainst: all.map((f) => eventEvidence(f.event, now, undefined, f.stale)), nextSteps: [] };
  }
  const latest = current[current.length - 1];
  if (latest === undefined) return undefined;
  const path = ctx.pathOf(latest.event);
  const evidenceFor: Evidence[] = [eventEvidence(latest.event, now)];
  const evidenceAgainst: Evidence[] = [];
  const server = latest.fact.server ?? path?.portal?.host ?? 'the server';
  const exported = latest.fact.export ?? '<path>';
  evidenceFor.push(inference(`The server ${server} answered the mount request and refused it, so it is reachable: the refusal comes from its export list`));
  if (path?.persistentVolume !== undefined) evidenceFor.push(objectEvidence(path.persistentVolume, `${describeRef(path.persistentVolume)} mounts ${server}:${exported}`));
  const isNfs = path?.protocol === 'nfs' || (path?.protocol === 'csi' && /nfs/i.test(path.driver ?? ''));
  const addresses = list(ctx.nodeObject?.status?.addresses)
    .map((a) => text(a.address))
    .filter((a): a is string => a !== undefined);
  const steps = [
    `On the NFS server: \`exportfs -v\` and /etc/exports must list ${exported} for the node's address${addresses.length > 0 ? ` (${addresses.join(', ')} for ${ctx.node ?? 'the node'})` : ''}, or the node subnet; for an in-cluster server, the address it sees may be the node's after SNAT.`,
    'Check the path exists on the server exactly as exported (NFSv4 paths are relative to the pseudo-root `fsid=0`).',
  ];
  if (path !== undefined && !isNfs) {
    evidenceAgainst.push(inference('The volume the event names is not an NFS volume kubehow recognises'));
    return { verdict: 'possible', score: 0.5, summary: `An NFS server (${server}) refused the export to ${ctx.node ?? 'the node'}.`, evidenceFor, evidenceAgainst, nextSteps: steps };
  }
  return {
    verdict: path !== undefined ? 'confirmed' : 'likely',
    score: 0.9,
    summary: `The NFS server ${server} refuses to export ${exported} to ${ctx.node ?? 'the node'}: its export list does not admit this client.`,
    evidenceFor,
    evidenceAgainst,
    nextSteps: steps,
  };
}

export const nfsExportDenied: Hypothesis = {
  id: 'nfs-export-denied',
  title: 'The NFS server refuses the export to this node',
  needs: ['Event'],
  reads: ['PersistentVolume', 'PersistentVolumeClaim', 'Node'],
  assess,
  explain: summaryStep('How did the NFS mount fail?'),
};
