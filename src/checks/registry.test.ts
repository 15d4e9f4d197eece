import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from './registry.ts';
import { FINDING_IDS } from './types.ts';

const root = new URL('../../', import.meta.url);

describe('check registry', () => {
  it('registers each check once; every finding id is documented and every check tested', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of FINDING_IDS) expect(existsSync(new URL(`docs/findings/${id}.md`, root)), `docs/findings/${id}.md`).toBe(true);
    // The first four checks predate one-test-per-file: they have a describe block in checks.test.ts.
    const shared = readFileSync(new URL('src/checks/checks.test.ts', root), 'utf8');
    for (const id of ids) {
      const own = existsSync(new URL(`src/checks/${id}.test.ts`, root));
      expect(own || shared.includes(`describe('${id}'`), `${id}: src/checks/${id}.test.ts`).toBe(true);
    }
  });
});
