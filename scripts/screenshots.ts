/**
 * `npm run screenshots`: refreshes the screenshots the README shows, on purpose. The browser tests write every
 * screenshot under .data/screenshots/ (ignored by git), so `npm test` leaves the tree clean; this runs the tests
 * that take the README's, then copies exactly those to docs/screenshots/ for you to look at and commit.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Where the browser tests write (test/support/browser.ts `SCREENSHOTS`) and where the README links. */
export const TAKEN_DIR = path.join(ROOT, '.data/screenshots');
export const README_DIR = path.join(ROOT, 'docs/screenshots');

/** Each screenshot the README links, with the test file that takes it. */
export const README_SCREENSHOTS: Readonly<Record<string, string>> = {
  'conversation-en.png': 'test/browser/conversation/every-type.test.ts',
  'conversation-zh.png': 'test/browser/conversation/every-type.test.ts',
  'starttouse-result-en.png': 'test/browser/webresources/starttouse.browser.test.ts',
  'starttouse-result-zh.png': 'test/browser/webresources/starttouse.browser.test.ts',
  'binding-code-en.png': 'test/browser/webresources/binding.browser.test.ts',
  'binding-bound-en.png': 'test/browser/webresources/binding.browser.test.ts',
  'binding-code-zh.png': 'test/browser/webresources/binding.browser.test.ts',
  'binding-oauth-zh.png': 'test/browser/webresources/binding-oauth.browser.test.ts',
  'binding-oauth-en.png': 'test/browser/webresources/binding-oauth.browser.test.ts',
  'officialaccount-capabilities-en.png': 'test/browser/webresources/officialaccount.browser.test.ts',
  'officialaccount-capabilities-zh.png': 'test/browser/webresources/officialaccount.browser.test.ts',
  'officialaccount-quota-en.png': 'test/browser/webresources/officialaccount.browser.test.ts',
  'officialaccount-quota-zh.png': 'test/browser/webresources/officialaccount.browser.test.ts',
  'officialaccount-removal-zh.png': 'test/browser/webresources/removal.browser.test.ts',
  'officialaccount-removal-en.png': 'test/browser/webresources/removal.browser.test.ts',
  'qrcode-display-en.png': 'test/browser/webresources/qrcode.browser.test.ts',
  'qrcode-display-zh.png': 'test/browser/webresources/qrcode.browser.test.ts',
  'qrcode-form-zh.png': 'test/browser/webresources/qrcode.browser.test.ts',
  'follower-tags-en.png': 'test/browser/webresources/follower-tags.browser.test.ts',
  'follower-tags-zh.png': 'test/browser/webresources/follower-tags.browser.test.ts',
  'broadcast-draft-en.png': 'test/browser/webresources/broadcast.browser.test.ts',
  'broadcast-awaiting-zh.png': 'test/browser/webresources/broadcast.browser.test.ts',
  'broadcast-sent-en.png': 'test/browser/webresources/broadcast.browser.test.ts',
  'broadcast-refused-zh.png': 'test/browser/webresources/broadcast.browser.test.ts',
  'composer-en.png': 'test/browser/webresources/composer.browser.test.ts',
  'composer-zh.png': 'test/browser/webresources/composer.browser.test.ts',
  'menu-designer-en.png': 'test/browser/menu/designer.browser.test.ts',
  'menu-designer-zh.png': 'test/browser/menu/designer.browser.test.ts',
  'material-uploaded-en.png': 'test/browser/webresources/material.browser.test.ts',
  'material-refused-zh.png': 'test/browser/webresources/material.browser.test.ts',
  'binding-operator-zh.png': 'test/browser/webresources/binding-operator.browser.test.ts',
};

export class MissingScreenshotError extends Error {
  constructor(readonly names: string[]) {
    super(`screenshots not taken: ${names.join(', ')} (did their tests pass?)`);
    this.name = 'MissingScreenshotError';
  }
}

/** Copies the README's screenshots from `from` to `to`; copies nothing when one is missing. */
export function copyReadmeScreenshots(from: string = TAKEN_DIR, to: string = README_DIR): string[] {
  const names = Object.keys(README_SCREENSHOTS);
  const missing = names.filter((name) => !existsSync(path.join(from, name)));
  if (missing.length > 0) throw new MissingScreenshotError(missing);
  mkdirSync(to, { recursive: true });
  for (const name of names) copyFileSync(path.join(from, name), path.join(to, name));
  return names;
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  // Stale copies from an earlier run must not pass for fresh ones.
  for (const name of Object.keys(README_SCREENSHOTS)) rmSync(path.join(TAKEN_DIR, name), { force: true });
  const tests = [...new Set(Object.values(README_SCREENSHOTS))];
  const vitest = path.join(ROOT, 'node_modules/vitest/vitest.mjs');
  const run = spawnSync(process.execPath, [vitest, 'run', '--project', 'browser', ...tests], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error('screenshots: the browser tests failed; docs/screenshots/ left as it was');
    process.exit(run.status ?? 1);
  }
  try {
    for (const name of copyReadmeScreenshots()) console.log(`screenshots: docs/screenshots/${name}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
