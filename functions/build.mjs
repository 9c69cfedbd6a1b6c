// Bundles the relay for Azure Functions: one ESM file, dist/index.js (package.json "main"), with the
// generated schema inlined and node_modules left external (deployed with `npm install --omit=dev`).
// The local host runs src/index.ts directly; this is only for deployment.
import { build } from 'esbuild';

const result = await build({
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`functions: dist/index.js ${(bytes / 1024).toFixed(0)} KiB`);
