import { defineConfig } from 'vitest/config';

// One run (`npm test`) covers every part, in three projects sorted by what a test file needs from the machine:
//   unit     nothing but Node: fast, run it alone with `npm run test:unit` (`npx vitest run --project unit`);
//   azurite  the shared in-memory Azurite the global setup starts (storage adapters, handlers over storage, e2e);
//   browser  Debian's Chromium (and the Azurite too, for the pages that talk to a relay).
// The globs below are the one place that sorting lives; test/support/test-projects.test.ts reads every test file
// and its imports and fails when one that uses Azurite or Chromium would land in `unit`.

export const TEST_FILES = ['functions/**/*.test.ts', 'solution/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts', 'tools/**/*.test.ts'];

export const EXCLUDED = ['**/node_modules/**', '**/dist/**'];

export const BROWSER_TESTS = [
  'test/browser/**/*.browser.test.ts',
  'test/browser/conversation/{composer,container-resize,every-type,live-loop,long-history,reply-window}.test.ts',
  'test/support/browser.test.ts',
];

export const AZURITE_TESTS = [
  'functions/src/storage/azure/**/*.test.ts',
  'functions/src/functions/{deliver-inbound.poison,health,poison-straight}.test.ts',
  'scripts/replay-poison.test.ts',
  'test/e2e/**/*.test.ts',
  'test/browser/webresources/starttouse-relay.test.ts',
  'test/support/azurite-launcher.test.ts',
  'tools/devhost/{devhost,devhost-module}.test.ts',
];

const AZURITE_SETUP = 'test/support/global-setup.ts';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: TEST_FILES,
          exclude: [...EXCLUDED, ...AZURITE_TESTS, ...BROWSER_TESTS],
          // The pack tests read the built web resources, which git does not hold: build them first.
          globalSetup: ['test/support/built-bundles.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'azurite', include: AZURITE_TESTS, exclude: [...EXCLUDED, ...BROWSER_TESTS], globalSetup: [AZURITE_SETUP] },
      },
      {
        extends: true,
        test: { name: 'browser', include: BROWSER_TESTS, exclude: EXCLUDED, globalSetup: [AZURITE_SETUP] },
      },
    ],
  },
});
