/** The repository's copies of the shared reference material stay identical to the originals. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const HERE = import.meta.dirname;
const SHARED = join(HERE, '../../../shared/reference');

it.runIf(existsSync(SHARED))('matches ../shared/reference file for file', () => {
  const files = ['wechat-crypto-vectors.json', ...readdirSync(join(SHARED, 'dataverse-xsd')).map((f) => `dataverse-xsd/${f}`)];
  for (const file of files) expect(readFileSync(join(HERE, file)), file).toEqual(readFileSync(join(SHARED, file)));
});

it('has the vectors and the solution schema', () => {
  const vectors = JSON.parse(readFileSync(join(HERE, 'wechat-crypto-vectors.json'), 'utf8')) as unknown[];
  expect(vectors.length).toBeGreaterThanOrEqual(18);
  expect(existsSync(join(HERE, 'dataverse-xsd/CustomizationsSolution.xsd'))).toBe(true);
});
