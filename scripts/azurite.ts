/**
 * Starts Azurite (npm `azurite`, Microsoft's storage emulator) for tests and local runs, and stops it cleanly.
 *
 * Gotchas handled here (see ../shared/docs/toolchain.md §3):
 * - `--location` and `--inMemoryPersistence` are mutually exclusive (Azurite exits), so the options are too.
 * - `--skipApiVersionCheck`: the installed SDKs send API versions newer than Azurite 3.35 knows.
 * - `--disableTelemetry`: otherwise Azurite tries to reach Application Insights.
 * - The child gets its own process group (killed as a group) and a stdin pipe it watches, so it exits even when
 *   this process is SIGKILLed: no orphaned emulators.
 * Docs: https://learn.microsoft.com/azure/storage/common/storage-use-azurite#command-line-options
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { resolve } from 'node:path';

export interface AzuriteOptions {
  /** Persist data in this directory (e.g. `.data/azurite`). Mutually exclusive with `inMemory`. */
  location?: string;
  /** Keep everything in memory (default when `location` is not given). */
  inMemory?: boolean;
  /** 0 or undefined: pick a free port. */
  blobPort?: number;
  queuePort?: number;
  tablePort?: number;
  /** Cap for in-memory extents (Azurite otherwise reserves up to 50% of RAM). Default 256 MB. */
  extentMemoryLimitMb?: number;
  /** How long to wait for the three services. Default 30 s. */
  startTimeoutMs?: number;
}

export interface RunningAzurite {
  /** Explicit devstoreaccount1 connection string with the 127.0.0.1 endpoints. */
  connectionString: string;
  ports: { blob: number; queue: number; table: number };
  pid: number;
  stop(): Promise<void>;
}

// The emulator's well-known development account (public, documented by Microsoft; not a secret).
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const HOST = '127.0.0.1';

export async function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  if (options.location && options.inMemory) {
    throw new Error('startAzurite: use either `location` (persisted) or `inMemory`, not both (Azurite refuses the pair)');
  }
  for (let attempt = 1; ; attempt++) {
    const ports = {
      blob: options.blobPort || (await freePort()),
      queue: options.queuePort || (await freePort()),
      table: options.tablePort || (await freePort()),
    };
    try {
      return await launch(options, ports);
    } catch (err) {
      // A picked port can be taken between probing and binding; retry only when we chose the ports.
      const chosen = !options.blobPort && !options.queuePort && !options.tablePort;
      if (!chosen || attempt >= 3 || !/EADDRINUSE/.test(String(err))) throw err;
    }
  }
}

async function launch(options: AzuriteOptions, ports: RunningAzurite['ports']): Promise<RunningAzurite> {
  // A port another Azurite holds would pass the readiness check below before our child fails to bind it, and two
  // sandboxes would then share one storage: refuse a taken port first (callers fall back to free ports).
  for (const port of [ports.blob, ports.queue, ports.table]) {
    if (!(await portFree(port))) throw new Error(`EADDRINUSE: ${HOST}:${port} is taken (another Azurite?)`);
  }
  const args = [
    '--silent',
    '--disableTelemetry',
    '--skipApiVersionCheck',
    '--blobHost',
    HOST,
    '--queueHost',
    HOST,
    '--tableHost',
    HOST,
    '--blobPort',
    String(ports.blob),
    '--queuePort',
    String(ports.queue),
    '--tablePort',
    String(ports.table),
  ];
  if (options.location) {
    const location = resolve(options.location);
    mkdirSync(location, { recursive: true });
    args.push('--location', location);
  } else {
    args.push('--inMemoryPersistence', '--extentMemoryLimit', String(options.extentMemoryLimitMb ?? 256));
  }

  const child = spawn(process.execPath, ['-e', WATCHDOG, azuriteEntry(), ...args], {
    detached: true, // own process group: stop() kills the group
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    child.stdin?.destroy();
  };

  try {
    await Promise.race([
      waitForServices(ports, options.startTimeoutMs ?? 30_000),
      exited.then((code) => {
        throw new Error(`Azurite exited during start (code ${code}): ${stderr.trim() || 'no output'}`);
      }),
    ]);
  } catch (err) {
    await stop();
    throw err;
  }

  const endpoint = (port: number) => `http://${HOST}:${port}/${ACCOUNT}`;
  return {
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${ACCOUNT_KEY};` +
      `BlobEndpoint=${endpoint(ports.blob)};QueueEndpoint=${endpoint(ports.queue)};TableEndpoint=${endpoint(ports.table)};`,
    ports,
    pid: child.pid!,
    stop,
  };
}

/**
 * Runs inside the child: exit when the parent's stdin pipe closes (parent died), and let go of stdin on
 * SIGTERM so Azurite's own graceful shutdown can end the process. With `node -e`, argv[1] is the first extra
 * argument (Azurite's CLI entry), which is also where Azurite's own argument parser expects its script path.
 */
const WATCHDOG = `
const parentGone = () => process.exit(0);
process.stdin.on('end', parentGone).on('error', parentGone).resume();
process.once('SIGTERM', () => {
  process.stdin.off('end', parentGone).off('error', parentGone).destroy();
  setTimeout(() => process.exit(0), 3000).unref();
});
require(process.argv[1]);
`;

function azuriteEntry(): string {
  return createRequire(import.meta.url).resolve('azurite/dist/src/azurite.js');
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const server = createServer();
    server.unref();
    server.once('error', () => res(false));
    server.listen(port, HOST, () => server.close(() => res(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.unref();
    server.once('error', rej);
    server.listen(0, HOST, () => {
      const { port } = server.address() as { port: number };
      server.close(() => res(port));
    });
  });
}

/** Every service answers an HTTP request (any status counts: it is listening and speaking HTTP). */
async function waitForServices(ports: RunningAzurite['ports'], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const port of [ports.blob, ports.queue, ports.table]) {
    while (!(await answersHttp(port))) {
      if (Date.now() > deadline) throw new Error(`Azurite did not answer on ${HOST}:${port} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function answersHttp(port: number): Promise<boolean> {
  return new Promise((res) => {
    const socket = connect({ host: HOST, port }, () => socket.write(`GET /${ACCOUNT}?comp=list HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`));
    socket.setTimeout(1_000, () => socket.destroy());
    socket.once('data', (chunk: Buffer) => {
      socket.destroy();
      res(chunk.toString('latin1').startsWith('HTTP/1.1 '));
    });
    socket.once('error', () => res(false));
    socket.once('close', () => res(false));
  });
}
