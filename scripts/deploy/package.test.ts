/**
 * The zip `npm run deploy` uploads: host.json, a package.json whose "main" is the bundle and whose dependencies are
 * only the runtime ones (no workspace packages, which no registry has), and a bundle that registers every function
 * the source registers. The bundle is built by functions/build.mjs into a folder of this test's own (functions/dist
 * belongs to functions/build.test.ts, which may run at the same time).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { expect, it } from 'vitest';
import { REPO } from './bicep.js';
import { buildPackage, run } from './package.js';

const FUNCTIONS = join(REPO, 'functions');

it('packs host.json, the runtime package.json and a bundle that registers every function', async () => {
  const work = mkdtempSync(join(tmpdir(), 'relay-package-'));
  // build.mjs reads src/ and writes dist/ relative to its working directory.
  const buildDir = join(work, 'build');
  mkdirSync(buildDir);
  symlinkSync(join(FUNCTIONS, 'src'), join(buildDir, 'src'));
  const zip = await buildPackage({
    outDir: join(work, 'out'),
    install: false,
    build: async () => {
      await run(process.execPath, [join(FUNCTIONS, 'build.mjs')], buildDir);
      return join(buildDir, 'dist');
    },
  });

  const files = unzipSync(readFileSync(zip));
  const text = (name: string) => new TextDecoder().decode(files[name]);
  expect(Object.keys(files).sort()).toEqual(['dist/index.js', 'dist/index.js.map', 'host.json', 'package.json']);
  expect(text('host.json')).toBe(readFileSync(join(FUNCTIONS, 'host.json'), 'utf8'));

  const source = JSON.parse(readFileSync(join(FUNCTIONS, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const manifest = JSON.parse(text('package.json')) as Record<string, unknown>;
  expect(manifest).toEqual({
    name: '@wxm/functions',
    version: '1.0.0',
    private: true,
    type: 'module',
    main: 'dist/index.js',
    dependencies: source.dependencies,
    engines: { node: '>=20' },
  });
  expect(Object.keys(source.dependencies)).toContain('@azure/identity');

  const bundle = text(manifest.main as string);
  const bundled = [...bundle.matchAll(/\bapp\d*\.(http|storageQueue|timer)\("([A-Za-z]+)"/g)].map((m) => `${m[1]}:${m[2]}`).sort();
  const declared = readdirSync(join(FUNCTIONS, 'src/functions'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .flatMap((f) => [...readFileSync(join(FUNCTIONS, 'src/functions', f), 'utf8').matchAll(/\bapp\.(http|storageQueue|timer)\('([A-Za-z]+)'/g)])
    .map((m) => `${m[1]}:${m[2]}`)
    .sort();
  expect(declared.length).toBeGreaterThanOrEqual(10);
  expect(bundled).toEqual(declared);
}, 120_000);
