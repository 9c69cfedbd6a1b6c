/**
 * The two health routes as the host serves them (the local devhost, which checks function keys as Azure does):
 * /api/health anonymous with the status only, /api/health/details behind the function key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevHost, type DevHost } from '@wxm/devhost';
import { azuriteConnectionString, uniqueNamePrefix } from '../../../test/support/azurite.js';
import { newComponent, relayInstance } from '../../../test/support/relay-instances.js';
import { useRelay } from '../app/current.js';
import type { Relay } from '../app/relay.js';

const KEY = 'health-test-function-key-0123456789';
let host: DevHost;
let relay: Relay;
const component = newComponent();

beforeAll(async () => {
  relay = relayInstance({ component, wechatUrl: 'http://127.0.0.1:9', namePrefix: uniqueNamePrefix('hl') });
  useRelay(relay);
  host = await startDevHost({
    port: 0,
    appModule: () => import('./health.js'),
    storageConnectionString: azuriteConnectionString(),
    functionKey: KEY,
    hostJson: {},
    timers: false,
    log: () => undefined,
  });
});
afterAll(async () => {
  await host?.close();
  useRelay(undefined);
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${host.url}/api/${path}`, { headers });

describe('GET /api/health and /api/health/details', () => {
  it('anonymous callers get the status only; the details need the function key', async () => {
    expect(host.functions).toEqual(['health', 'healthDetails']);
    const before = await get('health');
    expect([before.status, before.headers.get('cache-control'), await before.json()]).toEqual([200, 'no-store', { status: 'degraded' }]);
    const rt = await relay.runtime();
    await rt.storage.verifyTickets.put(component.appid, { ticket: 'ticket@@@health', createTime: Math.floor(Date.now() / 1000) });
    expect(await (await get('health')).json()).toEqual({ status: 'ok' });

    expect((await get('health/details')).status).toBe(401);
    expect((await get('health/details', { 'x-functions-key': 'wrong' })).status).toBe(401);
    const details = await get('health/details', { 'x-functions-key': KEY });
    const body = (await details.json()) as Record<string, unknown>;
    expect(details.status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      storage: 'reachable',
      verifyTicket: { usable: true },
      queues: { 'wechat-inbound': 0, 'relay-tasks': 0 },
      pendingKeys: [],
    });
    expect(JSON.stringify(body)).not.toContain('ticket@@@health');
    expect((await get(`health/details?code=${KEY}`)).status).toBe(200);
  });
});
