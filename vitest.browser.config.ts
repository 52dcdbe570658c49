import { defineConfig } from 'vitest/config';

// Browser tests drive Debian's Chromium; they run in CI after `npm test` (see .ci/run).
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
