/**
 * Does the NetworkPolicy set admit a connection from a node's host network namespace to a pod?
 * Pure evaluation of networking.k8s.io/v1 semantics for the one flow kubehow cares about: the kubelet
 * (iscsiadm, mount.nfs) on the consumer's node connecting to the pod that serves a volume.
 *
 * Semantics (kubernetes.io/docs/concepts/services-networking/network-policies, NetworkPolicySpec API reference):
 * - A policy selects pods of its own namespace with `podSelector`; an empty selector selects them all.
 * - It isolates them for ingress when `policyTypes` contains Ingress, or when `policyTypes` is absent
 *   (every policy then affects ingress, whether or not it has ingress rules).
 * - A pod that no ingress policy selects accepts everything. A selected pod accepts a connection only
 *   when at least one ingress rule of at least one selecting policy admits it (rules are additive).
 * - A rule admits when its `from` AND its `ports` match. Absent or empty `from` = every source; absent
 *   or empty `ports` = every port. An empty `ingress` list admits nothing (deny all).
 * - Traffic from the pod's own node is always allowed, whatever the policy says (the API reference:
 *   "or if the traffic source is the pod's local node"). So a policy can only block a kubelet on
 *   ANOTHER node; on the same node the hairpin path is the suspect, not the policy.
 * - podSelector / namespaceSelector peers select pods. The kubelet and iscsiadm are host processes, not
 *   pods in any namespace, and their packets carry a node address, so such peers never admit them
 *   (CNIs do not map host traffic to pod labels; OpenShift documents that even host-network pods need
 *   `podSelector: {}` with a namespaceSelector, which is implementation-specific). Only an `ipBlock`
 *   covering the node's source address (and not excluded by `except`) admits it.
 */
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, Pod } from '../kube/types.ts';
import { list, text } from '../kube/read.ts';
import { matchesLabelSelector } from '../kube/selector.ts';
import { cidrContains } from './cidr.ts';

/** The destination of the flow: the pod's port as the pod sees it (after any Service DNAT). */
export interface TargetPort {
  number: number;
  /** The container port's name, for policies that name their ports. */
  name?: string;
  protocol?: string;
}

export interface PolicyFlowVerdict {
  /** The policies that isolate the pod for ingress; empty when the pod is not isolated. */
  selecting: NetworkPolicy[];
  /** True when the flow is admitted (not isolated, local node, or a rule admits it). */
  admitted: boolean;
  /** The policy and rule index that admit it, when one does. */
  admittedBy?: { policy: NetworkPolicy; rule: number };
  /** Why, in one sentence per policy considered. */
  reasons: string[];
}

function policyName(p: NetworkPolicy): string {
  return `${p.metadata.namespace ?? ''}/${p.metadata.name}`;
}

/** True when the policy isolates the pods it selects for ingress. */
export function isolatesIngress(policy: NetworkPolicy): boolean {
  const types = policy.spec?.policyTypes;
  return !Array.isArray(types) || types.length === 0 || types.includes('Ingress');
}

/** The ingress-isolating policies that select `pod` (same namespace, podSelector matches). */
export function policiesSelecting(policies: readonly NetworkPolicy[], pod: Pod): NetworkPolicy[] {
  const labels = pod.metadata.labels ?? {};
  return policies.filter((p) => p.metadata.namespace === pod.metadata.namespace && isolatesIngress(p) && matchesLabelSelector(p.spec?.podSelector ?? {}, labels));
}

function portMatches(port: NetworkPolicyPort, target: TargetPort): boolean {
  const protocol = text(port.protocol) ?? 'TCP';
  if (protocol !== (target.protocol ?? 'TCP')) return false;
  if (port.port === undefined || port.port === null) return true;
  if (typeof port.port === 'string') {
    // A named port matches the container port of that name; a numeric string is a number.
    if (/^\d+$/.test(port.port)) return Number(port.port) === target.number;
    return target.name !== undefined && port.port === target.name;
  }
  if (typeof port.endPort === 'number') return target.number >= port.port && target.number <= port.endPort;
  return port.port === target.number;
}

function peerAdmitsHost(peer: NetworkPolicyPeer, sources: readonly string[]): boolean {
  const cidr = text(peer.ipBlock?.cidr);
  if (cidr === undefined) return false; // pod/namespace selector peers never match host-namespace traffic (see header)
  const except = list(peer.ipBlock?.except);
  return sources.some((ip) => cidrContains(cidr, ip) && !except.some((e) => cidrContains(e, ip)));
}

/**
 * Whether traffic from a node's host network namespace (`sources`: the addresses its packets may carry)
 * reaches `target` on `pod`. `sameNode`: the client runs on the pod's own node (always allowed).
 */
export function hostIngressVerdict(policies: readonly NetworkPolicy[], pod: Pod, target: TargetPort, sources: readonly string[], sameNode: boolean): PolicyFlowVerdict {
  const selecting = policiesSelecting(policies, pod);
  if (selecting.length === 0) return { selecting, admitted: true, reasons: ['no NetworkPolicy selects the pod for ingress, so it accepts every connection'] };
  if (sameNode) return { selecting, admitted: true, reasons: ["traffic from the pod's own node is always allowed, whatever its policies say"] };
  const reasons: string[] = [];
  for (const policy of selecting) {
    const rules = list(policy.spec?.ingress);
    if (rules.length === 0) {
      reasons.push(`NetworkPolicy ${policyName(policy)} selects the pod and has no ingress rule: it admits nothing`);
      continue;
    }
    for (const [i, rule] of rules.entries()) {
      const from = list(rule.from);
      const ports = list(rule.ports);
      const fromOk = from.length === 0 || from.some((peer) => peerAdmitsHost(peer, sources));
      const portOk = ports.length === 0 || ports.some((p) => portMatches(p, target));
      if (fromOk && portOk) {
        reasons.push(`NetworkPolicy ${policyName(policy)} ingress rule ${i + 1} admits ${from.length === 0 ? 'every source' : 'the node address'} on ${ports.length === 0 ? 'every port' : `port ${target.number}`}`);
        return { selecting, admitted: true, admittedBy: { policy, rule: i }, reasons };
      }
      const why = !fromOk ? (from.some((p) => p.ipBlock === undefined) ? 'its sources are pod/namespace selectors, which do not match node traffic' : 'no ipBlock covers the node address') : `its ports do not include ${target.number}${target.name !== undefined ? ` (${target.name})` : ''}`;
      reasons.push(`NetworkPolicy ${policyName(policy)} ingress rule ${i + 1} does not admit the node: ${why}`);
    }
  }
  return { selecting, admitted: false, reasons };
}
