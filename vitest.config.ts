import { availableParallelism } from 'node:os';

import { defineConfig } from 'vitest/config';

/**
 * Most test files wait on a database, not on the CPU, so two files run at once even on a
 * 2-core machine (vitest's default there is one); more cores run more.
 */
const workers = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: workers,
    minWorkers: 1,
  },
});
