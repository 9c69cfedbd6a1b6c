/**
 * The policies every storage client gets (request-policies.ts), on Azurite: non-ASCII strings of any Table
 * write survive wherever Azurite's 64 KiB chunk boundary falls, and a frozen storage account fails each call
 * within its deadline instead of hanging.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { azuriteConnectionString, uniqueNamePrefix } from '../../../../test/support/azurite.js';
import { proxiedStorage } from '../../../../test/support/tcp-proxy.js';
import { blobServiceClient, queueServiceClient, tableClient } from './connection.js';
import { escapeNonAscii, STORAGE_DEADLINES, storageDeadline } from './request-policies.js';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => void (await Promise.all(closers.map((close) => close()))));

describe('JSON bodies in ASCII', () => {
  it('escapes exactly the non-ASCII units, and the result is the same JSON', () => {
    const value = { text: 'a"\\好😀\u0080\ud83d', n: 1 };
    const escaped = escapeNonAscii(JSON.stringify(value));
    expect(escaped).toBe('{"text":"a\\"\\\\\\u597d\\ud83d\\ude00\\u0080\\ud83d","n":1}');
    expect(JSON.parse(escaped)).toEqual(value);
  });

  it('a 60 KB string property of CJK and emoji comes back identical, whatever the alignment of the request', async () => {
    const table = tableClient(azuriteConnectionString(), `${uniqueNamePrefix('ascii')}Values`);
    await table.createTable();
    const value = '你好😀 Ж'.repeat(2_500); // 25 KB of UTF-16, about 60 KB of UTF-8
    const intact: boolean[] = [];
    for (let shift = 0; shift < 6; shift++) {
      const entity = { partitionKey: 'p', rowKey: String(shift), pad: 'x'.repeat(shift), a: value, b: value };
      await table.upsertEntity(entity, 'Replace');
      const back = await table.getEntity<{ a: string; b: string }>('p', String(shift));
      intact.push(back.a === value && back.b === value);
    }
    expect(intact).toEqual([true, true, true, true, true, true]);
  });
});

describe('a deadline on every storage call', () => {
  const frozenStorage = async () => {
    const proxied = await proxiedStorage(azuriteConnectionString());
    closers.push(proxied.close);
    return proxied;
  };
  const timed = async (call: () => Promise<unknown>) => {
    const started = Date.now();
    const error = await call().then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    return { ms: Date.now() - started, name: error?.name };
  };

  it('Tables: a point read and a write fail after the call deadline when storage stops answering', async () => {
    const storage = await frozenStorage();
    const table = tableClient(storage.connectionString, `${uniqueNamePrefix('dl')}Values`);
    await table.createTable();
    await table.upsertEntity({ partitionKey: 'p', rowKey: 'r', v: 1 }, 'Replace');
    storage.freeze();
    const read = await timed(() => table.getEntity('p', 'r'));
    const write = await timed(() => table.upsertEntity({ partitionKey: 'p', rowKey: 'r', v: 2 }, 'Replace'));
    for (const outcome of [read, write]) {
      expect(outcome.name).toBe('AbortError');
      expect(outcome.ms).toBeGreaterThanOrEqual(STORAGE_DEADLINES.callMs - 50);
      expect(outcome.ms).toBeLessThan(STORAGE_DEADLINES.callMs + 500);
    }
    storage.thaw();
    // Storage answers again. Whether the abandoned write landed is unknown (a deadline does not undo a write):
    // that is why a callback that timed out answers 503 and lets WeChat's retry store it (a copy that did land is absorbed by delivery).
    expect([1, 2]).toContain((await table.getEntity<{ v: number }>('p', 'r')).v);
  });

  it('Queues and Blobs: an operation given storageDeadline() fails after the deadline when storage stops answering', async () => {
    const storage = await frozenStorage();
    const queue = queueServiceClient(storage.connectionString).getQueueClient(`${uniqueNamePrefix('dlq')}-q`);
    const container = blobServiceClient(storage.connectionString).getContainerClient(`${uniqueNamePrefix('dlb')}-c`);
    await queue.createIfNotExists();
    await container.createIfNotExists();
    storage.freeze();
    const send = await timed(() => queue.sendMessage('aGk=', storageDeadline()));
    const upload = await timed(() => container.getBlockBlobClient('b').upload('', 0, storageDeadline()));
    for (const outcome of [send, upload]) {
      expect(outcome.name).toBe('AbortError');
      expect(outcome.ms).toBeLessThan(STORAGE_DEADLINES.callMs + 500);
    }
  });
});
