#!/usr/bin/env node
/**
 * Builds the control (production, offline) when out/ is missing or older than any of its sources (or always, with
 * --always), and otherwise does nothing; fails when the build fails, which pcf-scripts' exit code does not tell. Runs after `npm install` (postinstall) so a fresh clone can pack and test, and at the start of the
 * browser tests. A lock directory makes concurrent callers (parallel test files) wait for one build instead of
 * racing on out/; whoever gets the lock checks again before building.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const here = import.meta.dirname;
const bundle = path.join(here, 'out/controls/ConversationView/bundle.js');
// Outside out/ (the build may clear it) and ignored by git with node_modules.
const lock = path.join(here, 'node_modules/.conversation-view-build-lock');
const STALE_LOCK_MS = 10 * 60_000;

/** Newest modification time among the sources, the build configuration, the generated schema and the relay module it imports. */
function newestSource() {
  // The relay's reply window rule is bundled too (conversation/reply-window.ts imports it).
  const files = [
    'package.json',
    'pcfconfig.json',
    'tsconfig.json',
    'eslint.config.mjs',
    '../../solution/generated/schema.ts',
    '../../functions/src/relay/window/reply-window.ts',
  ].map((f) => path.join(here, f));
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'generated') walk(full);
      } else files.push(full);
    }
  };
  walk(path.join(here, 'ConversationView'));
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
      cwd: here,
      encoding: 'utf8',
      env: { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: 'true' },
    });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    if (!process.env.BUILD_QUIET) process.stdout.write(output);
    // pcf-scripts 1.51 exits 0 even when ESLint or the compiler fails: judge by its output and the bundle.
    const built = result.status === 0 && !/\[build\] Failed/.test(output) && existsSync(bundle) && statSync(bundle).mtimeMs >= started - 1000;
    if (!built) {
      if (process.env.BUILD_QUIET) process.stderr.write(output);
      console.error('ConversationView build failed');
      process.exitCode = 1;
    } else console.log(`ConversationView built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
} finally {
  rmSync(lock, { recursive: true, force: true });
}
