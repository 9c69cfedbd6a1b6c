/** host.json rules: an app loaded by module path (route prefix, maxDequeueCount beside it), and queue batches (batchSize, newBatchThreshold). */
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

describe('devhost queue batches (host.json batchSize 2, newBatchThreshold 1)', () => {
  const queueName = `${uniqueNamePrefix('b')}-batches`;
  const started: string[] = [];
  const gates: (() => void)[] = [];
  let host: DevHost;
  const settle = () => new Promise((r) => setTimeout(r, 600)); // three polls at maxQueuePollMs 200

  beforeAll(async () => {
    host = await startDevHost({
      port: 0,
      timers: false,
      hostJson: { extensions: { queues: { batchSize: 2, newBatchThreshold: 1 } } },
      maxQueuePollMs: 200,
      storageConnectionString: azuriteConnectionString(),
      log: () => undefined,
      appModule: async () => {
        const { app } = await import('@azure/functions');
        app.storageQueue('held', {
          queueName,
          connection: 'AzureWebJobsStorage',
          handler: (message) => new Promise<void>((resolve) => (started.push(String(message)), gates.push(resolve))),
        });
      },
    });
    const queue = QueueServiceClient.fromConnectionString(azuriteConnectionString()).getQueueClient(queueName);
    await queue.createIfNotExists();
    for (let i = 1; i <= 5; i++) await queue.sendMessage(Buffer.from(`m${i}`).toString('base64'));
  });
  afterAll(async () => {
    for (const open of gates) open();
    await host.close();
  });

  it('receives batchSize at once and the next batch only when no more than newBatchThreshold are running', async () => {
    const release = () => gates.shift()!();
    await settle();
    expect(started).toHaveLength(2); // one batch of 2; 2 running > threshold 1: no new batch
    release(); // 1 running <= 1: the next batch of 2 comes
    await settle();
    expect(started).toHaveLength(4);
    release(); // 2 running: still above the threshold
    await settle();
    expect(started).toHaveLength(4);
    release(); // 1 running: the last message comes
    await settle();
    expect(started).toHaveLength(5);
    expect([...started].sort()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  });
});
