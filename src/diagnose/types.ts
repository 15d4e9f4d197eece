/** Contracts of the diagnosis engine: evidence, verdicts, hypotheses (HYPOTHESES.md). */
import type { Model } from '../model/model.ts';
import type { ObjectRef } from '../model/refs.ts';
import type { Pod, Node } from '../kube/types.ts';
import type { DataPath } from '../model/datapath/types.ts';
import type { JudgedEvent } from '../model/pod-events.ts';
import type { EventView } from '../model/events.ts';
import type { MessageFact } from '../messages/volume-message.ts';

export type Verdict = 'confirmed' | 'likely' | 'possible' | 'ruled-out';

/** Order used by the ranker: best first. */
export const VERDICT_ORDER: readonly Verdict[] = ['confirmed', 'likely', 'possible', 'ruled-out'];

/** One observation that supports or contradicts a hypothesis. Every sentence kubehow prints traces to one. */
export interface Evidence {
  /** event: an Event object; object: a field of an object; absence: something looked for and not found; inference: reasoning from the others; gap: data that could not be read. */
  kind: 'event' | 'object' | 'absence' | 'inference' | 'gap';
  text: string;
  ref?: ObjectRef;
  /** RFC 3339 time the observation refers to (the event's last occurrence, a condition transition). */
  at?: string;
  stale?: { why: string };
}

export interface ChainStep {
  question: string;
  answer: string;
  evidence: Evidence[];
}

/** What a hypothesis concludes for one pod. */
export interface Assessment {
  verdict: Verdict;
  /** 0..1 within its verdict band; the ranker sorts by verdict, then score. */
  score: number;
  summary: string;
  evidenceFor: Evidence[];
  evidenceAgainst: Evidence[];
  nextSteps: string[];
}

/** A current (non-stale) parsed fact together with the event it came from. */
export interface FactInEvent<F extends MessageFact = MessageFact> {
  fact: F;
  event: EventView;
}

/** Everything a hypothesis may look at for one pod. Built once per diagnosis; pure data. */
export interface PodContext {
  model: Model;
  pod: Pod;
  podRef: ObjectRef;
  node?: string;
  nodeObject?: Node;
  /** The top-level workload (Deployment, StatefulSet…) owning the pod, if any. */
  workload?: ObjectRef;
  paths: readonly DataPath[];
  events: readonly JudgedEvent[];
  /** Events that describe the current pod's current state. */
  current: readonly EventView[];
  stale: readonly JudgedEvent[];
  /** Current facts of a type, newest last. */
  currentFacts<T extends MessageFact['type']>(type: T): FactInEvent<Extract<MessageFact, { type: T }>>[];
  /** All facts of a type, stale or not, with their freshness. */
  allFacts<T extends MessageFact['type']>(type: T): (FactInEvent<Extract<MessageFact, { type: T }>> & { stale?: { why: string } })[];
  /** The data path an event is about: by the volume it names, the portal it names, or the only remote path. */
  pathOf(event: EventView, portal?: string): DataPath | undefined;
}

/** One cause of "pod does not start". One module each, registered in `registry.ts`. */
export interface Hypothesis {
  id: HypothesisId;
  title: string;
  /**
   * Kinds its verdict depends on. When one of them could not be read (forbidden, not collected, or absent
   * from a snapshot of unknown coverage) the engine adds a `gap` to the assessment, caps it at `possible`
   * and lists the kind in the diagnosis's `missingData` (see `missing-data.ts`). A live source fetches
   * `needs` and `reads`.
   */
  needs: readonly string[];
  /**
   * Kinds it reads when available but whose absence it handles itself (a data path completed from the
   * kubelet's message, serving pods found by selector when no endpoints were read, per-object coverage
   * checks). They never cap the verdict.
   */
  reads?: readonly string[];
  /** Undefined when the symptom is absent: the hypothesis does not apply and is omitted. */
  assess(ctx: PodContext): Assessment | undefined;
  /** The rest of the "how" chain when this hypothesis is the winner, from the failed mount down to the preventable cause. */
  explain?(ctx: PodContext, assessment: Assessment): ChainStep[];
}

/** Every hypothesis id of HYPOTHESES.md: a public contract, never reused. */
export const HYPOTHESIS_IDS = [
  'hairpin-colocation',
  'target-not-ready',
  'portal-stale',
  'network-policy-blocks-target',
  'nfs-server-unresolvable',
  'nfs-export-denied',
  'external-target-unreachable',
  'replica-quorum-lost',
  'filesystem-corruption',
  'initiator-missing',
  'iscsid-not-running',
  'initiator-misconfigured',
  'mount-helper-missing',
  'multipath-claims-device',
  'multi-attach',
  'stale-volume-attachment',
  'kubelet-volume-stall',
  'csi-node-plugin-missing',
  'csi-kubelet-dir-mismatch',
  'pvc-not-bound',
  'volume-node-affinity-conflict',
  'missing-config-object',
  'sandbox-failure',
  'node-not-ready',
  'image-pull-failure',
  'unknown',
] as const;
export type HypothesisId = (typeof HYPOTHESIS_IDS)[number];
