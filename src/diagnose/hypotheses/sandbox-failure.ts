/**
 * sandbox-failure: the container runtime cannot create the pod sandbox, almost always because the CNI
 * plugin fails (Calico `Unauthorized`, the IP pool of the node is exhausted, the plugin binary is
 * missing, the CNI is not initialised). The kubelet mounts volumes before it creates the sandbox, so a
 * current sandbox failure newer than every mount failure means storage is no longer what blocks the pod.
 */
import { describeRef } from '../../model/refs.ts';
import type { SandboxCause } from '../../messages/pod-start-message.ts';
import { eventEvidence, inference } from '../evidence.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';

const MOUNT_REASONS = new Set(['FailedMount', 'FailedAttachVolume', 'FailedMapVolume']);

const EXPLAIN: Record<SandboxCause, string> = {
  'cni-unauthorized': 'the CNI plugin\'s credentials to the API server are rejected (Calico: an expired or rotated service-account token in its kubeconfig)',
  'ip-exhausted': 'the CNI has no free pod IP left for this node (host-local IPAM leaks addresses when sandboxes are killed uncleanly)',
  'cni-plugin-missing': 'the CNI plugin binary the network configuration names is not installed on the node',
  'cni-not-ready': 'the node\'s CNI is not initialised (its DaemonSet pod is not running or has not written its configuration)',
  other: 'the container runtime reports an error creating the sandbox',
};

const FIX: Record<SandboxCause, string> = {
  'cni-unauthorized': 'Restart the CNI pod on the node (`kubectl -n kube-system delete pod -l k8s-app=calico-node --field-selector spec.nodeName=<node>`) so it writes a fresh token; update Calico if it recurs.',
  'ip-exhausted': 'Free leaked addresses: on the node, compare /var/lib/cni/networks/<network>/ with running pods (or `calicoctl ipam check`), then release the stale ones.',
  'cni-plugin-missing': 'Install the plugin into the CNI bin directory (/opt/cni/bin, or the distribution\'s path) and check the CNI DaemonSet\'s install init container.',
  'cni-not-ready': 'Check the CNI DaemonSet pod on the node and `kubectl describe node` for NetworkPluginNotReady.',
  other: 'Read the full message and the container runtime log on the node (`journalctl -u containerd`).',
};

function assess(ctx: PodContext): Assessment | undefined {
  const all = ctx.allFacts('sandbox-failed');
  if (all.length === 0) return undefined;
  const now = ctx.model.now;
  const current = all.filter((f) => f.stale === undefined);
  if (current.length === 0) {
    return { verdict: 'ruled-out', score: 0, summary: `Every sandbox failure seen is stale (${all.length} event${all.length === 1 ? '' : 's'}).`, evidenceFor: [], evidenceAgainst: all.map((f) => eventEvidence(f.event, now, undefined, f.stale)), nextSteps: [] };
  }
  const latest = current[current.length - 1];
  if (latest === undefined) return undefined;
  const { fact, event } = latest;
  const evidenceFor: Evidence[] = [eventEvidence(event, now)];
  const evidenceAgainst: Evidence[] = [];
  evidenceFor.push(inference(`The CNI cause named in the message: ${fact.detail}${fact.plugin !== undefined ? ` (plugin ${fact.plugin})` : ''}: ${EXPLAIN[fact.cause]}`));
  const lastSandbox = event.last ?? 0;
  const newerMount = ctx.current.filter((e) => MOUNT_REASONS.has(e.reason) && (e.last ?? 0) > lastSandbox);
  const mountNewest = newerMount[newerMount.length - 1];
  if (mountNewest !== undefined) {
    evidenceAgainst.push(eventEvidence(mountNewest, now, `A volume failure is newer than the last sandbox failure: ${mountNewest.reason} "${mountNewest.message.split('\n')[0] ?? ''}"`));
    return { verdict: 'possible', score: 0.4, summary: `The sandbox could not be created (${fact.cause}), but volume failures are newer: the volume is what blocks the pod now.`, evidenceFor, evidenceAgainst, nextSteps: [FIX[fact.cause]] };
  }
  if (ctx.current.some((e) => MOUNT_REASONS.has(e.reason))) {
    evidenceFor.push(inference('The kubelet mounts volumes before it creates the sandbox: the earlier volume failures were overcome'));
  }
  const named = fact.cause !== 'other';
  return {
    verdict: named ? 'confirmed' : 'likely',
    score: named ? 0.96 : 0.75,
    summary: `The pod's sandbox cannot be created on ${ctx.node ?? 'its node'}: ${EXPLAIN[fact.cause]}.`,
    evidenceFor,
    evidenceAgainst,
    nextSteps: [FIX[fact.cause], `Then \`kubectl -n ${ctx.podRef.namespace ?? ''} delete pod ${ctx.podRef.name}\` if it does not recover by itself.`],
  };
}

export const sandboxFailure: Hypothesis = {
  id: 'sandbox-failure',
  title: 'The pod sandbox cannot be created (CNI)',
  needs: ['Event'],
  reads: ['Pod', 'Node'],
  assess,
  explain(ctx, assessment) {
    return [{ question: `How did ${describeRef(ctx.podRef)} fail to start?`, answer: assessment.summary, evidence: assessment.evidenceFor }];
  },
};
