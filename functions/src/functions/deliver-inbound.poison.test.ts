/**
 * The poison path end to end, as the Functions host runs it (the devhost: receive, retry, poison after 5
 * dequeues): Dataverse down → the message fails 5 times and lands in `<queue>-poison`, never lost; Dataverse
 * back → `replay-poison` puts it back and it drains into the customer's Dataverse, once.
 * The queue gets a unique name so this test never touches another test's `wechat-inbound` on the shared Azurite.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startDevHost, type DevHost } from '@wxm/devhost';
import { replayPoison } from '../../../scripts/replay-poison.js';
import { azuriteConnectionString, uniqueNamePrefix } from '../../../test/support/azurite.js';
import { EntitySets, Message } from '@wxm/solution/schema';
import { Emulators } from '@wxm/testkit/kit/dataverse/org-under-test';
import { deliverInbound, type DeliverInboundDeps } from '../relay/delivery/deliver-inbound.js';
import { deliveryDeps, startTenant } from '@wxm/testkit/kit/delivery/emulator-world';
import { APPID, envelopeOf, push, T0 } from '@wxm/testkit/kit/delivery/inbound-fixtures';
import { queueServiceClient } from '../storage/azure/connection.js';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { encodeQueueMessage } from '../storage/queue-codec.js';

const emulators = new Emulators();
let host: DevHost | undefined;
afterAll(async () => {
  await host?.close();
  await emulators.closeAll();
});

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('wechat-inbound poison and replay', () => {
  it('Dataverse down: 5 attempts, then poison; replay-poison after it is back: delivered once, queues empty', async () => {
    const connectionString = azuriteConnectionString();
    const queueName = `${uniqueNamePrefix('dlv')}-wechat-inbound`;
    const tenant = await startTenant(emulators, APPID);
    tenant.dv.setOutage(true);
    const deps: DeliverInboundDeps = deliveryDeps([tenant], { clock: new ManualClock(T0 * 1000) });
    const attempts: number[] = [];
    const hostLog: string[] = [];
    host = await startDevHost({
      port: 0,
      storageConnectionString: connectionString,
      hostJson: { extensions: { queues: { maxDequeueCount: 5, visibilityTimeout: '00:00:00', batchSize: 4 } } },
      maxQueuePollMs: 100,
      timers: false,
      log: (level, message) => hostLog.push(`${level} ${message}`),
      appModule: async () => {
        const { app } = await import('@azure/functions');
        app.storageQueue('deliverInbound', {
          queueName,
          connection: 'AzureWebJobsStorage',
          handler: async (message, context) => {
            attempts.push(Number(context.triggerMetadata?.['dequeueCount']));
            await deliverInbound(message, deps);
          },
        });
      },
    });

    const service = queueServiceClient(connectionString);
    const queue = service.getQueueClient(queueName);
    const poison = service.getQueueClient(`${queueName}-poison`);
    await queue.createIfNotExists();
    const envelope = envelopeOf(push({ MsgType: 'text', Content: '消息不会丢 📨', MsgId: '24000000000000000099' }));
    await queue.sendMessage(encodeQueueMessage(envelope));

    const count = async (q: typeof queue) => ((await q.exists()) ? ((await q.getProperties()).approximateMessagesCount ?? 0) : 0);
    await until('the poison queue', async () => (await count(poison)) === 1);
    expect(attempts).toEqual([1, 2, 3, 4, 5]);
    expect(await count(queue)).toBe(0);
    expect(tenant.dv.rows(EntitySets.Message)).toEqual([]);
    expect(hostLog.some((l) => l.includes(`moved to "${queueName}-poison" after 5 attempts`))).toBe(true);

    tenant.dv.setOutage(false);
    expect(await replayPoison({ connectionString, queue: queueName })).toEqual({ moved: 1, remaining: 0 });
    await until('the message row', async () => tenant.dv.rows(EntitySets.Message).length === 1);
    await until('the queue to drain', async () => (await count(queue)) === 0);
    expect(tenant.dv.rows(EntitySets.Message)[0]?.[Message.columns.Content]).toBe('消息不会丢 📨');
    expect(await count(poison)).toBe(0);
    expect(attempts).toEqual([1, 2, 3, 4, 5, 1]);
  }, 40_000);
});
