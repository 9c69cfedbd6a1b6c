/**
 * `npm run queue:peek [queue]`: shows what waits on a relay queue (default wechat-inbound) without taking it.
 * Reads the connection string from AzureWebJobsStorage or the sandbox's .data/sandbox.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { queueServiceClient } from '../functions/src/storage/azure/connection.js';
import { decodeQueueText, parseQueuePayload } from '../functions/src/storage/queue-codec.js';
import { QUEUES } from '../functions/src/relay/envelope.js';
import { DATA_DIR } from './local/local-state.js';

async function main(): Promise<void> {
  const queueName = process.argv[2] ?? QUEUES.inbound;
  const sandboxFile = join(DATA_DIR, 'sandbox.json');
  const connection =
    process.env.AzureWebJobsStorage ??
    (existsSync(sandboxFile) ? (JSON.parse(readFileSync(sandboxFile, 'utf8')) as { storageConnectionString: string }).storageConnectionString : undefined);
  if (!connection) throw new Error('Set AzureWebJobsStorage or start the sandbox (npm start) first.');
  const queue = queueServiceClient(connection).getQueueClient(queueName);
  if (!(await queue.exists())) {
    console.log(`${queueName}: no such queue yet (nothing was queued)`);
    return;
  }
  const { approximateMessagesCount } = await queue.getProperties();
  const peeked = await queue.peekMessages({ numberOfMessages: 32 });
  console.log(`${queueName}: ${approximateMessagesCount ?? 0} message(s) waiting; showing ${peeked.peekedMessageItems.length}`);
  for (const item of peeked.peekedMessageItems) {
    console.log(`\n#${item.messageId} inserted ${item.insertedOn.toISOString()} dequeued ${item.dequeueCount}x`);
    console.log(JSON.stringify(parseQueuePayload(decodeQueueText(item.messageText)), null, 2));
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
