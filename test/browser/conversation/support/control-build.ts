/**
 * The built control the browser tests load. A fresh clone builds it on `npm install` (postinstall); this builds
 * it again when out/ is missing or older than the sources (build-if-stale.mjs decides, under a lock, so parallel
 * test files wait for one build).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');
export const PROJECT = path.join(REPO_ROOT, 'pcf-controls/ConversationView');
export const CONTROL_OUT = path.join(PROJECT, 'out/controls/ConversationView');

/** Builds if needed; returns how long it took (0 when the build was fresh). */
export function ensureControlBuilt(): number {
  const started = Date.now();
  execFileSync(process.execPath, [path.join(PROJECT, '../build-if-stale.mjs'), PROJECT], {
    cwd: PROJECT,
    env: { ...process.env, BUILD_QUIET: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return Date.now() - started;
}
