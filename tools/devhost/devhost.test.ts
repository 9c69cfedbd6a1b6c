/**
 * The devhost serving a tiny sample v4 app against the shared Azurite: HTTP routes with params and keys,
 * queue output → queue trigger round trip, poison after 5 failures, timers.
 */
import { QueueServiceClient } from '@azure/storage-queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azuriteConnectionString, uniqueNamePrefix } from '../../test/support/azurite.js';
import { startDevHost, type DevHost } from './index.js';
import type { LogLevel } from './log.js';

interface Seen {
  slow: number[];
  consumed: { message: unknown; meta: Record<string, unknown> | undefined }[];
  failures: number[];
  ticks: { isPastDue: boolean; last: string; next: string }[];
  startups: number;
}

const seen: Seen = { slow: [], consumed: [], failures: [], ticks: [], startups: 0 };
const until = async (check: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

async function sampleApp(): Promise<void> {
  const { app, output } = await import('@azure/functions');
  const outbox = output.storageQueue({ queueName: '%OUTBOX_QUEUE%', connection: 'AzureWebJobsStorage' });
  app.http('greet', {
    route: 'greet/{name}',
    methods: ['GET', 'POST'],
    authLevel: 'function',
    handler: async (req) => ({
      jsonBody: {
        name: req.params['name'],
        x: req.query.get('x'),
        header: req.headers.get('x-test'),
        method: req.method,
        body: await req.text(),
      },
    }),
  });
  app.http('files', {
    route: 'files/{name}',
    authLevel: 'anonymous',
    handler: async (req) => ({
      status: 201,
      headers: { 'x-name': req.params['name'] ?? '' },
      cookies: [{ name: 'sid', value: 'abc', path: '/', httpOnly: true }],
      body: new Uint8Array([0, 1, 2, 255]),
    }),
  });
  app.http('boom', {
    authLevel: 'anonymous',
    handler: async () => {
      throw new Error('connection to tenant-secret-db failed');
    },
  });
  app.post('enqueue', {
    route: 'outbox',
    authLevel: 'anonymous',
    extraOutputs: [outbox],
    handler: async (req, context) => {
      context.extraOutputs.set(outbox, await req.json());
      return { status: 202 };
    },
  });
  app.storageQueue('consume', {
    queueName: '%OUTBOX_QUEUE%',
    connection: 'AzureWebJobsStorage',
    handler: async (message, context) => void seen.consumed.push({ message, meta: context.triggerMetadata }),
  });
  app.storageQueue('alwaysFails', {
    queueName: '%FAIL_QUEUE%',
    connection: 'AzureWebJobsStorage',
    handler: async (_message, context) => {
      seen.failures.push(Number(context.triggerMetadata?.['dequeueCount']));
      throw new Error('downstream refused');
    },
  });
  app.storageQueue('slow', {
    queueName: '%SLOW_QUEUE%',
    connection: 'AzureWebJobsStorage',
    handler: async (_message, context) => {
      seen.slow.push(Number(context.triggerMetadata?.['dequeueCount']));
      await new Promise((r) => setTimeout(r, 3_500)); // longer than the 2 s visibility the host is given
    },
  });
  app.timer('tick', {
    schedule: '*/1 * * * * *',
    handler: async (timer) => void seen.ticks.push({ isPastDue: timer.isPastDue, ...timer.scheduleStatus }),
  });
  app.timer('yearly', { schedule: '0 0 0 1 1 *', runOnStartup: true, handler: async () => void seen.startups++ });
}

describe('devhost with a sample app on Azurite', () => {
  const prefix = uniqueNamePrefix('d');
  const outboxQueue = `${prefix}-outbox`;
  const failQueue = `${prefix}-fails`;
  const slowQueue = `${prefix}-slow`;
  const logs: string[] = [];
  let host: DevHost;
  const api = (path: string, init?: RequestInit) => fetch(`${host.url}/api/${path}`, init);

  beforeAll(async () => {
    host = await startDevHost({
      port: 0,
      appModule: sampleApp,
      storageConnectionString: azuriteConnectionString(),
      env: { OUTBOX_QUEUE: outboxQueue, FAIL_QUEUE: failQueue, SLOW_QUEUE: slowQueue },
      functionKey: 'local-test-key',
      hostJson: {},
      maxQueuePollMs: 200,
      queueVisibilitySeconds: 2,
      log: (level: LogLevel, message: string) => void logs.push(`${level} ${message}`),
    });
  });
  afterAll(() => host.close());

  it('lists the functions it serves', () => {
    expect(host.functions).toEqual(['greet', 'files', 'boom', 'enqueue', 'consume', 'alwaysFails', 'slow', 'tick', 'yearly']);
    expect(host.functionKey).toBe('local-test-key');
  });

  it('serves a function-level route with params, query, headers and body', async () => {
    const res = await api('greet/%E5%BC%A0%E4%B8%89?x=1', {
      method: 'POST',
      headers: { 'x-functions-key': 'local-test-key', 'x-test': 'yes' },
      body: 'hello',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ name: '张三', x: '1', header: 'yes', method: 'POST', body: 'hello' });
    const viaCode = await api('greet/bob?code=local-test-key');
    expect(await viaCode.json()).toMatchObject({ name: 'bob', method: 'GET', body: '' });
  });

  it('answers 401 without the key, 404 for unknown routes and methods', async () => {
    expect((await api('greet/bob')).status).toBe(401);
    expect((await api('greet/bob', { headers: { 'x-functions-key': 'wrong' } })).status).toBe(401);
    expect((await api('greet/bob?code=local-test-key', { method: 'DELETE' })).status).toBe(404);
    expect((await api('greet/bob/extra?code=local-test-key')).status).toBe(404);
    expect((await api('nothing-here')).status).toBe(404);
    expect((await fetch(`${host.url}/greet/bob?code=local-test-key`)).status).toBe(404);
  });

  it('writes status, headers, cookies and binary bodies', async () => {
    const res = await api('files/c.txt');
    expect(res.status).toBe(201);
    expect(res.headers.get('x-name')).toBe('c.txt');
    expect(res.headers.getSetCookie()).toEqual(['sid=abc; Path=/; HttpOnly']);
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([0, 1, 2, 255]);
  });

  it('turns a thrown error into a 500 naming only the invocation id', async () => {
    const res = await api('boom');
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: string; invocationId: string };
    expect(body.error).toBe('Internal Server Error');
    expect(body.invocationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(body)).not.toContain('tenant-secret-db');
    expect(logs.some((l) => l.startsWith('error boom failed') && l.includes(body.invocationId))).toBe(true);
  });

  it('round-trips a queue output to a queue trigger, base64 JSON on the wire', async () => {
    const res = await api('outbox', { method: 'POST', body: JSON.stringify({ appid: 'wxA', text: '你好' }) });
    expect(res.status).toBe(202);
    await until(() => seen.consumed.length === 1);
    const [{ message, meta }] = seen.consumed as [Seen['consumed'][0]];
    expect(message).toEqual({ appid: 'wxA', text: '你好' });
    expect(meta).toMatchObject({ dequeueCount: 1, queueTrigger: '{"appid":"wxA","text":"你好"}' });
    expect(meta?.['id']).toEqual(expect.any(String));
    expect(meta?.['popReceipt']).toEqual(expect.any(String));
    expect(Date.parse(String(meta?.['insertionTime']))).toBeGreaterThan(Date.now() - 60_000);
    const queue = QueueServiceClient.fromConnectionString(azuriteConnectionString()).getQueueClient(outboxQueue);
    // The host deletes the message after the handler returns, so the count reaches 0 a moment after `consumed`.
    const deadline = Date.now() + 10_000;
    let left = (await queue.getProperties()).approximateMessagesCount;
    while (left !== 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      left = (await queue.getProperties()).approximateMessagesCount;
    }
    expect(left).toBe(0);
  });

  it('sends an array output as one message per element', async () => {
    const before = seen.consumed.length;
    const res = await api('outbox', { method: 'POST', body: JSON.stringify([{ n: 1 }, 'two']) });
    expect(res.status).toBe(202);
    await until(() => seen.consumed.length === before + 2);
    const messages = seen.consumed.slice(before).map((c) => c.message);
    expect(messages).toHaveLength(2);
    expect(messages).toEqual(expect.arrayContaining([{ n: 1 }, 'two']));
  });

  it('moves a message to <queue>-poison after 5 failed attempts', async () => {
    const service = QueueServiceClient.fromConnectionString(azuriteConnectionString());
    await service.getQueueClient(failQueue).sendMessage(Buffer.from('{"n":1}').toString('base64'));
    const poison = service.getQueueClient(`${failQueue}-poison`);
    await until(() => seen.failures.length >= 5, 15_000);
    await until(() => logs.some((l) => l.includes(`moved to "${failQueue}-poison" after 5 attempts`)), 5_000);
    expect(seen.failures).toEqual([1, 2, 3, 4, 5]);
    const { receivedMessageItems } = await poison.receiveMessages();
    expect(receivedMessageItems.map((m) => Buffer.from(m.messageText, 'base64').toString())).toEqual(['{"n":1}']);
    expect((await service.getQueueClient(failQueue).getProperties()).approximateMessagesCount).toBe(0);
  });

  it('keeps a message hidden while a handler outlives the visibility timeout', async () => {
    const queue = QueueServiceClient.fromConnectionString(azuriteConnectionString()).getQueueClient(slowQueue);
    await queue.sendMessage(Buffer.from('{"slow":true}').toString('base64'));
    await until(() => seen.slow.length === 1, 5_000);
    // Past the 2 s visibility the host was given: another consumer must still not see the message.
    await new Promise((r) => setTimeout(r, 2_600));
    expect((await queue.peekMessages()).peekedMessageItems).toEqual([]);
    expect(seen.slow).toEqual([1]);
    await new Promise((r) => setTimeout(r, 1_500)); // handler finished and deleted it, exactly once
    expect(seen.slow).toEqual([1]);
    expect((await queue.getProperties()).approximateMessagesCount).toBe(0);
  });

  it('fires timers on their schedule and runOnStartup timers at start', async () => {
    expect(seen.startups).toBe(1);
    await until(() => seen.ticks.length >= 2, 5_000);
    const [first, second] = seen.ticks as [Seen['ticks'][0], Seen['ticks'][0]];
    expect(first.isPastDue).toBe(false);
    // First run at T0: no previous occurrence, so last = T0; next = T0 + 1 s.
    expect(Date.parse(first.next) - Date.parse(first.last)).toBe(1_000);
    // Second run at T0 + 1 s: last = the previous occurrence T0; next = T0 + 2 s.
    expect(second.last).toBe(first.last);
    expect(Date.parse(second.next) - Date.parse(first.next)).toBe(1_000);
  });

  it('runs a timer now on POST /admin/functions/{name} with the key (202), as the host does; 401 without it, 404 for no such timer', async () => {
    const admin = (name: string, key?: string, method = 'POST') =>
      fetch(`${host.url}/admin/functions/${name}`, { method, headers: key ? { 'x-functions-key': key } : {}, body: method === 'POST' ? '{"input":""}' : null });
    const before = seen.startups;
    expect((await admin('yearly')).status).toBe(401);
    expect((await admin('yearly', 'wrong-key-of-same-len')).status).toBe(401);
    expect(seen.startups).toBe(before);
    expect((await admin('nosuch', 'local-test-key')).status).toBe(404);
    expect((await admin('greet', 'local-test-key')).status).toBe(404); // an HTTP function is called on its route
    expect((await admin('yearly', 'local-test-key', 'GET')).status).toBe(405);
    expect((await admin('Yearly', 'local-test-key')).status).toBe(202);
    await until(() => seen.startups === before + 1, 2_000);
  });
});
