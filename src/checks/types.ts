/** Cluster-wide findings (audit and the watch detectors), each with a stable id (HYPOTHESES.md, secondary). */
import type { Model } from '../model/model.ts';
import type { ObjectRef } from '../model/refs.ts';
import type { Evidence } from '../diagnose/types.ts';

export const FINDING_IDS = ['restart-storm', 'node-disk-pressure', 'colocation-exposure', 'missing-anti-affinity', 'target-placement', 'stuck-pod', 'target-not-ready', 'internal-error'] as const;
export type FindingId = (typeof FINDING_IDS)[number];

/**
 * The findings that say something is broken now, as opposed to a latent exposure (missing-anti-affinity,
 * target-placement): what `kubehow watch` alerts on and `kubehow check` reports by default.
 */
export const CURRENT_PROBLEM_IDS = ['stuck-pod', 'colocation-exposure', 'target-not-ready', 'restart-storm', 'node-disk-pressure'] as const satisfies readonly FindingId[];

export type Severity = 'critical' | 'high' | 'warning' | 'info';
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'warning', 'info'];

export interface Finding {
  id: FindingId;
  severity: Severity;
  title: string;
  summary: string;
  /** The object the finding is about (a pod, a workload, a node). */
  subject: ObjectRef;
  /** The node concerned, when there is one. */
  node?: string;
  /** Other objects involved (the storage target of an exposure), so a diagnosis can tell whether the finding touches its pod. */
  related: ObjectRef[];
  evidence: Evidence[];
  /** Where in a manifest repository the subject is declared (`audit --manifests`): file relative to the scanned root, 1-based line and column. */
  location?: { file: string; line: number; column: number };
}

export interface Check {
  id: FindingId;
  title: string;
  /** Kinds it reads, so a live source fetches only those. */
  needs: readonly string[];
  run(model: Model): Finding[];
}
