/**
 * The repository's copies of the shared reference material stay identical to the originals: byte for byte
 * against ../shared/reference where that folder sits beside the checkout (development machines), and always
 * against SHA256SUMS, recorded from the originals, so a clean clone on its own (CI) checks them too.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const HERE = import.meta.dirname;
const SHARED = join(HERE, '../../../shared/reference');

const files = () => ['wechat-crypto-vectors.json', ...readdirSync(join(HERE, 'dataverse-xsd')).map((f) => `dataverse-xsd/${f}`)];
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function recorded(): Map<string, string> {
  const lines = readFileSync(join(HERE, 'SHA256SUMS'), 'utf8').trim().split('\n');
  return new Map(lines.map((line) => {
    const [hash, file] = line.split(/\s+/);
    return [file ?? '', hash ?? ''];
  }));
}

it('matches the checksums recorded from ../shared/reference, file for file', () => {
  const sums = recorded();
  expect([...sums.keys()].sort()).toEqual(files().sort());
  for (const file of files()) expect(sha256(join(HERE, file)), file).toBe(sums.get(file));
});

it('records the checksums of ../shared/reference itself (when it sits beside the checkout)', () => {
  // On a clean clone alone there is nothing to compare with; the recorded sums above still hold the copies.
  const sums = recorded();
  const shared = existsSync(SHARED)
    ? ['wechat-crypto-vectors.json', ...readdirSync(join(SHARED, 'dataverse-xsd')).map((f) => `dataverse-xsd/${f}`)]
    : [];
  for (const file of shared) expect(sha256(join(SHARED, file)), file).toBe(sums.get(file));
  expect(sums.size).toBeGreaterThanOrEqual(10);
});

it('has the vectors and the solution schema', () => {
  const vectors = JSON.parse(readFileSync(join(HERE, 'wechat-crypto-vectors.json'), 'utf8')) as unknown[];
  expect(vectors.length).toBeGreaterThanOrEqual(18);
  expect(existsSync(join(HERE, 'dataverse-xsd/CustomizationsSolution.xsd'))).toBe(true);
});
