/**
 * Builds the web resources: the TypeScript under src/ bundled by esbuild into plain browser scripts (no
 * modules: Dynamics loads form libraries and page scripts as classic scripts), plus the HTML pages, into
 * generated/. Those are the files webresources/manifest.json lists and `npm run pack` puts in the solution.
 * generated/ is build output, ignored by git: `npm run pack` builds it first, and the unit tests' global setup
 * (test/support/built-bundles.ts) calls `ensureWebResources()` so the pack tests read what the sources build.
 *
 *   npm run build:webresources            writes webresources/generated/
 *   npx tsx webresources/build.ts <dir>   writes elsewhere
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

export const WEBRESOURCES_DIR = import.meta.dirname;
export const GENERATED_DIR = path.join(WEBRESOURCES_DIR, 'generated');

interface ScriptEntry {
  source: string;
  output: string;
  /** Global the handlers are reached by (a form library's handler functionName starts with it). */
  globalName?: string;
}

export const SCRIPTS: readonly ScriptEntry[] = [
  { source: 'src/pages/starttouse/main.ts', output: 'pages/starttouse.js' },
  { source: 'src/forms/signedservice/index.ts', output: 'forms/signedservice.js', globalName: 'WechatMarketing.SignedService' },
  { source: 'src/forms/officialaccount/index.ts', output: 'forms/officialaccount.js', globalName: 'WechatMarketing.OfficialAccount' },
  { source: 'src/pages/binding/main.ts', output: 'pages/binding.js' },
  { source: 'src/forms/qrcode/form.ts', output: 'forms/qrcode.js', globalName: 'WechatMarketing.QrCode' },
  { source: 'src/forms/qrcode/display.ts', output: 'forms/qrcodedisplay.js' },
  { source: 'src/forms/broadcast/form.ts', output: 'forms/broadcast.js', globalName: 'WechatMarketing.Broadcast' },
  { source: 'src/forms/material/form.ts', output: 'forms/material.js', globalName: 'WechatMarketing.Material' },
  { source: 'src/pages/composer/main.ts', output: 'pages/composer.js' },
  { source: 'src/pages/composer/button.ts', output: 'pages/composerbutton.js', globalName: 'WechatMarketing.Composer' },
];

export const PAGES: readonly { source: string; output: string }[] = [
  { source: 'src/pages/starttouse/starttouse.html', output: 'pages/starttouse.html' },
  { source: 'src/pages/binding/binding.html', output: 'pages/binding.html' },
  { source: 'src/forms/qrcode/qrcode.html', output: 'forms/qrcode.html' },
  { source: 'src/pages/composer/composer.html', output: 'pages/composer.html' },
];

const BANNER = '/* Wechat Marketing web resource, built from webresources/src by `npm run build:webresources`. Do not edit. */';

/** Every output file (path under generated/, forward slashes) with its bytes, built in memory. */
export async function buildWebResources(): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const entry of SCRIPTS) {
    const result = await build({
      absWorkingDir: WEBRESOURCES_DIR,
      entryPoints: [entry.source],
      bundle: true,
      write: false,
      format: 'iife',
      ...(entry.globalName && { globalName: entry.globalName }),
      platform: 'browser',
      // What the Unified Interface supports: current Edge, Chrome, Safari and the mobile apps.
      target: ['es2020'],
      legalComments: 'none',
      banner: { js: BANNER },
      logLevel: 'silent',
    });
    const [file] = result.outputFiles;
    if (!file) throw new Error(`esbuild wrote nothing for ${entry.source}`);
    files.set(entry.output, file.contents);
  }
  for (const page of PAGES) files.set(page.output, readFileSync(path.join(WEBRESOURCES_DIR, page.source)));
  return files;
}

export async function writeWebResources(outDir: string = GENERATED_DIR): Promise<string[]> {
  const files = await buildWebResources();
  for (const [name, content] of files) {
    const target = path.join(outDir, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return [...files.keys()];
}

/** Files under `dir` (forward slashes, relative to it); none when it does not exist. */
function filesUnder(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });
}

/**
 * Makes `outDir` hold exactly what the sources build: writes a file only when it is missing or its bytes differ
 * (so a fresh build leaves mtimes alone), and removes files no entry builds any more (a renamed output).
 * Returns the names it wrote or removed; an up-to-date folder gives [].
 */
export async function ensureWebResources(outDir: string = GENERATED_DIR): Promise<string[]> {
  const files = await buildWebResources();
  const changed: string[] = [];
  for (const [name, content] of files) {
    const target = path.join(outDir, name);
    if (existsSync(target) && readFileSync(target).equals(Buffer.from(content))) continue;
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
    changed.push(name);
  }
  for (const name of filesUnder(outDir)) {
    if (files.has(name)) continue;
    rmSync(path.join(outDir, name));
    changed.push(name);
  }
  return changed;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const outDir = path.resolve(process.argv[2] ?? GENERATED_DIR);
  try {
    const written = await writeWebResources(outDir);
    for (const name of written) console.log(`build:webresources: ${path.relative(process.cwd(), path.join(outDir, name))}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
