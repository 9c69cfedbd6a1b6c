/**
 * POST /api/dataverse/webhook as the Functions host calls it: anonymous at the Functions level, authenticated
 * by the org's own key in x-wxm-webhook-key; every bad body is 4xx, never 5xx.
 */
import { randomBytes } from 'node:crypto';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useRelay } from '../app/current.js';
import { createRelay } from '../app/relay.js';
import { loadSettings } from '../config/settings.js';
import { QUEUES, type RelayTask } from '../relay/envelope.js';
import { COMPONENT, memoryWorld } from '@wxm/testkit/kit/relay/fixtures';
import { WebhookKeys } from '../relay/webhook/webhook-key.js';
import { dataverseWebhook } from './dataverse-webhook.js';

const secretKey = randomBytes(32);
const settings = loadSettings({
  WECHAT_COMPONENT_APPID: COMPONENT.appid,
  WECHAT_COMPONENT_APPSECRET: 'abcdef0123456789abcdef0123456789',
  WECHAT_COMPONENT_TOKEN: COMPONENT.token,
  WECHAT_COMPONENT_AES_KEY: COMPONENT.encodingAesKey,
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  RELAY_SECRET_KEY: secretKey.toString('base64'),
  RELAY_FUNCTION_KEY: 'shared-function-key-0123456789',
});
const ORG = '6c5b4a39-2817-4f60-9e8d-7c6b5a493827';
const keyOf = (org: string) => new WebhookKeys(secretKey).keyFor(org);
const hint = JSON.stringify({
  MessageName: 'Create',
  PrimaryEntityName: 'wxm_message',
  PrimaryEntityId: '11111111-2222-4333-8444-555555555555',
  OrganizationId: ORG,
  InputParameters: [],
});

describe('POST /api/dataverse/webhook', () => {
  let world: ReturnType<typeof memoryWorld>;
  const logs: string[] = [];
  const context = () => new InvocationContext({ invocationId: 't', functionName: 'dataverseWebhook', logHandler: (_l, ...a) => logs.push(a.join(' ')) });
  const post = (body: string, headers: Record<string, string> = {}, query = '') =>
    dataverseWebhook(
      new HttpRequest({
        method: 'POST',
        url: `http://localhost:7071/api/dataverse/webhook${query}`,
        headers: { 'content-type': 'application/json', ...headers },
        body: { string: body },
      }),
      context(),
    );
  const queued = () => world.storage.queue<RelayTask>(QUEUES.tasks).peekAll();

  beforeEach(() => {
    world = memoryWorld();
    useRelay(createRelay(settings, { storage: world.storage, clock: world.clock }));
  });
  afterEach(() => useRelay(undefined));

  it("202 with the org's own key in x-wxm-webhook-key", async () => {
    expect(await post(hint, { 'x-wxm-webhook-key': keyOf(ORG) })).toMatchObject({ status: 202, body: 'queued' });
    expect(queued()).toHaveLength(1);
  });

  it("401 without the key, with another org's key, or with the shared function key (in a header or ?code=)", async () => {
    for (const [headers, query] of [
      [{}, ''],
      [{ 'x-wxm-webhook-key': keyOf('7c5b4a39-2817-4f60-9e8d-7c6b5a493827') }, ''],
      [{ 'x-wxm-webhook-key': settings.functionKey ?? '' }, ''],
      [{ 'x-functions-key': settings.functionKey ?? '' }, ''],
      [{}, `?code=${settings.functionKey ?? ''}`],
    ] as const) {
      expect((await post(hint, headers, query)).status).toBe(401);
    }
    expect(queued()).toEqual([]);
    expect(logs.join('\n')).not.toContain(keyOf('7c5b4a39-2817-4f60-9e8d-7c6b5a493827'));
  });

  it.each([
    'null',
    '[]',
    '3',
    '"x"',
    '{}',
    '{"MessageName":"Create"}',
    '{"MessageName":"Create","PrimaryEntityName":"wxm_message","PrimaryEntityId":7,"OrganizationId":"x"}',
    'not json',
  ])('body %s → 400 (key or no key), nothing queued', async (body) => {
    expect((await post(body, { 'x-wxm-webhook-key': keyOf(ORG) })).status).toBe(400);
    expect((await post(body)).status).toBe(400);
    expect(queued()).toEqual([]);
  });

  it('413 for a body over 512 KB', async () => {
    expect((await post(`{"x":"${'a'.repeat(600 * 1024)}"}`, { 'x-wxm-webhook-key': keyOf(ORG) })).status).toBe(413);
  });
});
