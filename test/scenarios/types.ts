/** The shape of one corpus scenario: a real public report rebuilt as a small, complete cluster, with its established cause. */
import type { KubeObject } from '../../src/sources/types.ts';
import type { HypothesisId } from '../../src/diagnose/types.ts';

/** Where the cluster came from and which parts of it are the reporter's, which ours. */
export interface ScenarioSource {
  /** The public report (issue, PR, KB page). */
  url: string;
  /** What the reporter saw, error text verbatim where the report has it. */
  summary: string;
  /** The cause as the maintainers' answer or the fix established it; never what kubehow prints. */
  rootCause: string;
  /** What the report lacked and was filled in realistically to make a complete cluster. */
  filledIn?: string;
}

export type Distribution = 'microk8s' | 'k3s' | 'k0s' | 'talos' | 'kubeadm';

export interface ScenarioExpectation {
  /** The hypothesis that must rank first, or `null` for a healthy pod (no hypotheses at all). */
  top: HypothesisId | null;
  /**
   * Neighbours that share the symptom and must not stand: each must be `ruled-out`, or absent because the
   * engine found its symptom missing (HYPOTHESES.md: hypotheses that do not apply are omitted). Any live verdict fails.
   */
  ruledOut: HypothesisId[];
  /** The weakest acceptable verdict of the top hypothesis. Default `possible`. */
  minVerdict?: 'likely' | 'possible';
}

export interface Scenario {
  /** Same as the file name (`cases/<id>.ts`) and the snapshot name (`snapshots/<id>.json`). */
  id: string;
  title: string;
  source: ScenarioSource;
  distribution: Distribution;
  /** The moment the snapshot describes (its latest timestamp). */
  now: string;
  /** The pod to diagnose, `namespace/name`. */
  pod: string;
  build(): KubeObject[];
  expect: ScenarioExpectation;
  /**
   * Set only when the discriminating evidence for the expected cause is absent from everything kubehow reads (it lives
   * in node files or driver logs): why the snapshot cannot support the expectation, which stays the report's root
   * cause. The case still counts as a wrong top-1; the corpus test then requires an honest answer instead (top
   * `unknown` or the expected cause, nothing wrongly confirmed, every neighbour ruled out or absent).
   */
  knownMiss?: string;
  /** Scenarios whose pod shows the same error text; the corpus proves that the text alone does not decide the cause. */
  messageGroup?: string;
}
