// Bundles the relay for Azure Functions: one ESM file, dist/index.js (package.json "main"), with the
// generated schema (@wxm/solution, a workspace package) inlined and the npm dependencies left external (deployed
// with `npm install --omit=dev`).
// The local host runs src/index.ts directly; this is only for deployment.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const manifest = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const result = await build({
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Only what Azure installs from package.json stays external; our own workspace packages are bundled.
  external: Object.keys(manifest.dependencies ?? {}).flatMap((name) => [name, `${name}/*`]),
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`functions: dist/index.js ${(bytes / 1024).toFixed(0)} KiB`);
