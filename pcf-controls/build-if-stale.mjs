#!/usr/bin/env node
/**
 * Builds one PCF control (production, offline) when its bundle is missing or older than any of its sources (or
 * always, with --always), and otherwise does nothing; fails when the build fails, which pcf-scripts' exit code does
 * not tell.
 *
 *     node pcf-controls/build-if-stale.mjs <project folder> [--always]
 *
 * The project folder holds the control's folder of the same name (ConversationView/ConversationView) and its
 * package.json, whose "buildInputs" lists the files outside the project the bundle imports (the generated schema, a
 * relay rule), relative to the project. Runs after `npm install` (each control's postinstall) so a fresh clone can
 * pack and test, and at the start of the browser tests. A lock directory makes concurrent callers (parallel test
 * files) wait for one build instead of racing on out/; whoever gets the lock checks again before building.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const folder = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!folder || !existsSync(path.join(folder, 'package.json'))) {
  console.error('usage: node pcf-controls/build-if-stale.mjs <project folder with a package.json> [--always]');
  process.exit(2);
}
const project = path.resolve(folder);
const control = path.basename(project);
const { buildInputs = [] } = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8'));
const bundle = path.join(project, `out/controls/${control}/bundle.js`);
// Outside out/ (the build may clear it) and ignored by git with node_modules.
const lock = path.join(project, 'node_modules/.build-if-stale-lock');
const STALE_LOCK_MS = 10 * 60_000;

/** Newest modification time among the control's sources, its build configuration and the inputs it names. */
function newestSource() {
  const files = ['package.json', 'pcfconfig.json', 'tsconfig.json', 'eslint.config.mjs', ...buildInputs].map((f) => path.join(project, f));
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'generated') walk(full);
      } else files.push(full);
    }
  };
  walk(path.join(project, control));
  return Math.max(...files.filter((f) => existsSync(f)).map((f) => statSync(f).mtimeMs));
}

const isFresh = () => existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource();

function takeLock() {
  mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
}

const always = process.argv.includes('--always');
if (!always && isFresh()) process.exit(0);
takeLock();
try {
  if (always || !isFresh()) {
    const started = Date.now();
    const result = spawnSync('npx', ['pcf-scripts', 'build', '--buildMode', 'production'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: 'true' },
    });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    if (!process.env.BUILD_QUIET) process.stdout.write(output);
    // pcf-scripts 1.51 exits 0 even when ESLint or the compiler fails: judge by its output and the bundle.
    const built = result.status === 0 && !/\[build\] Failed/.test(output) && existsSync(bundle) && statSync(bundle).mtimeMs >= started - 1000;
    if (!built) {
      if (process.env.BUILD_QUIET) process.stderr.write(output);
      console.error(`${control} build failed`);
      process.exitCode = 1;
    } else console.log(`${control} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
} finally {
  rmSync(lock, { recursive: true, force: true });
}
