/** The one line CI reads counts every failure, including a file whose setup failed (its tests report as skipped). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, 'summary.mjs');

function summarize(results: unknown): { line: string; code: number } {
  const file = join(mkdtempSync(join(tmpdir(), 'wxm-summary-')), 'results.json');
  writeFileSync(file, JSON.stringify(results));
  try {
    return { line: execFileSync(process.execPath, [SCRIPT, file], { encoding: 'utf8' }).trim(), code: 0 };
  } catch (err) {
    const e = err as { stdout: string; status: number };
    return { line: e.stdout.trim(), code: e.status };
  }
}

it('counts a file whose beforeAll failed as one failure, though its tests report as skipped (CI said 0 failed before)', () => {
  const results = {
    success: false,
    numPassedTests: 2,
    numFailedTests: 0,
    testResults: [
      { status: 'passed', assertionResults: [{ status: 'passed' }, { status: 'passed' }] },
      { status: 'failed', assertionResults: [{ status: 'skipped' }, { status: 'skipped' }] },
    ],
  };
  expect(summarize(results)).toEqual({ line: 'tests: 2 passed, 1 failed', code: 1 });
});

it('counts failed tests once each, and a file that failed to load as one more', () => {
  const results = {
    success: false,
    numPassedTests: 1,
    numFailedTests: 2,
    testResults: [
      { status: 'failed', assertionResults: [{ status: 'failed' }, { status: 'failed' }, { status: 'passed' }] },
      { status: 'failed', assertionResults: [] },
    ],
  };
  expect(summarize(results)).toEqual({ line: 'tests: 1 passed, 3 failed', code: 1 });
});

it('passes a clean run', () => {
  const results = { success: true, numPassedTests: 3, numFailedTests: 0, testResults: [{ status: 'passed', assertionResults: [{ status: 'passed' }] }] };
  expect(summarize(results)).toEqual({ line: 'tests: 3 passed, 0 failed', code: 0 });
});
