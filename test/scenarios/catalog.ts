/** Loads every scenario under cases/ and knows where its committed snapshot lives. */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { Scenario } from './types.ts';

export const CASES_DIR = fileURLToPath(new URL('./cases/', import.meta.url));
export const SNAPSHOTS_DIR = fileURLToPath(new URL('./snapshots/', import.meta.url));

export function snapshotFile(id: string): string {
  return join(SNAPSHOTS_DIR, `${id}.json`);
}

function isScenario(v: unknown): v is Scenario {
  return typeof v === 'object' && v !== null && 'id' in v && 'build' in v && 'expect' in v;
}

/** Every scenario, sorted by id; throws when a case file's export or id is wrong. */
export async function loadScenarios(): Promise<Scenario[]> {
  const files = readdirSync(CASES_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
  const scenarios: Scenario[] = [];
  for (const file of files) {
    const mod: unknown = await import(pathToFileURL(join(CASES_DIR, file)).href);
    const scenario = typeof mod === 'object' && mod !== null && 'scenario' in mod ? mod.scenario : undefined;
    if (!isScenario(scenario)) throw new Error(`${file}: does not export a Scenario named \`scenario\``);
    if (`${scenario.id}.ts` !== file) throw new Error(`${file}: its id is ${scenario.id}`);
    scenarios.push(scenario);
  }
  return scenarios;
}
