import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HYPOTHESES } from './registry.ts';
import { HYPOTHESIS_IDS } from './types.ts';

const root = new URL('../../', import.meta.url);

describe('hypothesis registry', () => {
  it('registers catalog ids only, each once, each documented and tested', () => {
    const ids = HYPOTHESES.map((h) => h.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const h of HYPOTHESES) {
      expect(HYPOTHESIS_IDS).toContain(h.id);
      expect(existsSync(new URL(`docs/hypotheses/${h.id}.md`, root)), `docs/hypotheses/${h.id}.md`).toBe(true);
      expect(existsSync(new URL(`src/diagnose/hypotheses/${h.id}.test.ts`, root)), `${h.id}.test.ts`).toBe(true);
    }
    expect(existsSync(new URL('docs/hypotheses/unknown.md', root))).toBe(true);
  });
});
