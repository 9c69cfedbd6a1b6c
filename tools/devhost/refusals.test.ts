/** What the relay never registers stops the devhost at start with a DevHostError naming it (nothing half-served). */
import { describe, expect, it } from 'vitest';
import { DevHostError, startDevHost } from './index.js';

type Functions = typeof import('@azure/functions');

const start = (register: (f: Functions) => void) =>
  startDevHost({
    port: 0,
    timers: false,
    hostJson: {},
    storageConnectionString: 'UseDevelopmentStorage=true',
    log: () => undefined,
    appModule: async () => register(await import('@azure/functions')),
  });

describe('the devhost refuses what it does not serve', () => {
  const handler = async () => ({ status: 200 });
  it.each<[string, (f: Functions) => void, string | RegExp]>([
    ['an admin-level route', ({ app }) => app.http('a', { authLevel: 'admin', handler }), 'function "a": authLevel "admin" is not served by the devhost'],
    [
      'an optional parameter',
      ({ app }) => app.http('b', { route: 'items/{id?}', handler }),
      'route "items/{id?}": segment "{id?}" is not served by the devhost (only literals and {name})',
    ],
    ['a catch-all', ({ app }) => app.http('c', { route: 'files/{*rest}', handler }), 'segment "{*rest}" is not served'],
    ['a route constraint', ({ app }) => app.http('d', { route: 'orders/{n:int}', handler }), 'segment "{n:int}" is not served'],
    [
      'a blob trigger',
      ({ app }) => app.storageBlob('e', { path: 'c/{name}', connection: 'AzureWebJobsStorage', handler: async () => undefined }),
      'function "e": trigger "blobTrigger" is not served by the devhost',
    ],
    [
      'a table input',
      ({ app, input }) => app.http('f', { extraInputs: [input.table({ tableName: 't', connection: 'AzureWebJobsStorage' })], handler }),
      /function "f": in binding "tableInput\w*" \(table\) is not served by the devhost/,
    ],
    ['an app hook', ({ app }) => (app.http('g', { handler }), app.hook.appStart(() => undefined)), 'app.hook.appStart is not served by the devhost'],
  ])('%s', async (_what, register, message) => {
    const started = start(register);
    await expect(started).rejects.toBeInstanceOf(DevHostError);
    await expect(started).rejects.toThrow(message);
  });
});
