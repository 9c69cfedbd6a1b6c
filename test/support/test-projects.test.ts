/**
 * The vitest projects (vitest.config.ts) sort test files by glob; this holds the globs against what each file
 * really needs (test/support/test-needs.ts reads its source and its imports): nothing in `unit` uses Azurite or
 * Chromium, nothing in `azurite` uses Chromium, and every test file lands in exactly one project.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { AZURITE_TESTS, BROWSER_TESTS, EXCLUDED, TEST_FILES } from '../../vitest.config.js';
import { REPO_ROOT, TestNeeds } from './test-needs.js';

type Project = 'unit' | 'azurite' | 'browser';

// picomatch is the matcher vitest itself reads include and exclude globs with.
const matches = (globs: string[]) => picomatch(globs);
const inTests = matches(TEST_FILES);
const excluded = matches(EXCLUDED);
const inAzurite = matches(AZURITE_TESTS);
const inBrowser = matches(BROWSER_TESTS);

/** The projects a file lands in, as vitest.config.ts's include and exclude lists put it. */
function projectsOf(file: string): Project[] {
  if (!inTests(file) || excluded(file)) return [];
  const browser = inBrowser(file);
  const azurite = inAzurite(file) && !browser;
  return [...(browser ? ['browser' as const] : []), ...(azurite ? ['azurite' as const] : []), ...(!browser && !azurite ? ['unit' as const] : [])];
}

/** Test files in the working tree (tracked or new, not ignored), as vitest would find them. */
function testFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*.test.ts'], { cwd: REPO_ROOT, encoding: 'utf8' });
  return listed.split('\n').filter((file) => file && inTests(file) && !excluded(file) && existsSync(path.join(REPO_ROOT, file)));
}

describe('vitest projects', () => {
  const needs = new TestNeeds();
  const files = testFiles();

  it('finds the test files and puts each in exactly one project', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((file) => projectsOf(file).length !== 1)).toEqual([]);
  });

  it('keeps every file that uses Azurite or Chromium out of unit, and Chromium out of azurite', () => {
    const misplaced = files.flatMap((file) => {
      const [project] = projectsOf(file);
      const used = needs.of(file);
      if (used.has('browser') && project !== 'browser') return [`${file}: uses Chromium but sits in ${project}`];
      if (used.has('azurite') && project === 'unit') return [`${file}: uses Azurite but sits in unit`];
      return [];
    });
    expect(misplaced).toEqual([]);
  });

  it('reads needs through imports: a file that only imports an Azurite helper needs Azurite', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wxm-needs-'));
    try {
      writeFileSync(path.join(dir, 'helper.ts'), "export const connection = () => process.env['AZURITE_CONNECTION_STRING'];\n");
      writeFileSync(path.join(dir, 'middle.ts'), "export { connection } from './helper.js';\n");
      writeFileSync(path.join(dir, 'uses.test.ts'), "import { connection } from './middle.js';\nconnection();\n");
      writeFileSync(path.join(dir, 'page.test.ts'), "import { chromium } from 'playwright-core';\nvoid chromium;\n");
      writeFileSync(path.join(dir, 'plain.test.ts'), "import { join } from 'node:path';\njoin('a');\n");
      expect([...needs.of(path.join(dir, 'uses.test.ts'))]).toEqual(['azurite']);
      expect([...needs.of(path.join(dir, 'page.test.ts'))]).toEqual(['browser']);
      expect([...needs.of(path.join(dir, 'plain.test.ts'))]).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // And the sorting itself: an e2e file is azurite, a browser page test is browser, a pure module test is unit.
    expect(projectsOf('test/e2e/bridge.test.ts')).toEqual(['azurite']);
    expect(projectsOf('test/browser/webresources/starttouse.browser.test.ts')).toEqual(['browser']);
    expect(projectsOf('functions/src/kernel/guid.test.ts')).toEqual(['unit']);
  });
});
