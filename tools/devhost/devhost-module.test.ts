/** Loading an app by module path, with host.json found beside it (route prefix, maxDequeueCount). */
import { QueueServiceClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azuriteConnectionString, uniqueNamePrefix } from '../../test/support/azurite.js';
import { startDevHost, type DevHost } from './index.js';

describe('devhost loading an app module by path', () => {
  const queueName = `${uniqueNamePrefix('m')}-ping`;
  const logs: string[] = [];
  let host: DevHost;
  let second: DevHost;

  beforeAll(async () => {
    const options = {
      port: 0,
      appModule: new URL('./fixtures/ping-app/index.ts', import.meta.url).pathname,
      storageConnectionString: azuriteConnectionString(),
      env: { PING_QUEUE: queueName },
      maxQueuePollMs: 200,
      timers: false,
      log: (level: string, message: string) => void logs.push(`${level} ${message}`),
    };
    host = await startDevHost(options);
    // Same module again: ESM caches it, the devhost reuses the registrations recorded the first time.
    second = await startDevHost(options);
  });
  afterAll(async () => {
    await host.close();
    await second.close();
    expect(process.env['PING_QUEUE']).toBeUndefined();
  });

  it('uses the routePrefix from host.json and serves the same functions twice', async () => {
    expect(host.functions).toEqual(['ping', 'flaky']);
    expect(second.functions).toEqual(['ping', 'flaky']);
    expect(await (await fetch(`${host.url}/v1/ping`)).text()).toBe('pong');
    expect(await (await fetch(`${second.url}/v1/ping`)).text()).toBe('pong');
    expect((await fetch(`${host.url}/api/ping`)).status).toBe(404);
  });

  it('poisons after host.json maxDequeueCount (2) attempts', async () => {
    const { failures } = (await import('./fixtures/ping-app/index.js')) as { failures: number[] };
    await second.close(); // one poller is enough for exact attempt counts
    const service = QueueServiceClient.fromConnectionString(azuriteConnectionString());
    await service.getQueueClient(queueName).sendMessage(Buffer.from('"hi"').toString('base64'));
    const deadline = Date.now() + 10_000;
    while (!logs.some((l) => l.includes(`moved to "${queueName}-poison" after 2 attempts`))) {
      if (Date.now() > deadline) throw new Error('not poisoned in time');
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(failures).toEqual([1, 2]);
    const { receivedMessageItems } = await service.getQueueClient(`${queueName}-poison`).receiveMessages();
    expect(Buffer.from(receivedMessageItems[0]!.messageText, 'base64').toString()).toBe('"hi"');
  });
});
