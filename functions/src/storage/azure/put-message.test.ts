/**
 * put-message.ts against Azurite (which checks Shared Key signatures as the service does) and, for what Azurite
 * cannot show (Entra tokens over http, a kept-alive socket the server closed), against a node:http server.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QueueClient, StorageSharedKeyCredential } from '@azure/storage-queue';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { afterEach, describe, expect, it } from 'vitest';
import { azuriteConnectionString, uniqueNamePrefix } from '../../../../test/support/azurite.js';
import { queueAuthOf, queueServiceClient } from './connection.js';
import { AesGcmSecretBox, generateSecretKey } from '../secret-box.js';
import { createAzureStorage } from './create-azure-storage.js';
import { PutMessageError, putMessageFor } from './put-message.js';
import { storageRequestCounts } from './request-policies.js';

const signal = () => AbortSignal.timeout(2_000);

/** Counts the SDK's own sendMessage calls, to show StorageQueue does not make them. */
const sdkSends = { count: 0 };
const sdkSend = QueueClient.prototype.sendMessage;
QueueClient.prototype.sendMessage = function (this: QueueClient, ...args: Parameters<QueueClient['sendMessage']>) {
  sdkSends.count++;
  return sdkSend.apply(this, args);
};

async function azuriteQueue(): Promise<QueueClient> {
  const client = queueServiceClient(azuriteConnectionString()).getQueueClient(`${uniqueNamePrefix('pm')}q`);
  await client.create();
  return client;
}

describe('Put Message as one request', () => {
  it('puts what the SDK reads back, signed with the shared key, and counts one request', async () => {
    const client = await azuriteQueue();
    const put = putMessageFor(client, queueAuthOf(azuriteConnectionString(), queueServiceClient(azuriteConnectionString())))!;
    expect(put).toBeTypeOf('function');
    const before = storageRequestCounts.queue;
    const text = Buffer.from('{"v":2,"envelopes":[{"xml":"<xml>你好 👋</xml>"}]}').toString('base64');
    await put(text, { signal: signal() });
    expect(storageRequestCounts.queue - before).toBe(1);
    const { receivedMessageItems } = await client.receiveMessages({ numberOfMessages: 2 });
    expect(receivedMessageItems.map((m) => m.messageText)).toEqual([text]);
  });

  it('escapes text that is not base64, as the SDK does', async () => {
    const client = await azuriteQueue();
    await putMessageFor(client, queueAuthOf(azuriteConnectionString(), queueServiceClient(azuriteConnectionString())))!('a < b & c > d', { signal: signal() });
    const { receivedMessageItems } = await client.receiveMessages();
    expect(receivedMessageItems[0]?.messageText).toBe('a < b & c > d');
  });

  it('keeps a message hidden for its visibility timeout', async () => {
    const client = await azuriteQueue();
    await putMessageFor(client, queueAuthOf(azuriteConnectionString(), queueServiceClient(azuriteConnectionString())))!('later', {
      signal: signal(),
      visibilityTimeoutSeconds: 60,
    });
    await putMessageFor(client, queueAuthOf(azuriteConnectionString(), queueServiceClient(azuriteConnectionString())))!('now', { signal: signal() });
    const { receivedMessageItems } = await client.receiveMessages({ numberOfMessages: 5 });
    expect(receivedMessageItems.map((m) => m.messageText)).toEqual(['now']);
    const peeked = await client.getProperties();
    expect(peeked.approximateMessagesCount).toBe(2);
  });

  it('is refused with the service code when the key is wrong, and the error carries no signature', async () => {
    const client = await azuriteQueue();
    const wrongKey = new StorageSharedKeyCredential('devstoreaccount1', Buffer.alloc(64, 7).toString('base64'));
    const forged = new QueueClient(client.url, wrongKey);
    const err = (await putMessageFor(forged, wrongKey)!('x', { signal: signal() }).catch((e: unknown) => e)) as PutMessageError;
    expect(err).toBeInstanceOf(PutMessageError);
    expect(err.statusCode).toBe(403);
    expect(err.code).toBe('AuthenticationFailed'); // what the service answers a signature it cannot verify
    expect(`${err.message} ${err.stack}`).not.toMatch(/SharedKey/);
    expect((await client.receiveMessages()).receivedMessageItems).toHaveLength(0);
  });

  it('names a queue that does not exist (404 QueueNotFound)', async () => {
    const client = queueServiceClient(azuriteConnectionString()).getQueueClient(`${uniqueNamePrefix('pm')}missing`);
    const err = (await putMessageFor(client, queueAuthOf(azuriteConnectionString(), queueServiceClient(azuriteConnectionString())))!('x', {
      signal: signal(),
    }).catch((e: unknown) => e)) as PutMessageError;
    expect([err.statusCode, err.code]).toEqual([404, 'QueueNotFound']);
  });

  it('leaves a client it cannot authorize to the SDK, and takes a SAS from the URL', () => {
    expect(putMessageFor(new QueueClient('http://127.0.0.1:1/devstoreaccount1/q'))).toBeUndefined();
    expect(putMessageFor(new QueueClient('http://127.0.0.1:1/devstoreaccount1/q?sv=2021-12-02&sig=abc'))).toBeTypeOf('function');
  });

  it('signs with the key the SDK found in a connection string, and with none for a SAS one', () => {
    const keyed = 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5PT0=;EndpointSuffix=core.chinacloudapi.cn';
    const key = queueAuthOf(keyed, queueServiceClient(keyed));
    expect(key).toBeInstanceOf(StorageSharedKeyCredential);
    expect((key as StorageSharedKeyCredential).accountName).toBe('acct');
    const development = 'UseDevelopmentStorage=true';
    expect((queueAuthOf(development, queueServiceClient(development)) as StorageSharedKeyCredential).accountName).toBe('devstoreaccount1');
    const sas = 'QueueEndpoint=https://acct.queue.core.windows.net;SharedAccessSignature=sv=2021&sig=x';
    expect(queueAuthOf(sas, queueServiceClient(sas))).toBeUndefined();
  });

  it('is what StorageQueue sends: a queue message costs one request, not the SDK call', async () => {
    const storage = await createAzureStorage(azuriteConnectionString(), {
      secretBox: new AesGcmSecretBox(generateSecretKey()),
      namePrefix: uniqueNamePrefix('pq'),
    });
    const queue = storage.queue<{ n: number }>('inbound');
    await queue.enqueue({ n: 0 }); // creates the queue
    const sent = sdkSends.count;
    await queue.enqueue({ n: 1 });
    await queue.enqueue({ n: 2 }, { delaySeconds: 30 });
    expect(sdkSends.count).toBe(sent);
    expect(await queue.depth()).toBe(3);
  });
});

describe('Put Message, what a plain server shows', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  async function serve(handler: (req: IncomingMessage, body: string) => { status: number; close?: boolean }): Promise<string> {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const { status, close } = handler(req, body);
        if (close) return void req.socket.destroy();
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/account/q`;
  }

  it('sends an Entra token for Azure Storage, fetched once and reused until near its expiry', async () => {
    const seen: string[] = [];
    const url = await serve((req) => (seen.push(String(req.headers.authorization)), { status: 201 }));
    let asked = 0;
    const credential: TokenCredential = {
      getToken: async (scope): Promise<AccessToken> => {
        expect(scope).toBe('https://storage.azure.com/.default');
        asked++;
        return { token: `t${asked}`, expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    const put = putMessageFor(new QueueClient(url), credential)!;
    await Promise.all([put('a', { signal: signal() }), put('b', { signal: signal() })]);
    await put('c', { signal: signal() });
    expect(seen).toEqual(['Bearer t1', 'Bearer t1', 'Bearer t1']);
    expect(asked).toBe(1);
  });

  it('tries once more when a 503 answers, and gives up after the second', async () => {
    let calls = 0;
    const url = await serve(() => ({ status: ++calls === 1 ? 503 : 201 }));
    const credential: TokenCredential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    await putMessageFor(new QueueClient(url), credential)!('x', { signal: signal() });
    expect(calls).toBe(2);

    calls = 0;
    const always = await serve(() => (calls++, { status: 503 }));
    const err = (await putMessageFor(new QueueClient(always), credential)!('x', { signal: signal() }).catch((e: unknown) => e)) as PutMessageError;
    expect([err.statusCode, calls]).toEqual([503, 2]);
  });

  it('tries again on a new connection when the server closed the kept-alive one', async () => {
    let calls = 0;
    const url = await serve(() => ({ status: 201, close: ++calls === 2 }));
    const credential: TokenCredential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const put = putMessageFor(new QueueClient(url), credential)!;
    await put('first', { signal: signal() });
    await put('second', { signal: signal() }); // its socket is reused and dropped: tried again
    expect(calls).toBe(3);
  });

  it('does not repeat a request the server refused (400)', async () => {
    let calls = 0;
    const url = await serve(() => (calls++, { status: 400 }));
    const credential: TokenCredential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const err = (await putMessageFor(new QueueClient(url), credential)!('x', { signal: signal() }).catch((e: unknown) => e)) as PutMessageError;
    expect([err.statusCode, calls]).toEqual([400, 1]);
  });

  it('gives up at the deadline when the server never answers', async () => {
    server = createServer(() => undefined); // holds every request
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/account/q`;
    const credential: TokenCredential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    server.closeAllConnections?.();
    const started = Date.now();
    const err = await putMessageFor(new QueueClient(url), credential)!('x', { signal: AbortSignal.timeout(300) }).catch((e: unknown) => e);
    expect((err as Error).name).toMatch(/AbortError|TimeoutError/);
    expect(Date.now() - started).toBeLessThan(2_000);
    server.closeAllConnections();
  });
});
