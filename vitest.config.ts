import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    // The scenario corpus judges the whole catalog, including hypotheses still being written; it runs on its own
    // (`npm run test:corpus`, vitest.corpus.config.ts) so `npm test` stays a gate for what exists.
    exclude: [...configDefaults.exclude, 'test/scenarios/corpus.test.ts'],
    // The machine has two cores; the suite is CPU-light, so two workers are plenty.
    maxWorkers: 2,
  },
});
