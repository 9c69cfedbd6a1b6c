import { describe, expect, it } from 'vitest';
import { azuriteConnectionString, uniqueNamePrefix } from '../test/support/azurite.js';
import { queueServiceClient } from '../functions/src/storage/azure/connection.js';
import { encodeQueueMessage } from '../functions/src/storage/queue-codec.js';
import { parseArgs, replayPoison } from './replay-poison.js';

async function queues() {
  const queue = `${uniqueNamePrefix('rp')}-wechat-inbound`;
  const service = queueServiceClient(azuriteConnectionString());
  const poison = service.getQueueClient(`${queue}-poison`);
  const target = service.getQueueClient(queue);
  await poison.createIfNotExists();
  return { queue, poison, target };
}

describe('replay-poison', () => {
  it('moves every poisoned message back to its queue, text unchanged, and empties the poison queue', async () => {
    const { queue, poison, target } = await queues();
    const texts = [1, 2, 3].map((n) => encodeQueueMessage({ v: 1, authorizerAppid: 'wx1', dedupeKey: `k${n}`, xml: `<xml>${n}</xml>`, receivedAt: n }));
    for (const t of texts) await poison.sendMessage(t);
    const lines: string[] = [];
    expect(await replayPoison({ connectionString: azuriteConnectionString(), queue, log: (l) => lines.push(l) })).toEqual({ moved: 3, remaining: 0 });
    const back = await target.receiveMessages({ numberOfMessages: 10 });
    expect(back.receivedMessageItems.map((m) => m.messageText).sort()).toEqual([...texts].sort());
    expect(back.receivedMessageItems.every((m) => m.dequeueCount === 1)).toBe(true);
    expect((await poison.getProperties()).approximateMessagesCount).toBe(0);
    expect(lines).toHaveLength(3);
  });

  it('--max moves only that many', async () => {
    const { queue, poison } = await queues();
    for (const n of [1, 2, 3]) await poison.sendMessage(encodeQueueMessage({ n }));
    expect(await replayPoison({ connectionString: azuriteConnectionString(), queue, max: 2 })).toEqual({ moved: 2, remaining: 1 });
  });

  it('a queue that never had poison is fine', async () => {
    const queue = `${uniqueNamePrefix('rp')}-relay-tasks`;
    expect(await replayPoison({ connectionString: azuriteConnectionString(), queue })).toEqual({ moved: 0, remaining: 0 });
  });

  it('parses --queue and --max, refusing what is not a queue name', () => {
    expect(parseArgs([])).toEqual({ queue: 'wechat-inbound' });
    expect(parseArgs(['--queue', 'relay-tasks', '--max=10'])).toEqual({ queue: 'relay-tasks', max: 10 });
    expect(() => parseArgs(['--queue', 'Bad_Name'])).toThrow('is not a queue name');
    expect(() => parseArgs(['--max', '0'])).toThrow('positive integer');
    expect(() => parseArgs(['--what'])).toThrow('Unknown argument --what');
  });
});
