import { defineConfig } from 'vitest/config';

/** `npm run test:corpus`: one case per scenario of test/scenarios/ (expected top, rule-outs, no wrong confirmation). */
export default defineConfig({
  test: {
    include: ['test/scenarios/corpus.test.ts'],
    maxWorkers: 2,
  },
});
