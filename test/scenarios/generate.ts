/**
 * Writes every scenario of cases/ to snapshots/<id>.json as one `kubectl get -o json` List (the same writer as
 * examples/generate.ts). Run `npm run scenarios:generate`; generate.test.ts fails when a committed file drifts.
 */
import { writeFileSync } from 'node:fs';
import { formatList, kubectlGetOrder } from '../support/snapshot-formats.ts';
import { loadScenarios, snapshotFile } from './catalog.ts';
import type { Scenario } from './types.ts';

/** The text of snapshots/<id>.json. */
export function renderScenario(s: Scenario): string {
  return formatList(kubectlGetOrder(s.build()));
}

if (import.meta.main) {
  const scenarios = await loadScenarios();
  for (const s of scenarios) writeFileSync(snapshotFile(s.id), renderScenario(s));
  console.log(`wrote ${String(scenarios.length)} snapshots`);
}
