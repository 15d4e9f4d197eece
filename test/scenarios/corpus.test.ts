/**
 * The corpus as a test: each committed snapshot, read through the real snapshot reader, must yield its expected
 * top hypothesis, no live verdict for a neighbour it must rule out, and no other hypothesis `confirmed`.
 * Part of `npm test`, so CI gates on the corpus; `npm run accuracy` prints the same judgement as a table.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarios } from './catalog.ts';
import { diagnoseScenario, judge } from './evaluate.ts';

const scenarios = await loadScenarios();

describe('scenario corpus: expected diagnoses', () => {
  it.each(scenarios.map((s) => [s.id, s] as const))('%s', async (_id, s) => {
    const d = await diagnoseScenario(s);
    const j = judge(s, d);
    const seen = d.hypotheses.map((h) => `${h.id}:${h.verdict}`);
    const want = s.expect.top === null ? 'no hypothesis' : `${s.expect.top} at least ${s.expect.minVerdict ?? 'possible'}`;
    expect(j.topOk, `expected ${want} first; got ${j.got} (${j.verdict}); seen ${seen.join(', ')}`).toBe(true);
    expect(j.wronglyConfirmed, `confirmed although not the cause; seen ${seen.join(', ')}`).toEqual([]);
    expect(j.notRuledOut, `must be ruled out or absent; seen ${seen.join(', ')}`).toEqual([]);
  });
});
