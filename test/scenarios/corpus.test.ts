/**
 * The corpus as a test: each committed snapshot, read through the real snapshot reader, must yield its expected
 * top hypothesis, no live verdict for a neighbour it must rule out, and no other hypothesis `confirmed`. A case
 * marked `knownMiss` (the discriminating evidence is outside what kubehow reads) must at least be answered honestly:
 * top `unknown` or the expected cause, nothing wrongly confirmed, neighbours ruled out or absent. Over the whole corpus
 * the gate of `npm run accuracy` holds: top-1 >= 95% (knownMiss cases count as wrong) and zero wrong confirmations.
 * Part of `npm test`, so CI gates on the corpus; `npm run accuracy` prints the same judgement as a table.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarios } from './catalog.ts';
import { diagnoseScenario, judge, scoreCorpus, TOP1_GATE, UNKNOWN_ID } from './evaluate.ts';

const scenarios = await loadScenarios();

describe('scenario corpus: expected diagnoses', () => {
  it.each(scenarios.filter((s) => s.knownMiss === undefined).map((s) => [s.id, s] as const))('%s', async (_id, s) => {
    const d = await diagnoseScenario(s);
    const j = judge(s, d);
    const seen = d.hypotheses.map((h) => `${h.id}:${h.verdict}`);
    const want = s.expect.top === null ? 'no hypothesis' : `${s.expect.top} at least ${s.expect.minVerdict ?? 'possible'}`;
    expect(j.topOk, `expected ${want} first; got ${j.got} (${j.verdict}); seen ${seen.join(', ')}`).toBe(true);
    expect(j.wronglyConfirmed, `confirmed although not the cause; seen ${seen.join(', ')}`).toEqual([]);
    expect(j.notRuledOut, `must be ruled out or absent; seen ${seen.join(', ')}`).toEqual([]);
  });
});

describe('scenario corpus: known misses are answered honestly', () => {
  it.each(scenarios.filter((s) => s.knownMiss !== undefined).map((s) => [s.id, s] as const))('%s', async (_id, s) => {
    const d = await diagnoseScenario(s);
    const j = judge(s, d);
    const seen = d.hypotheses.map((h) => `${h.id}:${h.verdict}`);
    expect([UNKNOWN_ID, s.expect.top], `a wrong confident answer; seen ${seen.join(', ')}`).toContain(j.got);
    expect(j.wronglyConfirmed, `confirmed although not the cause; seen ${seen.join(', ')}`).toEqual([]);
    expect(j.notRuledOut, `must be ruled out or absent; seen ${seen.join(', ')}`).toEqual([]);
  });
});

describe('scenario corpus: the accuracy gate', () => {
  it(`top-1 >= ${String(TOP1_GATE * 100)}% over every case, and nothing wrongly confirmed`, async () => {
    const results = [];
    for (const scenario of scenarios) results.push({ scenario, judgement: judge(scenario, await diagnoseScenario(scenario)) });
    const score = scoreCorpus(results);
    expect(score.wronglyConfirmed).toEqual([]);
    expect(score.rate, `top-1 ${String(score.top1)}/${String(score.total)}`).toBeGreaterThanOrEqual(TOP1_GATE);
  });
});
