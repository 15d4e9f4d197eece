import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    // The machine has two cores; the suite is CPU-light, so two workers are plenty.
    maxWorkers: 2,
  },
});
