/**
 * node-not-ready: the pod is bound to a node whose kubelet is not doing its job: Ready False or Unknown,
 * a stale heartbeat, the `node.kubernetes.io/unreachable` / `not-ready` taints, or the node is gone.
 * Nothing on that node progresses, so storage errors reported from it earlier are not the blocker.
 */
import { list, text, timeOf } from '../../kube/read.ts';
import { describeRef, refOf } from '../../model/refs.ts';
import { ago, formatDuration } from '../../model/time.ts';
import { absenceEvidence, eventEvidence, objectEvidence } from '../evidence.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';
import { summaryStep } from '../chain.ts';

// Since NodeLease, a healthy kubelet still rewrites unchanged node status every 5 minutes (nodeStatusReportFrequency).
const STALE_HEARTBEAT_MS = 10 * 60 * 1000;
const NODE_TAINTS = new Set(['node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready']);

function assess(ctx: PodContext): Assessment | undefined {
  if (ctx.node === undefined) return undefined;
  const now = ctx.model.now;
  const node = ctx.nodeObject;
  const nodeRef = { kind: 'Node', name: ctx.node };
  if (node === undefined) {
    if (ctx.model.kindCoverage('Node') !== 'read') return undefined;
    return {
      verdict: 'likely',
      score: 0.9,
      summary: `${describeRef(ctx.podRef)} is bound to node ${ctx.node}, which no longer exists: no kubelet will ever start it.`,
      evidenceFor: [absenceEvidence(`Node ${ctx.node} does not exist`, nodeRef)],
      evidenceAgainst: [],
      nextSteps: [`\`kubectl -n ${ctx.podRef.namespace ?? ''} delete pod ${ctx.podRef.name} --grace-period=0 --force\` so its controller recreates it elsewhere.`],
    };
  }
  const ref = refOf(node);
  const ready = list(node.status?.conditions).find((c) => c.type === 'Ready');
  const heartbeat = timeOf(ready?.lastHeartbeatTime);
  const since = timeOf(ready?.lastTransitionTime);
  const taints = list(node.spec?.taints).filter((t) => NODE_TAINTS.has(t.key ?? ''));
  const staleHeartbeat = heartbeat !== undefined && now - heartbeat > STALE_HEARTBEAT_MS;
  const evidenceFor: Evidence[] = [];
  const evidenceAgainst: Evidence[] = [];
  const status = ready?.status ?? 'missing';
  const readyLine = `Node ${node.metadata.name} Ready=${status}${text(ready?.reason) !== undefined ? ` (${ready?.reason ?? ''}${text(ready?.message) !== undefined ? `: ${ready?.message ?? ''}` : ''})` : ''}${since !== undefined ? ` since ${ago(since, now)}` : ''}`;
  const heartbeatLine = heartbeat !== undefined ? `Last heartbeat ${ago(heartbeat, now)}` : 'No heartbeat time recorded';
  if (status === 'True' && !staleHeartbeat && taints.length === 0) {
    evidenceAgainst.push(objectEvidence(ref, `${readyLine}; ${heartbeatLine.toLowerCase()}`, heartbeat));
    return { verdict: 'ruled-out', score: 0, summary: `Node ${node.metadata.name} is Ready and its kubelet reports on time.`, evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  evidenceFor.push(objectEvidence(ref, readyLine, since));
  if (staleHeartbeat) evidenceFor.push(objectEvidence(ref, `${heartbeatLine}: the kubelet has stopped reporting`, heartbeat));
  for (const t of taints) evidenceFor.push(objectEvidence(ref, `Tainted ${t.key ?? ''}:${t.effect ?? ''}`));
  // A kubelet that still reports events for this pod after the node went NotReady is alive.
  const alive = ctx.current.filter((e) => e.component === 'kubelet' && e.host === node.metadata.name && since !== undefined && (e.last ?? 0) > since);
  const lastAlive = alive[alive.length - 1];
  const steps = [
    `On ${node.metadata.name}: \`systemctl status kubelet\` (microk8s: \`snap services microk8s\`), the container runtime, and \`kubectl describe node ${node.metadata.name}\`.`,
    `If the node is gone for good: \`kubectl delete node ${node.metadata.name}\`; its pods are recreated elsewhere (pods with volumes pinned to it are not).`,
  ];
  if (status === 'True') {
    return { verdict: 'possible', score: 0.5, summary: `Node ${node.metadata.name} still says Ready, but ${staleHeartbeat ? `its last heartbeat was ${heartbeat !== undefined ? formatDuration(now - heartbeat) : '?'} ago` : 'it is tainted unreachable/not-ready'}.`, evidenceFor, evidenceAgainst, nextSteps: steps };
  }
  if (lastAlive !== undefined) {
    evidenceAgainst.push(eventEvidence(lastAlive, now, `The kubelet on ${node.metadata.name} still reported "${lastAlive.reason}" for this pod after the node turned ${status}: it is running`));
    return { verdict: 'possible', score: 0.55, summary: `Node ${node.metadata.name} is ${status === 'Unknown' ? 'unreachable' : 'NotReady'}, but its kubelet still works on the pod.`, evidenceFor, evidenceAgainst, nextSteps: steps };
  }
  return {
    verdict: status === 'Unknown' || staleHeartbeat ? 'confirmed' : 'likely',
    // Above every storage cause: nothing on a dead node progresses, whatever its volumes.
    score: 0.98,
    summary: `${describeRef(ctx.podRef)} is bound to node ${node.metadata.name}, which is ${status === 'Unknown' ? 'unreachable (its kubelet stopped reporting)' : 'NotReady'}: nothing on it makes progress.`,
    evidenceFor,
    evidenceAgainst,
    nextSteps: steps,
  };
}

export const nodeNotReady: Hypothesis = {
  id: 'node-not-ready',
  title: 'The pod\'s node is not ready',
  needs: ['Node'],
  reads: ['Event'],
  assess,
  explain: summaryStep('How could the pod not start on its node?'),
};
