import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Database tests share one embedded/remote server per file; keep files in parallel, tests serial.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
