/**
 * Runs the relay as its own process, exactly as `npm start` does (scripts/start.ts on the local Functions
 * host), and keeps every line it logs: end-to-end tests assert on behaviour across processes and scan the logs.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { spawnTypeScript } from './spawn-typescript.js';

const ROOT = join(import.meta.dirname, '../..');

export interface RelayProcess {
  url: string;
  port: number;
  /** stdout and stderr, line by line. */
  lines: string[];
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<number | null>;
  /** SIGKILL: the process dies mid-work, as on a crash or a lost instance. */
  kill(): Promise<void>;
}

export async function startRelayProcess(env: Record<string, string>, readyPattern = /Relay listening on/): Promise<RelayProcess> {
  if (env.PORT) return startOnce(env, Number(env.PORT), readyPattern);
  // freePort() closes its probe before the relay binds, so another process may take the port in between (seen on a
  // busy CI machine: EADDRINUSE): then start again on another port.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(env, await freePort(), readyPattern);
    } catch (err) {
      if (attempt >= 3 || !(err instanceof Error) || !err.message.includes('EADDRINUSE')) throw err;
    }
  }
}

async function startOnce(env: Record<string, string>, port: number, readyPattern: RegExp): Promise<RelayProcess> {
  const child = spawnTypeScript(join(ROOT, 'scripts/start.ts'), { ...env, PORT: String(port) });
  const signal = (sig: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };
  const lines: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      lines.push(line);
      for (const w of [...waiters])
        if (w.pattern.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const waitFor = (pattern: RegExp, timeoutMs = 45_000) => {
    const seen = lines.find((l) => pattern.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`relay never printed ${pattern}; output:\n${lines.join('\n')}`)), timeoutMs);
      waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      void exited.then((code) => reject(new Error(`relay exited (${code}) before printing ${pattern}; output:\n${lines.join('\n')}`)));
    });
  };
  await waitFor(readyPattern);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    lines,
    waitFor,
    async kill() {
      signal('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
