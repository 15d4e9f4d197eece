/**
 * initiator-misconfigured: iscsiadm runs and iscsid answers, but their configuration or versions do not
 * fit: no initiator name, an iface record that does not exist, or an IPC exchange that iscsid drops
 * (error 18 / `daemon died?`, typical when a containerized kubelet's iscsiadm differs from the host's
 * iscsid, rancher/rancher#14161).
 */
import { eventEvidence, inference, objectEvidence } from '../evidence.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';
import { podNodeDistribution } from './missing-executables.ts';
import { summaryStep } from '../chain.ts';

function assess(ctx: PodContext): Assessment | undefined {
  const config = ctx.currentFacts('initiator-config');
  const iscsid = ctx.currentFacts('iscsid-unreachable');
  const dropped = iscsid.filter((f) => f.fact.mode === 'communication-lost');
  const refused = iscsid.filter((f) => f.fact.mode === 'not-connected');
  if (config.length === 0 && dropped.length === 0) return undefined;
  const now = ctx.model.now;
  const node = ctx.node ?? 'the node';
  const evidenceFor: Evidence[] = [];
  const evidenceAgainst: Evidence[] = [];
  // "Initiatorname required" next to "can not connect to iSCSI daemon": iscsid supplies the name, and it is not running.
  const ownConfig = config.filter((c) => !refused.some((r) => r.event === c.event));
  for (const c of config) {
    if (ownConfig.includes(c)) evidenceFor.push(eventEvidence(c.event, now, `${c.event.reason}: "${c.fact.signal}"`));
    else evidenceAgainst.push(eventEvidence(c.event, now, `"${c.fact.signal}" comes with "can not connect to iSCSI daemon": iscsid provides the initiator name and is not running (iscsid-not-running)`));
  }
  if (ownConfig.length > 0) {
    return {
      verdict: 'likely',
      score: 0.75,
      summary: `The iSCSI initiator on ${node} is misconfigured: "${ownConfig[0]?.fact.signal ?? ''}".`,
      evidenceFor,
      evidenceAgainst,
      nextSteps: [`On ${node}: check /etc/iscsi/initiatorname.iscsi (a unique InitiatorName=iqn.… line) and \`iscsiadm -m iface\` for the iface the volume names, then restart iscsid.`],
    };
  }
  if (dropped.length === 0) {
    return { verdict: 'ruled-out', score: 0, summary: 'The initiator configuration messages are explained by iscsid not running.', evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  for (const d of dropped) evidenceFor.push(eventEvidence(d.event, now));
  const distribution = podNodeDistribution(ctx);
  const containerized = distribution?.containerizedKubelet === true;
  if (containerized && distribution !== undefined) {
    evidenceFor.push(objectEvidence({ kind: 'Node', name: node }, `${node} runs ${distribution.name} (${distribution.signs.join(', ')}): the kubelet's iscsiadm comes from its image, iscsid from the host, and their IPC differs between open-iscsi versions`));
  }
  evidenceAgainst.push(inference('A dropped iscsid exchange is also what an iscsid crash looks like (iscsid-not-running)'));
  return {
    verdict: containerized ? 'likely' : 'possible',
    score: containerized ? 0.6 : 0.45,
    summary: `iscsiadm and iscsid on ${node} do not complete their exchange (${dropped[0]?.fact.signal ?? ''}): their versions or configuration may not match.`,
    evidenceFor,
    evidenceAgainst,
    nextSteps: [`On ${node}: compare \`iscsiadm --version\` where the kubelet runs it with the host's \`iscsid --version\`; make the kubelet use the host's iscsiadm (bind mount or nsenter wrapper).`],
  };
}

export const initiatorMisconfigured: Hypothesis = {
  id: 'initiator-misconfigured',
  title: 'The iSCSI initiator is misconfigured or mismatched with iscsid',
  needs: ['Pod', 'Event'],
  // Optional: absent ones become gap evidence inside the hypothesis, not a cap.
  reads: ['Node'],
  assess,
  explain: summaryStep('How did the iSCSI login fail?'),
};
