import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/diagnose/report.ts';
import { diagnosisOf } from '../support/state.ts';
import { scenario as hairpin } from './cases/hairpin-jiva-legacy-microk8s.ts';
import { scenario as healthy } from './cases/healthy-nfs-consumer-k3s.ts';
import { scenario as quorum } from './cases/replica-quorum-lost-cstor-pools-init.ts';
import { confusablePairs, judge, scoreCorpus, type Judgement } from './evaluate.ts';
import type { Scenario } from './types.ts';

// The yardstick itself must be able to fail: judge real diagnoses, then the same ones altered.
const real = diagnosisOf(hairpin.build(), hairpin.now, hairpin.pod);
const altered = (f: (d: Diagnosis) => void): Diagnosis => {
  const d = structuredClone(real);
  f(d);
  return d;
};

describe('judge', () => {
  it('accepts the expected top at the expected strength, with neighbours ruled out', () => {
    expect(real.hypotheses[0]?.id).toBe('hairpin-colocation');
    expect(judge(hairpin, real)).toMatchObject({ got: 'hairpin-colocation', topOk: true, wronglyConfirmed: [], notRuledOut: [], ok: true });
  });

  it('rejects the right id below minVerdict', () => {
    const d = altered((x) => { if (x.hypotheses[0]) x.hypotheses[0].verdict = 'possible'; });
    expect(judge(hairpin, d)).toMatchObject({ topOk: false, ok: false });
  });

  it('names a neighbour that should be ruled out but stands', () => {
    const d = altered((x) => { for (const h of x.hypotheses) if (h.id === 'target-not-ready') h.verdict = 'possible'; });
    expect(judge(hairpin, d)).toMatchObject({ topOk: true, notRuledOut: ['target-not-ready'], ok: false });
  });

  it('counts any other confirmed hypothesis as a wrong confirmation', () => {
    const d = altered((x) => { for (const h of x.hypotheses) if (h.id === 'portal-stale') h.verdict = 'confirmed'; });
    expect(judge(hairpin, d).wronglyConfirmed).toEqual(['portal-stale']);
  });

  it('a healthy pod passes only with no hypothesis at all', () => {
    const d = diagnosisOf(healthy.build(), healthy.now, healthy.pod);
    expect(judge(healthy, d).ok).toBe(true);
    expect(judge(healthy, real).topOk).toBe(false);
  });
});

describe('judge: knownMiss cases', () => {
  const miss: Scenario = { ...hairpin, knownMiss: 'the discriminator is only in node files' };
  const toUnknown = (x: Diagnosis): void => { if (x.hypotheses[0]) x.hypotheses[0].id = 'unknown'; };

  it('an honest unknown is an honest miss but still a wrong top-1', () => {
    const d = altered(toUnknown);
    expect(judge(miss, d)).toMatchObject({ topOk: false, ok: false, honestMiss: true });
    expect(judge(hairpin, d).honestMiss).toBe(false);
  });

  it('a wrong confident answer or a wrong confirmation is not an honest miss', () => {
    const wrongTop = altered((x) => { if (x.hypotheses[0]) x.hypotheses[0].id = 'portal-stale'; });
    expect(judge(miss, wrongTop).honestMiss).toBe(false);
    const confirmed = altered((x) => { toUnknown(x); for (const h of x.hypotheses) if (h.id === 'target-not-ready') h.verdict = 'confirmed'; });
    expect(judge(miss, confirmed).honestMiss).toBe(false);
  });
});

describe('scoreCorpus', () => {
  it('counts every case in the top-1 rate and lists wrong confirmations', () => {
    const base: Judgement = { got: '', verdict: 'likely', topOk: true, wronglyConfirmed: [], notRuledOut: [], ok: true, honestMiss: false };
    const score = scoreCorpus([
      { scenario: hairpin, judgement: base },
      { scenario: quorum, judgement: { ...base, topOk: false, ok: false, honestMiss: true } },
      { scenario: healthy, judgement: { ...base, wronglyConfirmed: ['portal-stale'] } },
      { scenario: { ...hairpin, id: 'x' }, judgement: base },
    ]);
    expect(score).toEqual({ top1: 3, total: 4, rate: 0.75, wronglyConfirmed: [`${healthy.id}: portal-stale`] });
  });
});

describe('confusablePairs', () => {
  const ok: Judgement = { got: '', verdict: 'likely', topOk: true, wronglyConfirmed: [], notRuledOut: [], ok: true, honestMiss: false };
  const with_ = (s: Scenario, group: string | undefined): Scenario => ({ ...s, messageGroup: group });

  it('pairs cases of one message group with different correct tops, and nothing else', () => {
    const results = [
      { scenario: with_(hairpin, 'g'), judgement: ok },
      { scenario: with_(quorum, 'g'), judgement: ok },
      { scenario: with_({ ...hairpin, id: 'hairpin-twin' }, 'g'), judgement: ok },
      { scenario: with_({ ...quorum, id: 'other-group' }, 'h'), judgement: ok },
      { scenario: with_({ ...quorum, id: 'failed' }, 'g'), judgement: { ...ok, ok: false } },
    ];
    expect(confusablePairs(results).map((p) => `${p.a}/${p.b}`)).toEqual([`${hairpin.id}/${quorum.id}`, `${quorum.id}/hairpin-twin`]);
  });
});
