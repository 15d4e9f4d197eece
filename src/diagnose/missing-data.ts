/**
 * Honesty under missing data, driven by each hypothesis's `needs`.
 *
 * When can kubehow trust that a kind has no object of interest? The rule, per kind:
 * - objects of the kind were read, or the source says it listed the kind (`ClusterState.kindsRead`):
 *   the kind is READ, and an empty list means "there are none". A complete snapshot or a live read with
 *   no NetworkPolicy simply has no NetworkPolicy, and a hypothesis may rule itself out on that.
 * - a cluster-wide `forbidden` note names the kind: FORBIDDEN, whatever was read.
 * - the source knows what it listed and the kind is not among them: NOT COLLECTED.
 * - a snapshot of unknown coverage (`kindsRead` undefined: a `kubectl cluster-info dump`, a folder of
 *   files) holds no object of the kind: "none exist" and "nobody collected them" look the same, so it
 *   is NOT IN THE SNAPSHOT: cannot tell.
 * A hypothesis whose needed kind is not READ gets a `gap` naming it and is capped at `possible` (it
 * may still be ruled out by what was read: ruling out needs contradicting evidence, not completeness).
 * Kinds it only `reads` (handled by the hypothesis itself) never cap it.
 */
import type { Model } from '../model/model.ts';
import type { Assessment, Hypothesis, HypothesisId } from './types.ts';

export type MissingReason = 'forbidden' | 'not-collected' | 'not-in-snapshot';

export interface MissingDataReport {
  kind: string;
  reason: MissingReason;
  /** One sentence for the reader. */
  message: string;
  /** The hypotheses whose verdict depends on it. */
  neededBy: HypothesisId[];
}

/** Why a kind cannot be trusted, or undefined when it was read (even if empty). */
export function missingReason(model: Model, kind: string): MissingReason | undefined {
  switch (model.kindCoverage(kind)) {
    case 'read':
      return undefined;
    case 'forbidden':
      return 'forbidden';
    case 'not-read':
      return 'not-collected';
    case 'unknown':
      return 'not-in-snapshot';
  }
}

function sentence(kind: string, reason: MissingReason): string {
  switch (reason) {
    case 'forbidden':
      return `${kind} objects could not be listed (forbidden): what they would show is unknown`;
    case 'not-collected':
      return `${kind} objects were not collected: what they would show is unknown`;
    case 'not-in-snapshot':
      return `No ${kind} object is in the snapshot, and the snapshot does not say whether ${kind} objects were collected: whether none exist cannot be told`;
  }
}

const CAPPED: ReadonlySet<Assessment['verdict']> = new Set(['confirmed', 'likely']);

/**
 * Adds a gap per missing needed kind to every applicable hypothesis that is not ruled out, caps it at
 * `possible`, and returns what was missing and for whom. Events are where every symptom is read, so a
 * missing Event kind is also reported for the hypotheses that found no symptom.
 */
export function applyMissingData(model: Model, results: readonly { hypothesis: Hypothesis; assessment: Assessment }[], notApplicable: readonly Hypothesis[]): MissingDataReport[] {
  const reports = new Map<string, MissingDataReport>();
  const note = (kind: string, reason: MissingReason, id: HypothesisId): void => {
    const existing = reports.get(kind);
    if (existing === undefined) reports.set(kind, { kind, reason, message: sentence(kind, reason), neededBy: [id] });
    else if (!existing.neededBy.includes(id)) existing.neededBy.push(id);
  };
  for (const { hypothesis, assessment } of results) {
    if (assessment.verdict === 'ruled-out') continue;
    const missing = [...new Set(hypothesis.needs)].flatMap((kind) => {
      const reason = missingReason(model, kind);
      return reason === undefined ? [] : [{ kind, reason }];
    });
    if (missing.length === 0) continue;
    for (const m of missing) {
      note(m.kind, m.reason, hypothesis.id);
      assessment.evidenceAgainst.push({ kind: 'gap', text: sentence(m.kind, m.reason) });
    }
    if (CAPPED.has(assessment.verdict)) {
      assessment.evidenceAgainst.push({ kind: 'inference', text: `At most possible: ${missing.map((m) => m.kind).join(', ')} could not be read, and this verdict depends on ${missing.length === 1 ? 'it' : 'them'}` });
      assessment.verdict = 'possible';
    }
  }
  const eventsMissing = missingReason(model, 'Event');
  if (eventsMissing !== undefined) for (const h of notApplicable) if (h.needs.includes('Event')) note('Event', eventsMissing, h.id);
  return [...reports.values()];
}
