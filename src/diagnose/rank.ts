/** Ordering of verdicts, shared by the engine and by hypotheses that weigh several volumes. */
import { VERDICT_ORDER, type Assessment } from './types.ts';

/** Negative when `a` ranks before `b`: by verdict (confirmed first, ruled-out last), then by score. */
export function compareAssessments(a: Pick<Assessment, 'verdict' | 'score'>, b: Pick<Assessment, 'verdict' | 'score'>): number {
  return VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict) || b.score - a.score;
}

/** The strongest of several assessments of one hypothesis (one per volume), or undefined when there are none. */
export function strongest(assessments: readonly Assessment[]): Assessment | undefined {
  return [...assessments].sort(compareAssessments)[0];
}
