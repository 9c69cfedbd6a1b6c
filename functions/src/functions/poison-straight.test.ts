/**
 * Permanent queue errors go straight to poison, transient ones are retried, on the real queue trigger path:
 * the registrations of deliver-inbound.ts and relay-tasks.ts served by the devhost on Azurite (receive,
 * dequeue count, output bindings, retry, poison after 5), each on a queue of its own. The registration modules
 * are imported inside the devhost's load (importing them earlier would put @azure/functions in test mode), and
 * only this file's two functions are served (the modules' own ones would poll the production queue names).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevHost, type DevHost } from '@wxm/devhost';
import { azuriteConnectionString, uniqueNamePrefix } from '../../../test/support/azurite.js';
import { useRelay } from '../app/current.js';
import { createRelay } from '../app/relay.js';
import { loadSettings } from '../config/settings.js';
import { COMPONENT, memoryWorld } from '@wxm/testkit/kit/relay/fixtures';
import { queueServiceClient } from '../storage/azure/connection.js';
import { MemoryParkedDeliveries } from '@wxm/testkit/kit/storage/memory/memory-parked-deliveries';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { decodeQueueText, encodeQueueText } from '../storage/queue-codec.js';

const inboundQueue = `${uniqueNamePrefix('psn')}-wechat-inbound`;
const tasksQueue = `${uniqueNamePrefix('psn')}-relay-tasks`;
const attempts = new Map<string, number[]>();
const logs: string[] = [];
let host: DevHost;
const world = memoryWorld();
const parked = new MemoryParkedDeliveries();

const registry = new MemorySignedServiceRegistry();
const TRANSIENT_APPID = 'wxdeadbeef00000001';
const bindingOf = registry.bindingOf.bind(registry);
registry.bindingOf = async (appid) => (appid === TRANSIENT_APPID ? Promise.reject(new Error('registry read timed out')) : bindingOf(appid));

beforeAll(async () => {
  const settings = loadSettings({
    WECHAT_COMPONENT_APPID: COMPONENT.appid,
    WECHAT_COMPONENT_APPSECRET: 'abcdef0123456789abcdef0123456789',
    WECHAT_COMPONENT_TOKEN: COMPONENT.token,
    WECHAT_COMPONENT_AES_KEY: COMPONENT.encodingAesKey,
    AzureWebJobsStorage: azuriteConnectionString(),
    RELAY_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'),
  });
  useRelay(createRelay(settings, { storage: { ...world.storage, signedServices: registry, parked }, clock: world.clock }));
  host = await startDevHost({
    port: 0,
    storageConnectionString: azuriteConnectionString(),
    hostJson: { extensions: { queues: { maxDequeueCount: 5, visibilityTimeout: '00:00:00', batchSize: 4 } } },
    maxQueuePollMs: 100,
    timers: false,
    log: (level, message) => logs.push(`${level} ${message}`),
    only: ['poisonTestInbound', 'poisonTestTasks'],
    appModule: async () => {
      const { app } = await import('@azure/functions');
      const { inboundQueueFunction } = await import('./deliver-inbound.js');
      const { tasksQueueFunction } = await import('./relay-tasks.js');
      for (const [name, options] of [
        ['poisonTestInbound', inboundQueueFunction(inboundQueue)],
        ['poisonTestTasks', tasksQueueFunction(tasksQueue)],
      ] as const) {
        app.storageQueue(name, {
          ...options,
          handler: (message, context) => {
            const key =
              typeof message === 'object' && message !== null
                ? String((message as { dedupeKey?: unknown; note?: unknown }).dedupeKey ?? (message as { note?: unknown }).note)
                : String(message);
            attempts.set(key, [...(attempts.get(key) ?? []), Number(context.triggerMetadata?.['dequeueCount'])]);
            return options.handler(message, context);
          },
        });
      }
    },
  });
}, 30_000);

afterAll(async () => {
  await host?.close();
  useRelay(undefined);
});

const service = () => queueServiceClient(azuriteConnectionString());

async function send(queue: string, text: string): Promise<void> {
  const client = service().getQueueClient(queue);
  await client.createIfNotExists();
  await client.sendMessage(encodeQueueText(text));
}

async function poisoned(queue: string, count: number): Promise<string[]> {
  const poison = service().getQueueClient(`${queue}-poison`);
  const deadline = Date.now() + 20_000;
  for (;;) {
    if ((await poison.exists()) && ((await poison.getProperties()).approximateMessagesCount ?? 0) >= count) break;
    if (Date.now() > deadline) throw new Error(`${queue}-poison never held ${count} messages`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const peeked = await poison.peekMessages({ numberOfMessages: 32 });
  return peeked.peekedMessageItems.map((m) => decodeQueueText(m.messageText)).sort();
}

describe('permanent envelope errors go straight to poison; transient ones retry', () => {
  it('wechat-inbound: not JSON, version 2 without envelopes and a missing field are poisoned after one attempt, byte for byte; a transient failure is tried 5 times', async () => {
    const notJson = 'not json at all, 不是 JSON';
    const v2 = JSON.stringify({ v: 2, authorizerAppid: 'wxaaaabbbbccccdddd', dedupeKey: 'v2', xml: '<xml/>', receivedAt: 1 });
    const noXml = JSON.stringify({ v: 1, authorizerAppid: 'wxaaaabbbbccccdddd', dedupeKey: 'no-xml', receivedAt: 1 });
    const transient = JSON.stringify({
      v: 1,
      authorizerAppid: TRANSIENT_APPID,
      dedupeKey: 'transient',
      xml: '<xml><MsgType>text</MsgType></xml>',
      receivedAt: 1,
    });
    for (const text of [notJson, v2, noXml, transient]) await send(inboundQueue, text);

    expect(await poisoned(inboundQueue, 4)).toEqual([notJson, v2, noXml, transient].sort());
    expect(Object.fromEntries(attempts)).toMatchObject({ [notJson]: [1], v2: [1], 'no-xml': [1], transient: [1, 2, 3, 4, 5] });
    expect((await service().getQueueClient(inboundQueue).getProperties()).approximateMessagesCount).toBe(0);
    const straight = logs.filter((l) => l.includes(`moved to ${inboundQueue}-poison without retries`));
    expect(straight).toHaveLength(3);
    expect(straight.some((l) => l.includes('"reason":"v2 batch without envelopes"'))).toBe(true);
    expect(logs.filter((l) => l.includes(`moved to "${inboundQueue}-poison" after 5 attempts`))).toHaveLength(1);
  }, 40_000);

  it('wechat-inbound v2: the bad envelope alone goes to poison as a v1 message, a failing one is re-queued on its own, the good one goes on', async () => {
    const good = { v: 1, authorizerAppid: 'wxaaaabbbbccccdddd', dedupeKey: 'batch-good', xml: '<xml/>', receivedAt: 1 };
    const bad = { v: 1, authorizerAppid: 'wxaaaabbbbccccdddd', dedupeKey: 'batch-bad', receivedAt: 1 };
    const failing = { v: 1, authorizerAppid: TRANSIENT_APPID, dedupeKey: 'batch-failing', xml: '<xml/>', receivedAt: 1 };
    await send(inboundQueue, JSON.stringify({ v: 2, envelopes: [good, bad, failing] }));

    expect((await poisoned(inboundQueue, 5)).filter((t) => t.includes('batch-'))).toEqual([JSON.stringify(bad)]);
    expect(attempts.get('undefined')).toEqual([1]); // the batch message itself: one attempt, completed
    expect(await parked.peek(good.authorizerAppid)).toEqual([good]); // not bound: kept, as a v1 message would be
    // The relay re-queues onto its own wechat-inbound (memory storage here), as its own v1 message.
    expect(world.storage.queue('wechat-inbound').drain()).toEqual([failing]);
    expect(logs.filter((l) => l.includes(`envelope of a batch can never be processed; moved to ${inboundQueue}-poison`))).toHaveLength(1);
  }, 30_000);

  it('relay-tasks: a message without a task type is poisoned after one attempt', async () => {
    const text = JSON.stringify({ v: 1, note: 'typeless' });
    await send(tasksQueue, text);
    expect(await poisoned(tasksQueue, 1)).toEqual([text]);
    expect(attempts.get('typeless')).toEqual([1]);
  }, 30_000);
});
