// Prints the one line CI reads: "tests: N passed, M failed", from vitest's JSON reporter output.
// A test file that failed to load or whose setup failed has no failed test of its own: it counts as one failure. A missing or
// unreadable results file counts as a failure too (the run never got as far as reporting).
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.data/test-results.json';
let results;
try {
  results = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  console.log('tests: 0 passed, 1 failed');
  console.error(`could not read ${file}: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
// A file whose setup failed (beforeAll threw) reports its tests as skipped, not failed: it counts as one failure.
const brokenFiles = (results.testResults ?? []).filter((s) => s.status === 'failed' && !(s.assertionResults ?? []).some((a) => a.status === 'failed')).length;
const failed = results.numFailedTests + brokenFiles;
console.log(`tests: ${results.numPassedTests} passed, ${failed} failed`);
process.exit(results.success && failed === 0 ? 0 : 1);
