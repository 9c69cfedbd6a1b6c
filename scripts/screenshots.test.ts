/**
 * `npm run screenshots`: the README links exactly the screenshots it refreshes, each taken by the test it names,
 * and the copy is all or nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyReadmeScreenshots, MissingScreenshotError, README_DIR, README_SCREENSHOTS, TAKEN_DIR } from './screenshots.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wxm-shots-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('README screenshots', () => {
  it('are the ones the README links, committed under docs/screenshots, taken under .data by the tests named', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const linked = [...readme.matchAll(/\]\(docs\/screenshots\/([^)]+)\)/g)].map((m) => m[1]);
    expect([...new Set(linked)].sort()).toEqual(Object.keys(README_SCREENSHOTS).sort());
    expect(path.relative(ROOT, TAKEN_DIR)).toBe('.data/screenshots');
    for (const [name, test] of Object.entries(README_SCREENSHOTS)) {
      expect(existsSync(path.join(README_DIR, name)), name).toBe(true);
      expect(readFileSync(path.join(ROOT, test), 'utf8'), test).toContain(name.replace(/-(en|zh)\.png$/, ''));
    }
  });

  it('copies all of them, or none when one was not taken', () => {
    const from = scratch();
    const to = scratch();
    const names = Object.keys(README_SCREENSHOTS);
    for (const name of names.slice(1)) writeFileSync(path.join(from, name), `png ${name}`);
    expect(() => copyReadmeScreenshots(from, to)).toThrow(MissingScreenshotError);
    expect(() => copyReadmeScreenshots(from, to)).toThrow(`screenshots not taken: ${names[0]} (did their tests pass?)`);
    expect(names.filter((name) => existsSync(path.join(to, name)))).toEqual([]);
    writeFileSync(path.join(from, names[0]!), `png ${names[0]}`);
    expect(copyReadmeScreenshots(from, path.join(to, 'nested'))).toEqual(names);
    for (const name of names) expect(readFileSync(path.join(to, 'nested', name), 'utf8')).toBe(`png ${name}`);
  });
});
