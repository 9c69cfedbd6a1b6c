import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

/**
 * Runs a TypeScript script as one Node process in its own process group (`stop()` signals the group: the relay
 * starts Azurite as a child). `node --import tsx`, not the tsx CLI: the CLI runs the script in a child and, on
 * SIGTERM, SIGKILLs that child and exits 143 when the child's report of the signal takes over 60 ms (seen on a
 * loaded CI machine), so a clean shutdown could not be told from a crash.
 */
export function spawnTypeScript(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
}
