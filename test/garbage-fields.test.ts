/**
 * "Bad input never crashes": the source validates kind, apiVersion and metadata, but spec and status
 * are whatever the file holds. Replace fields of the example with values of the wrong type, many
 * times over, and require the whole diagnosis and every check to complete.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../src/sources/types.ts';
import { OUTPUT_FILE, NOW, SONARR } from '../examples/generate.ts';
import { modelOf } from './support/state.ts';
import { diagnose } from '../src/diagnose/diagnose.ts';
import { runChecks } from '../src/checks/run.ts';
import { renderDiagnosis, OUTPUT_FORMATS } from '../src/render/render.ts';

/** A small deterministic generator (mulberry32) so a failure reproduces from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GARBAGE: unknown[] = [null, 0, -1, 3.5, '', 'x', true, [], [1, 'a', null], {}, { a: 1 }, [{}], [[]]];

/** Every path to a value below `spec`, `status` and the top-level fields of events and slices. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const out: (string | number)[][] = [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  for (const [k, v] of entries) out.push(...paths(v, [...prefix, k]));
  return out;
}

function setAt(obj: Record<string | number, unknown>, path: (string | number)[], value: unknown): void {
  let cur: unknown = obj;
  for (const key of path.slice(0, -1)) cur = (cur as Record<string | number, unknown>)[key];
  const last = path[path.length - 1];
  if (last !== undefined && cur !== null && typeof cur === 'object') (cur as Record<string | number, unknown>)[last] = value;
}

function mutate(objects: KubeObject[], random: () => number, count: number): KubeObject[] {
  const out = structuredClone(objects);
  for (let i = 0; i < count; i++) {
    const obj = out[Math.floor(random() * out.length)];
    if (obj === undefined) continue;
    const candidates = paths(obj).filter((p) => p.length > 0 && p[0] !== 'metadata' && p[0] !== 'kind' && p[0] !== 'apiVersion');
    const path = candidates[Math.floor(random() * candidates.length)];
    if (path === undefined) continue;
    setAt(obj, path, structuredClone(GARBAGE[Math.floor(random() * GARBAGE.length)]));
  }
  return out;
}

describe('garbage in spec and status fields', () => {
  const example = (JSON.parse(readFileSync(OUTPUT_FILE, 'utf8')) as { items: KubeObject[] }).items;
  // Favour the objects on sonarr's data path, where most reading happens.
  const onPath = example.filter((o) => JSON.stringify(o).includes(SONARR.pv) || o.metadata.name.startsWith('sonarr'));

  for (let seed = 1; seed <= 200; seed++) {
    it(`seed ${seed}: diagnosis, checks and every renderer complete`, () => {
      const random = rng(seed);
      const mutated = mutate(seed % 2 === 0 ? example : [...example.filter((o) => !onPath.includes(o)), ...mutate(onPath, random, 25)], random, 40);
      const model = modelOf(mutated, NOW);
      const pod = model.pod(SONARR.namespace, SONARR.pod);
      expect(pod).toBeDefined();
      if (pod === undefined) return;
      const d = diagnose(model, pod);
      expect(d.hypotheses.length + d.chain.length).toBeGreaterThan(0);
      expect(d.secondary.filter((f) => f.id === 'internal-error')).toEqual([]);
      expect(runChecks(model).filter((f) => f.id === 'internal-error')).toEqual([]);
      for (const format of OUTPUT_FORMATS) expect(renderDiagnosis(d, format).length).toBeGreaterThan(0);
    });
  }
});
