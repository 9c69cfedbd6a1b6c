/**
 * `npm run replay-poison [-- --queue wechat-inbound] [--max N]`: moves the messages the Functions host put in
 * `<queue>-poison` (after maxDequeueCount failed attempts) back to `<queue>`, byte for byte, so they are
 * processed again once the cause is fixed (Dataverse back, a privilege granted, a column added). Each message
 * is sent to the queue before it is deleted from the poison queue: a crash in between leaves a copy in both,
 * never in neither (the worker's alternate keys make a second delivery harmless).
 * Reads the connection string from AzureWebJobsStorage or the sandbox's .data/sandbox.json (like queue:peek).
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#poison-messages
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { queueServiceClient } from '../functions/src/storage/azure/connection.js';
import { QUEUES } from '../functions/src/relay/envelope.js';
import { DATA_DIR } from './local/local-state.js';

export interface ReplayOptions {
  connectionString: string;
  /** The queue to refill; its poison queue is `<queue>-poison`. */
  queue: string;
  /** Move at most this many (default: what the poison queue held when the replay started). */
  max?: number;
  log?: (line: string) => void;
}

export interface ReplayReport {
  moved: number;
  /** Approximate count still in the poison queue afterwards (e.g. failed again meanwhile). */
  remaining: number;
}

export async function replayPoison(options: ReplayOptions): Promise<ReplayReport> {
  const log = options.log ?? (() => {});
  const service = queueServiceClient(options.connectionString);
  const poison = service.getQueueClient(`${options.queue}-poison`);
  if (!(await poison.exists())) {
    log(`${poison.name}: no such queue (nothing was ever poisoned)`);
    return { moved: 0, remaining: 0 };
  }
  const target = service.getQueueClient(options.queue);
  await target.createIfNotExists();
  // A budget, so messages that fail again while we replay (and come back to poison) are not looped forever.
  const budget = options.max ?? (await poison.getProperties()).approximateMessagesCount ?? 0;
  let moved = 0;
  while (moved < budget) {
    const { receivedMessageItems } = await poison.receiveMessages({ numberOfMessages: Math.min(32, budget - moved), visibilityTimeout: 60 });
    if (receivedMessageItems.length === 0) break;
    for (const item of receivedMessageItems) {
      await target.sendMessage(item.messageText);
      await poison.deleteMessage(item.messageId, item.popReceipt);
      moved++;
      log(`moved ${item.messageId} (inserted ${item.insertedOn.toISOString()}) back to ${target.name}`);
    }
  }
  const remaining = (await poison.getProperties()).approximateMessagesCount ?? 0;
  return { moved, remaining };
}

function connectionString(): string {
  const sandboxFile = join(DATA_DIR, 'sandbox.json');
  const connection =
    process.env.AzureWebJobsStorage ??
    (existsSync(sandboxFile) ? (JSON.parse(readFileSync(sandboxFile, 'utf8')) as { storageConnectionString?: string }).storageConnectionString : undefined);
  if (!connection) throw new Error('Set AzureWebJobsStorage or start the sandbox (npm start) first.');
  return connection;
}

export function parseArgs(argv: string[]): { queue: string; max?: number } {
  let queue: string = QUEUES.inbound;
  let max: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? '').split('=', 2);
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--queue') queue = value();
    else if (flag === '--max') max = Number(value());
    else throw new Error(`Unknown argument ${argv[i]}. Usage: npm run replay-poison [-- --queue <name>] [--max <n>]`);
  }
  if (!/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/.test(queue)) throw new Error(`"${queue}" is not a queue name.`);
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) throw new Error('--max takes a positive integer.');
  return { queue, ...(max !== undefined && { max }) };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const report = await replayPoison({ connectionString: connectionString(), ...args, log: (l) => console.log(l) });
  console.log(`${args.queue}: ${report.moved} message(s) moved back from ${args.queue}-poison; ${report.remaining} left there`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
