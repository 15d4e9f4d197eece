/**
 * iscsid-not-running: iscsiadm is present but nothing answers on iscsid's socket (`can not connect to
 * iSCSI daemon (111)!`, exit 20). A dropped exchange (error 18, `daemon died?`) is weaker: iscsid may be
 * running but speak another version (initiator-misconfigured).
 */
import { eventEvidence, inference } from '../evidence.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';
import { summaryStep } from '../chain.ts';

function assess(ctx: PodContext): Assessment | undefined {
  const facts = ctx.currentFacts('iscsid-unreachable');
  if (facts.length === 0) return undefined;
  const now = ctx.model.now;
  const refused = facts.filter((f) => f.fact.mode === 'not-connected');
  const dropped = facts.filter((f) => f.fact.mode === 'communication-lost');
  const evidenceFor: Evidence[] = [...refused, ...dropped].map((f) => eventEvidence(f.event, now));
  const evidenceAgainst: Evidence[] = [];
  const node = ctx.node ?? 'the node';
  if (refused.length > 0) {
    const latest = refused[refused.length - 1];
    evidenceFor.push(inference(`"${latest?.fact.signal ?? ''}": iscsiadm found nothing listening on iscsid's socket (ECONNREFUSED)`));
    // iscsid's socket is an abstract Unix socket, private to a network namespace: a CSI node plugin outside the host network cannot reach a running iscsid.
    const viaCsi = refused.some((r) => /rpc error: code = /.test(r.event.message) || ctx.pathOf(r.event)?.protocol === 'csi');
    if (viaCsi) evidenceAgainst.push(inference("The call came from a CSI node plugin: if that pod does not use the host network, it cannot reach the host's iscsid even when iscsid runs"));
    return {
      verdict: viaCsi ? 'likely' : 'confirmed',
      score: viaCsi ? 0.8 : 0.9,
      summary: `iscsid is not running on ${node}: iscsiadm cannot reach it, so no iSCSI session can be made.`,
      evidenceFor,
      evidenceAgainst,
      nextSteps: [`On ${node}: \`systemctl enable --now iscsid\` (RHCOS and several images ship open-iscsi with iscsid disabled), then let the kubelet retry.`],
    };
  }
  evidenceAgainst.push(inference('iscsid answered and then dropped the exchange: it may have crashed, or iscsiadm and iscsid are different versions (initiator-misconfigured)'));
  return {
    verdict: 'possible',
    score: 0.45,
    summary: `iscsiadm lost its exchange with iscsid on ${node}: iscsid may have died.`,
    evidenceFor,
    evidenceAgainst,
    nextSteps: [`On ${node}: \`systemctl status iscsid\` and \`journalctl -u iscsid\` around the event time.`],
  };
}

export const iscsidNotRunning: Hypothesis = {
  id: 'iscsid-not-running',
  title: 'The iSCSI daemon (iscsid) is not running on the node',
  needs: ['Pod', 'Event'],
  assess,
  explain: summaryStep('How did the iSCSI login fail?'),
};
