/** Runs checks; a check that throws becomes an `internal-error` finding naming it, and the run goes on. */
import type { Model } from '../model/model.ts';
import type { Check, Finding } from './types.ts';
import { SEVERITY_ORDER } from './types.ts';
import { CHECKS } from './registry.ts';

export function runChecks(model: Model, checks: readonly Check[] = CHECKS): Finding[] {
  const out: Finding[] = [];
  for (const check of checks) {
    try {
      out.push(...check.run(model));
    } catch (err) {
      out.push({
        id: 'internal-error',
        severity: 'warning',
        title: `Check ${check.id} failed`,
        summary: `The ${check.id} check failed on this input and was skipped: ${err instanceof Error ? err.message : String(err)}`,
        subject: { kind: 'Check', name: check.id },
        related: [],
        evidence: [],
      });
    }
  }
  return out.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
}
