/**
 * The local Functions host: serves an `@azure/functions` v4 app's own registrations (HTTP, storage queue and
 * timer triggers, storage queue outputs) without Azure Functions Core Tools, which cannot be installed here.
 * The app is plain v4 code and does not know it runs locally. README.md says what is mirrored and what is refused.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadApp } from './core-hook.js';
import { createHttpDispatcher } from './http-trigger.js';
import type { InvokeDeps } from './invoke.js';
import { consoleLog, describeError, type DevHostLog } from './log.js';
import { QueueClients } from './queue-clients.js';
import { HostHealth } from './dynamic-concurrency.js';
import { QueuePoller } from './queue-trigger.js';
import { planFunctions } from './registrations.js';
import { applyEnv, DevHostError, readHostJson, timeSpanMs, type HostJson } from './settings.js';
import { TimerRunner } from './timer-trigger.js';

export { DevHostError } from './settings.js';
export { consoleLog, type DevHostLog, type LogLevel } from './log.js';
export type { HostJson } from './settings.js';

export interface DevHostOptions {
  /** 0 picks a free port. Default 7071. */
  port?: number;
  /** Path of the app's entry module (e.g. functions/src/index.ts), or a function that registers functions. */
  appModule: string | (() => Promise<unknown>);
  /** App settings, put into process.env before the app loads (and restored on close). */
  env?: Record<string, string>;
  /** Key for authLevel function routes. Default: a random one (see DevHost.functionKey). */
  functionKey?: string;
  /** AzureWebJobsStorage (what queue triggers and outputs use by default) unless `env` sets it. */
  storageConnectionString?: string;
  /** host.json path or content. Default: the nearest host.json above the app module. */
  hostJson?: string | HostJson;
  log?: DevHostLog;
  /** Longest wait between polls of an empty queue. Default: host.json maxPollingInterval, else 1 minute (the host's default). */
  maxQueuePollMs?: number;
  /** How long a message stays hidden while its handler runs (renewed at half-time). Default 60 s. */
  queueVisibilitySeconds?: number;
  /** Run timer triggers (default true). */
  timers?: boolean;
  /** Serve only these functions (by name); default all. Benchmarks use it to measure one path alone. */
  only?: string[];
}

export interface DevHost {
  /** http://127.0.0.1:port (without the route prefix). */
  url: string;
  port: number;
  functionKey: string;
  /** Names of the functions being served, in registration order. */
  functions: string[];
  close(): Promise<void>;
}

export async function startDevHost(options: DevHostOptions): Promise<DevHost> {
  const log = options.log ?? consoleLog;
  const restoreEnv = applyEnv({
    ...(options.storageConnectionString && { AzureWebJobsStorage: options.storageConnectionString }),
    ...options.env,
  });
  const stoppers: (() => Promise<void>)[] = [];
  try {
    const app = await loadApp(options.appModule);
    if (app.functions.length === 0) {
      throw new DevHostError(
        'the app registered no functions. If @azure/functions was already used (app.*) in this process before the ' +
          'devhost loaded, it switched to test mode and drops registrations; start the devhost first.',
      );
    }
    const hostJson = readHostJson(options.hostJson, options.appModule);
    const plan = planFunctions(app, { ...process.env }, options.only);
    const deps: InvokeDeps = { log, queues: new QueueClients() };
    const functionKey = options.functionKey ?? randomBytes(24).toString('base64url');

    const dispatch = createHttpDispatcher({ functions: plan.http, routePrefix: hostJson.extensions?.http?.routePrefix ?? 'api', functionKey, deps });
    const timers = new Map<string, TimerRunner>();
    const server = createServer((req, res) => {
      if (runAdminRequest(req, res, timers, functionKey)) return;
      dispatch(req, res).catch((err: unknown) => {
        log('error', `request failed: ${describeError(err)}`);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    const port = await listen(server, options.port ?? 7071);
    stoppers.push(() => closeServer(server));

    const queues = hostJson.extensions?.queues ?? {};
    const batchSize = Math.min(queues.batchSize ?? 16, 32);
    const rules = {
      batchSize,
      newBatchThreshold: queues.newBatchThreshold ?? Math.floor(batchSize / 2),
      maxDequeueCount: queues.maxDequeueCount ?? 5,
      retryVisibilitySeconds: Math.round(timeSpanMs(queues.visibilityTimeout, 0) / 1000),
      processingVisibilitySeconds: options.queueVisibilitySeconds ?? 60,
      maxPollMs: options.maxQueuePollMs ?? timeSpanMs(queues.maxPollingInterval, 60_000),
    };
    const health = hostJson.concurrency?.dynamicConcurrencyEnabled && plan.queues.length > 0 ? new HostHealth() : undefined;
    if (health) stoppers.push(async () => health.stop());
    for (const fn of plan.queues) {
      const poller = new QueuePoller(fn, rules, deps, health);
      stoppers.push(() => poller.stop());
    }
    if (options.timers !== false) {
      for (const fn of plan.timers) {
        const runner = new TimerRunner(fn, deps);
        timers.set(fn.registration.name.toLowerCase(), runner);
        runner.start();
        stoppers.push(() => runner.stop());
      }
    }

    const served = new Set([...plan.http, ...plan.queues, ...plan.timers].map((f) => f.registration.name));
    let closed: Promise<void> | undefined;
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      functionKey,
      functions: app.functions.map((f) => f.name).filter((name) => served.has(name)),
      close: () =>
        (closed ??= (async () => {
          await Promise.all(stoppers.map((stop) => stop()));
          restoreEnv();
        })()),
    };
  } catch (err) {
    await Promise.all(stoppers.map((stop) => stop().catch(() => undefined)));
    restoreEnv();
    throw err;
  }
}

/**
 * `POST /admin/functions/{name}` with the key in `x-functions-key`: runs a timer function now and answers 202, as
 * the Functions host does for a non-HTTP function (there with the master key; here the host has one key).
 * https://learn.microsoft.com/azure/azure-functions/functions-manually-run-non-http
 */
function runAdminRequest(req: IncomingMessage, res: ServerResponse, timers: ReadonlyMap<string, TimerRunner>, functionKey: string): boolean {
  const match = /^\/admin\/functions\/([^/?]+)$/.exec((req.url ?? '').split('?')[0] ?? '');
  if (!match) return false;
  req.resume();
  const answer = (status: number) => res.writeHead(status, { 'content-length': '0' }).end();
  if (req.method !== 'POST') answer(405);
  else if (!keyMatches(req.headers['x-functions-key'], functionKey)) answer(401);
  else {
    const runner = timers.get(decodeURIComponent(match[1] ?? '').toLowerCase());
    if (!runner) answer(404);
    else answer(runner.runNow() ? 202 : 409);
  }
  return true;
}

function keyMatches(given: string | string[] | undefined, key: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
