import { defineConfig } from 'vitest/config';

// Tests that measure time on a wall clock (test/timing/*.timing.ts): run on their own, one file
// at a time, after the rest of the suite (scripts/test.sh), so that the machine's other work is
// not counted as what they measure.
export default defineConfig({
  test: {
    root: '.',
    include: ['test/timing/**/*.timing.ts'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
