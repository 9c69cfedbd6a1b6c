import { defineConfig } from 'vitest/config';

// One run covers every part. Integration tests share one Azurite started by the global setup.
export default defineConfig({
  test: {
    include: [
      'functions/**/*.test.ts',
      'solution/**/*.test.ts',
      'scripts/**/*.test.ts',
      'test/**/*.test.ts',
      'tools/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
