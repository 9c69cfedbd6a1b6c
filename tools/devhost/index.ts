/**
 * The local Functions host: serves an `@azure/functions` v4 app's own registrations (HTTP, storage queue and
 * timer triggers, queue outputs) without Azure Functions Core Tools, which cannot be installed here.
 * The app is plain v4 code and does not know it runs locally. See README.md for what is and is not mirrored.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadApp, strayRegistrations } from './fake-core.js';
import { createHttpDispatcher } from './http-trigger.js';
import type { InvokeDeps } from './invoke.js';
import { applyEnv, runHooks, SERVED_TRIGGERS, warnUnsupported } from './lifecycle.js';
import { consoleLog, describeError, type DevHostLog } from './log.js';
import { QueueClients } from './queue-clients.js';
import { QueuePoller } from './queue-trigger.js';
import { stringOption, triggerOf } from './registrations.js';
import { DevHostError, readHostJson, resolveExpression, storageConnection, timeSpanMs, type HostJson } from './settings.js';
import { TimerRunner } from './timer-trigger.js';

export { DevHostError } from './settings.js';
export { installFakeCore, loadApp } from './fake-core.js';
export type { DevHostLog, LogLevel } from './log.js';
export type { HostJson } from './settings.js';

export interface DevHostOptions {
  /** 0 picks a free port. Default 7071. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Path of the app's entry module (e.g. functions/src/index.ts), or a function that registers functions. */
  appModule: string | (() => Promise<unknown>);
  /** App settings, put into process.env before the app loads (and restored on close). */
  env?: Record<string, string>;
  /** Key for authLevel function/admin routes. Default: a random one (see DevHost.functionKey). */
  functionKey?: string;
  /**
   * AzureWebJobsStorage (what queue triggers and outputs use by default) unless `env` sets it. Optional: without
   * it the setting comes from process.env, and a queue binding whose connection is unset fails at start.
   */
  storageConnectionString?: string;
  /** host.json path or content. Default: the nearest host.json above the app module. */
  hostJson?: string | HostJson;
  log?: DevHostLog;
  /** Longest wait between polls of an empty queue. Default 1000 ms. */
  maxQueuePollMs?: number;
  /** How long a message stays invisible while its handler runs (extended at half-time). Default 60 s. */
  queueVisibilitySeconds?: number;
  /** Run timer triggers (default true). */
  timers?: boolean;
  /** Serve only these functions (by name); default all. Benchmarks use it to measure one path alone. */
  only?: string[];
}

export interface DevHost {
  /** http://host:port (without the route prefix). */
  url: string;
  port: number;
  functionKey: string;
  /** Names of the functions being served. */
  functions: string[];
  close(): Promise<void>;
}

export async function startDevHost(options: DevHostOptions): Promise<DevHost> {
  const log = options.log ?? consoleLog;
  const restoreEnv = applyEnv({
    ...(options.storageConnectionString ? { AzureWebJobsStorage: options.storageConnectionString } : {}),
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
    if (strayRegistrations().functions.length > 0) {
      log('warning', `ignoring functions registered outside app load: ${strayRegistrations().functions.map((f) => f.name).join(', ')}`);
    }
    const hostJson = readHostJson(options.hostJson, options.appModule);
    const settings = { ...process.env };
    const deps: InvokeDeps = { log, settings, queues: new QueueClients() };
    const chosen = options.only ? app.functions.filter((f) => options.only?.includes(f.name)) : app.functions;
    const byType = (type: string) => chosen.filter((f) => triggerOf(f).binding.type === type);
    warnUnsupported(app.functions, app.hooks, log);

    // The host runs appStart hooks before any invocation.
    await runHooks(app.hooks, 'appStart', log);

    const functionKey = options.functionKey ?? randomBytes(24).toString('base64url');
    const dispatch = createHttpDispatcher({
      functions: byType('httpTrigger'),
      routePrefix: hostJson.extensions?.http?.routePrefix ?? 'api',
      functionKey,
      deps,
    });
    const server = createServer((req, res) => {
      dispatch(req, res).catch((err: unknown) => {
        log('error', `request failed: ${describeError(err)}`);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    const port = await listen(server, options.port ?? 7071, options.host ?? '127.0.0.1');
    stoppers.push(() => closeServer(server));

    const queues = hostJson.extensions?.queues ?? {};
    for (const registration of byType('queueTrigger')) {
      const { binding } = triggerOf(registration);
      const what = `function "${registration.name}"`;
      const poller = new QueuePoller({
        registration,
        deps,
        queueName: resolveExpression(stringOption(binding, 'queueName') ?? '', settings, what),
        connectionString: storageConnection(stringOption(binding, 'connection'), settings, what),
        maxDequeueCount: queues.maxDequeueCount ?? 5,
        // Modest on purpose: a laptop (or a 2-core CI box) runs every part of the product at once.
        batchSize: Math.min(queues.batchSize ?? 4, 8),
        processingVisibilitySeconds: options.queueVisibilitySeconds ?? 60,
        retryVisibilitySeconds: Math.round(timeSpanMs(queues.visibilityTimeout, 0) / 1000),
        maxPollMs: options.maxQueuePollMs ?? 1_000,
      });
      poller.start();
      stoppers.push(() => poller.stop());
    }

    if (options.timers !== false) {
      for (const registration of byType('timerTrigger')) {
        const { binding } = triggerOf(registration);
        const what = `function "${registration.name}"`;
        const runner = new TimerRunner({
          registration,
          deps,
          schedule: resolveExpression(stringOption(binding, 'schedule') ?? '', settings, what),
          runOnStartup: binding['runOnStartup'] === true,
        });
        runner.start();
        stoppers.push(() => runner.stop());
      }
    }

    const served = chosen.filter((f) => SERVED_TRIGGERS.includes(triggerOf(f).binding.type));
    let closed: Promise<void> | undefined;
    return {
      url: `http://${options.host ?? '127.0.0.1'}:${port}`,
      port,
      functionKey,
      functions: served.map((f) => f.name),
      close: () =>
        (closed ??= (async () => {
          await runHooks(app.hooks, 'appTerminate', log);
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

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
