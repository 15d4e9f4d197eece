/** The Diagnosis document: the public JSON contract of `kubehow diagnose -o json` (ARCHITECTURE.md). */
import type { ObjectRef } from '../model/refs.ts';
import type { Finding } from '../checks/types.ts';
import type { ChainStep, Evidence, HypothesisId, Verdict } from './types.ts';
import type { MissingDataReport } from './missing-data.ts';

export const DIAGNOSIS_API_VERSION = 'kubehow/v1alpha1';

export interface HypothesisReport {
  id: HypothesisId;
  verdict: Verdict;
  score: number;
  title: string;
  summary: string;
  evidenceFor: Evidence[];
  evidenceAgainst: Evidence[];
  nextSteps: string[];
  /** The hypothesis's documentation page, relative to the kubehow repository root. */
  docs: string;
}

export interface StaleEventReport {
  event: {
    name: string;
    uid?: string;
    reason: string;
    message: string;
    involvedObject: ObjectRef;
    source: { component?: string; host?: string };
    lastSeen?: string;
  };
  why: string;
}

export interface DataPathReport {
  volume: string;
  claim?: ObjectRef;
  persistentVolume?: ObjectRef;
  protocol: string;
  engine?: string;
  portal?: string;
  portalKind?: string;
  service?: ObjectRef & { clusterIP?: string };
  servingPods: { namespace?: string; name: string; uid?: string; node?: string; ready: boolean; restarts: number }[];
  replicas: { kind: string; namespace?: string; name: string; uid?: string; node?: string; ready: boolean; restarts: number; mode?: string }[];
  replicationFactor?: number;
  driver?: string;
  nodePlugins: { namespace?: string; name: string; node?: string; ready: boolean }[];
  attachments: { name: string; node?: string; attached?: boolean }[];
  trace: string[];
  gaps: string[];
}

export interface Diagnosis {
  apiVersion: typeof DIAGNOSIS_API_VERSION;
  kind: 'Diagnosis';
  observedAt: string;
  pod: {
    namespace: string;
    name: string;
    uid?: string;
    node?: string;
    phase?: string;
    waitingReason?: string;
    waitingSince?: string;
    owner?: ObjectRef;
    /** Set when the pod was found from a workload name rather than the exact pod name. */
    resolvedFrom?: string;
  };
  hypotheses: HypothesisReport[];
  chain: ChainStep[];
  staleEvents: StaleEventReport[];
  dataPaths: DataPathReport[];
  secondary: Finding[];
  /** What could not be read or resolved: the limits of this diagnosis. */
  notes: { kind: string; message: string }[];
  /** Kinds that could not be read and the hypotheses whose verdict depends on them (each such verdict is capped at `possible`). */
  missingData: MissingDataReport[];
}
