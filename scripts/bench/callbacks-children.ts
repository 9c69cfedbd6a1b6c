/**
 * The servers `npm run bench:callbacks` measures each run in a child process of their own (the bench process
 * only drives autocannon), one after the other. A child prints `BENCH_READY <url>` once it listens (or the
 * pattern given); stop() ends its whole process group.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

export interface Child {
  url: string;
  lines: string[];
  stop(): Promise<void>;
}

export async function startChild(
  script: string,
  env: Record<string, string>,
  options: { ready?: RegExp; timeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<Child> {
  const ready = options.ready ?? /BENCH_READY (.+)$/;
  // `node --import tsx`: the script runs in this one process (node flags such as --cpu-prof apply to it).
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', join(ROOT, script)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: a signal reaches whatever it started too
  });
  const lines: string[] = [];
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      return; // already gone
    }
    const killer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }, 10_000);
    await exited;
    clearTimeout(killer);
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${lines.slice(-20).join('\n')}`)), options.timeoutMs ?? 120_000);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        lines.push(line);
        const m = ready.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1] ?? '');
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}):\n${lines.slice(-20).join('\n')}`));
    });
  }).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { url, lines, stop };
}
