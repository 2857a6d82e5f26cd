import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    // Vitest's default is one worker fewer than the cores: on CI's two cores, one file at a time.
    // The files are CPU-bound and the main process idles, so two at once there: 640 s -> 415 s.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
