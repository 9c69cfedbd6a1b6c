/** The deployable bundle (npm run build -w functions) registers every function the source registers. */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const HERE = import.meta.dirname;
const REGISTRATION = /\bapp\d*\.(http|storageQueue|timer)\("([A-Za-z]+)"/g;

it('bundles every registration into dist/index.js with node_modules left external', () => {
  execFileSync(process.execPath, [join(HERE, 'build.mjs')], { cwd: HERE, stdio: 'pipe' });
  const bundle = readFileSync(join(HERE, 'dist/index.js'), 'utf8');
  const bundled = [...bundle.matchAll(REGISTRATION)].map((m) => `${m[1]}:${m[2]}`).sort();
  const sources = readdirSync(join(HERE, 'src/functions')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const declared = sources
    .flatMap((f) => [...readFileSync(join(HERE, 'src/functions', f), 'utf8').matchAll(/\bapp\.(http|storageQueue|timer)\('([A-Za-z]+)'/g)])
    .map((m) => `${m[1]}:${m[2]}`)
    .sort();
  expect(declared.length).toBeGreaterThanOrEqual(10);
  expect(bundled).toEqual(declared);
  expect(bundle).toMatch(/from "@azure\/functions"/);
  expect(bundle).not.toMatch(/function timingSafeEqual|class TableClient/);
}, 60_000);
