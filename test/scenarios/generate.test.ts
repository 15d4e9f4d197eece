import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coherenceProblems, dig } from '../support/cluster-builder.ts';
import { loadScenarios, snapshotFile, SNAPSHOTS_DIR } from './catalog.ts';
import { renderScenario } from './generate.ts';

const scenarios = await loadScenarios();

describe('scenario corpus', () => {
  it('holds at least 40 scenarios, one committed snapshot each and no orphan snapshot', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(40);
    const snapshots = readdirSync(SNAPSHOTS_DIR).filter((f) => f.endsWith('.json')).sort();
    expect(snapshots).toEqual(scenarios.map((s) => `${s.id}.json`).sort());
  });

  it.each(scenarios.map((s) => [s.id, s] as const))('%s: snapshot is what the generator writes (run `npm run scenarios:generate`)', (_id, s) => {
    expect(existsSync(snapshotFile(s.id))).toBe(true);
    expect(readFileSync(snapshotFile(s.id), 'utf8')).toBe(renderScenario(s));
  });

  it.each(scenarios.map((s) => [s.id, s] as const))('%s: coherent, its pod exists, nothing after now, a public source', (_id, s) => {
    const objects = s.build();
    expect(coherenceProblems(objects)).toEqual([]);
    const [ns, name] = s.pod.split('/');
    expect(objects.some((o) => o.kind === 'Pod' && o.metadata.namespace === ns && o.metadata.name === name)).toBe(true);
    const now = Date.parse(s.now);
    const late: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v)) { if (Date.parse(v) > now + 999) late.push(`${path}=${v}`); }
      else if (Array.isArray(v)) v.forEach((x, i) => { walk(x, `${path}[${String(i)}]`); });
      else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    };
    for (const o of objects) walk(o, `${o.kind}/${o.metadata.name}`);
    expect(late).toEqual([]);
    expect(s.source.url).toMatch(/^https:\/\//);
    expect(s.source.summary.length).toBeGreaterThan(40);
    expect(s.source.rootCause.length).toBeGreaterThan(20);
    expect(dig(objects.find((o) => o.kind === 'Node'), 'status', 'nodeInfo', 'kubeletVersion')).toMatch(/^v1\.\d+/);
  });
});
