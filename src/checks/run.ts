/** Runs checks; a check that throws becomes an `internal-error` finding naming it, and the run goes on. */
import type { Model } from '../model/model.ts';
import type { Check, Finding } from './types.ts';
import { SEVERITY_ORDER } from './types.ts';
import { CHECKS } from './registry.ts';

/** The finding that stands in for a check or hypothesis that threw: the run goes on and the failure is visible. */
export function internalErrorFinding(kind: 'Check' | 'Hypothesis', id: string, err: unknown): Finding {
  return {
    id: 'internal-error',
    severity: 'warning',
    title: `${kind} ${id} failed`,
    summary: `The ${id} ${kind.toLowerCase()} failed on this input and was skipped: ${err instanceof Error ? err.message : String(err)}`,
    subject: { kind, name: id },
    related: [],
    evidence: [],
  };
}

export function runChecks(model: Model, checks: readonly Check[] = CHECKS): Finding[] {
  const out: Finding[] = [];
  for (const check of checks) {
    try {
      out.push(...check.run(model));
    } catch (err) {
      out.push(internalErrorFinding('Check', check.id, err));
    }
  }
  return out.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
}
