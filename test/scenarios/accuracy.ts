/**
 * `npm run accuracy`: diagnoses every corpus scenario from its committed snapshot and prints
 * scenario | expected | got | verdict | ok, the top-1 rate, wrong confirmations, the known misses (MISS: the
 * snapshot lacks the discriminating evidence; they count as wrong top-1) and the message groups where one
 * error text led to different correct causes. Exits 1 when top-1 < 95% or anything wrong was confirmed.
 */
import { loadScenarios } from './catalog.ts';
import { confusablePairs, diagnoseScenario, judge, scoreCorpus, TOP1_GATE, type Judgement } from './evaluate.ts';
import type { Scenario } from './types.ts';

const scenarios = await loadScenarios();
const results: { scenario: Scenario; judgement: Judgement }[] = [];
for (const scenario of scenarios) results.push({ scenario, judgement: judge(scenario, await diagnoseScenario(scenario)) });

const rows = results.map(({ scenario: s, judgement: j }) => [
  s.id, s.expect.top ?? '(none)', j.got, j.verdict,
  j.ok ? 'ok' : [!j.topOk ? (j.honestMiss ? 'MISS (known)' : 'WRONG TOP') : '', j.wronglyConfirmed.length > 0 ? `confirmed: ${j.wronglyConfirmed.join(',')}` : '', j.notRuledOut.length > 0 ? `not ruled out: ${j.notRuledOut.join(',')}` : ''].filter(Boolean).join('; '),
]);
const header = ['scenario', 'expected', 'got', 'verdict', 'ok'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));

const { top1, rate, wronglyConfirmed: wrong } = scoreCorpus(results);
const pairs = confusablePairs(results);
console.log('');
console.log(`top-1: ${String(top1)}/${String(results.length)} = ${(rate * 100).toFixed(1)}%  (gate: >= ${String(TOP1_GATE * 100)}%; known misses count as wrong)`);
console.log(`wrongly confirmed: ${String(wrong.length)}${wrong.length > 0 ? ` (${wrong.join('; ')})` : ''}  (gate: 0)`);
console.log(`all checks (top, confirmations, rule-outs) pass: ${String(results.filter((r) => r.judgement.ok).length)}/${String(results.length)}`);
const misses = results.filter((r) => r.scenario.knownMiss !== undefined && !r.judgement.topOk);
console.log(`known misses (the snapshot lacks the discriminating evidence): ${String(misses.length)}`);
for (const { scenario: s, judgement: j } of misses) console.log(`  ${s.id} (${j.honestMiss ? 'answered honestly' : 'NOT HONEST'}): ${s.knownMiss ?? ''}`);
const groups = new Map<string, { a: string; b: string }[]>();
for (const p of pairs) groups.set(p.group, [...(groups.get(p.group) ?? []), p]);
console.log(`same error text, different correct causes: ${String(pairs.length)} scenario pair(s) in ${String(groups.size)} message group(s)`);
for (const [group, ps] of groups) console.log(`  ${group}: ${ps.map((p) => `${p.a} / ${p.b}`).join(', ')}`);
process.exitCode = rate < TOP1_GATE || wrong.length > 0 ? 1 : 0;
