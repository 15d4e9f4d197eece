/** Runs the engine on a scenario's committed snapshot and judges the result against the scenario's expectation. */
import { readSnapshot } from '../../src/sources/snapshot/read-snapshot.ts';
import { buildModel } from '../../src/model/model.ts';
import { diagnose } from '../../src/diagnose/diagnose.ts';
import type { Diagnosis } from '../../src/diagnose/report.ts';
import type { Verdict } from '../../src/diagnose/types.ts';
import { snapshotFile } from './catalog.ts';
import type { Scenario } from './types.ts';

/** Reads the snapshot as `kubehow diagnose --snapshot <file> --now <scenario.now>` would, then diagnoses the pod. */
export async function diagnoseScenario(s: Scenario): Promise<Diagnosis> {
  const state = await readSnapshot(snapshotFile(s.id), { now: s.now });
  const model = buildModel(state);
  const [ns = '', name = ''] = s.pod.split('/');
  const pod = model.pod(ns, name);
  if (pod === undefined) throw new Error(`${s.id}: pod ${s.pod} is not in its snapshot`);
  return diagnose(model, pod);
}

export interface Judgement {
  /** Id of the first hypothesis, `(none)` when there is none. */
  got: string;
  verdict: Verdict | '-';
  /** The expected top (or no hypothesis for a healthy pod) with at least the expected verdict. */
  topOk: boolean;
  /** Hypotheses other than the expected top that came out `confirmed`. */
  wronglyConfirmed: string[];
  /** `ruledOut` ids that came out with a live verdict. */
  notRuledOut: string[];
  ok: boolean;
  /**
   * For a `knownMiss` case: the answer is honest although not the expected one (top `unknown` or the expected cause,
   * nothing wrongly confirmed, every neighbour ruled out or absent). Always false for other cases.
   */
  honestMiss: boolean;
}

/** The top id the engine gives when no cause in its catalog is supported. */
export const UNKNOWN_ID = 'unknown';

const STRENGTH: Record<Verdict, number> = { confirmed: 3, likely: 2, possible: 1, 'ruled-out': 0 };

export function judge(s: Scenario, d: Diagnosis): Judgement {
  const first = d.hypotheses[0];
  const got = first?.id ?? '(none)';
  const verdict = first?.verdict ?? '-';
  const min = STRENGTH[s.expect.minVerdict ?? 'possible'];
  const topOk = s.expect.top === null ? d.hypotheses.length === 0 : first !== undefined && first.id === s.expect.top && STRENGTH[first.verdict] >= min;
  const wronglyConfirmed = d.hypotheses.filter((h) => h.verdict === 'confirmed' && h.id !== s.expect.top).map((h) => h.id);
  const notRuledOut = s.expect.ruledOut.filter((id) => d.hypotheses.some((h) => h.id === id && h.verdict !== 'ruled-out'));
  const clean = wronglyConfirmed.length === 0 && notRuledOut.length === 0;
  const honestMiss = s.knownMiss !== undefined && clean && (topOk || got === UNKNOWN_ID);
  return { got, verdict, topOk, wronglyConfirmed, notRuledOut, ok: topOk && clean, honestMiss };
}

/** The corpus gate (README "Scenario corpus"): top-1 rate over every case, knownMiss ones included, and wrong confirmations. */
export interface CorpusScore {
  top1: number;
  total: number;
  rate: number;
  wronglyConfirmed: string[];
}

export function scoreCorpus(results: readonly { scenario: Scenario; judgement: Judgement }[]): CorpusScore {
  const top1 = results.filter((r) => r.judgement.topOk).length;
  return {
    top1,
    total: results.length,
    rate: results.length > 0 ? top1 / results.length : 0,
    wronglyConfirmed: results.flatMap((r) => r.judgement.wronglyConfirmed.map((id) => `${r.scenario.id}: ${id}`)),
  };
}

/** The gate `npm run accuracy` and the corpus test apply. */
export const TOP1_GATE = 0.95;

/** Pairs of scenarios with the same error text (`messageGroup`) whose different expected tops were both found. */
export function confusablePairs(results: readonly { scenario: Scenario; judgement: Judgement }[]): { group: string; a: string; b: string }[] {
  const pairs: { group: string; a: string; b: string }[] = [];
  for (let i = 0; i < results.length; i++) {
    for (let j = i + 1; j < results.length; j++) {
      const x = results[i];
      const y = results[j];
      if (x === undefined || y === undefined) continue;
      const group = x.scenario.messageGroup;
      if (group === undefined || group !== y.scenario.messageGroup) continue;
      if (x.scenario.expect.top === y.scenario.expect.top || !x.judgement.ok || !y.judgement.ok) continue;
      pairs.push({ group, a: x.scenario.id, b: y.scenario.id });
    }
  }
  return pairs;
}
