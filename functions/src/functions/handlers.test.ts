/**
 * The registered handlers, called directly as the Functions host would (new HttpRequest / InvocationContext),
 * with memory storage. Asserts the HTTP contract: status codes, bodies and what got stored.
 */
import { HttpRequest, InvocationContext } from '@azure/functions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useRelay } from '../app/current.js';
import { createRelay } from '../app/relay.js';
import { loadSettings } from '../config/settings.js';
import { QUEUES, type InboundEnvelope } from '../relay/envelope.js';
import { ACCOUNT, COMPONENT, componentCrypto, encryptedPush, memoryWorld, textMessage } from '@wxm/testkit/kit/relay/fixtures';
import type { RelayStorage } from '../storage/relay-storage.js';
import { health, healthDetails } from './health.js';
import { wechatAccountCallback } from './wechat-account-callback.js';
import { wechatComponent } from './wechat-component.js';

const settings = loadSettings({
  WECHAT_COMPONENT_APPID: COMPONENT.appid,
  WECHAT_COMPONENT_APPSECRET: 'abcdef0123456789abcdef0123456789',
  WECHAT_COMPONENT_TOKEN: COMPONENT.token,
  WECHAT_COMPONENT_AES_KEY: COMPONENT.encodingAesKey,
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  RELAY_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'),
});

function post(path: string, push: { timestamp: string; nonce: string; msgSignature: string; body: string }) {
  const url = new URL(`http://localhost:7071/api/${path}`);
  url.searchParams.set('timestamp', push.timestamp);
  url.searchParams.set('nonce', push.nonce);
  url.searchParams.set('encrypt_type', 'aes');
  url.searchParams.set('msg_signature', push.msgSignature);
  return new HttpRequest({
    method: 'POST',
    url: url.toString(),
    headers: { 'content-type': 'text/xml' },
    body: { string: push.body },
    params: { appid: ACCOUNT.appid },
  });
}

describe('Functions handlers', () => {
  let world: ReturnType<typeof memoryWorld>;
  let storage: RelayStorage;
  const logs: string[] = [];
  const context = () => new InvocationContext({ invocationId: 'test', functionName: 'f', logHandler: (_l, ...a) => logs.push(a.join(' ')) });

  beforeEach(async () => {
    world = memoryWorld();
    storage = world.storage;
    useRelay(createRelay(settings, { storage, clock: world.clock }));
    await storage.authorizers.put({
      appid: ACCOUNT.appid,
      originalId: ACCOUNT.originalId,
      nickName: 'n',
      isMiniProgram: false,
      funcScopes: [1],
      status: 'authorized',
      authorizedAt: 0,
      updatedAt: 0,
    });
  });
  afterEach(() => useRelay(undefined));

  const queued = () => world.storage.queue<InboundEnvelope>(QUEUES.inbound).peekAll();
  const callback = (push: Parameters<typeof post>[1]) => wechatAccountCallback(post(`wechat/accounts/${ACCOUNT.appid}/callback`, push), context());

  it('answers success after queueing a verified message', async () => {
    const res = await callback(encryptedPush(textMessage('你好 👋'), { clock: world.clock }));
    expect(res).toMatchObject({ status: 200, body: 'success' });
    expect(queued()).toHaveLength(1);
  });

  it('401 for a bad signature, nothing queued, the reason logged', async () => {
    const res = await callback({ ...encryptedPush(textMessage('x'), { clock: world.clock }), msgSignature: 'a'.repeat(40) });
    expect(res.status).toBe(401);
    expect(queued()).toHaveLength(0);
    expect(logs.some((l) => l.includes('callback rejected') && l.includes('"reason":"signature"'))).toBe(true);
  });

  it('413 for an oversized body, 400 for malformed XML and for an entity payload', async () => {
    const push = encryptedPush(textMessage('x'), { clock: world.clock });
    expect((await callback({ ...push, body: `<xml>${'a'.repeat(70_000)}</xml>` })).status).toBe(413);
    expect((await callback({ ...push, body: '<xml><Encrypt>abc</Encrypt' })).status).toBe(400);
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><xml><Encrypt>&lol2;</Encrypt></xml>`;
    expect((await callback({ ...push, body: bomb })).status).toBe(400);
    expect(queued()).toHaveLength(0);
  });

  it('401 for a stale timestamp', async () => {
    const push = encryptedPush(textMessage('x'), { clock: world.clock });
    world.clock.advance(10 * 60 * 1000);
    expect((await callback(push)).status).toBe(401);
  });

  it('503 when the queue is down, so WeChat retries', async () => {
    const inbound = storage.queue<InboundEnvelope>(QUEUES.inbound);
    inbound.enqueue = async () => Promise.reject(new Error('ECONNREFUSED'));
    const res = await callback(encryptedPush(textMessage('x'), { clock: world.clock }));
    expect(res.status).toBe(503);
  });

  it('answers the GET URL check with echostr verbatim, 401 when the signature is wrong', async () => {
    const crypto = componentCrypto();
    const get = (signature: string) =>
      wechatAccountCallback(
        new HttpRequest({
          method: 'GET',
          url: `http://localhost/api/wechat/accounts/${ACCOUNT.appid}/callback?signature=${signature}&timestamp=1714036504&nonce=1514711492&echostr=4375120948345356249`,
          params: { appid: ACCOUNT.appid },
        }),
        context(),
      );
    expect(await get(crypto.urlSignature('1714036504', '1514711492'))).toMatchObject({ status: 200, body: '4375120948345356249' });
    expect((await get('0'.repeat(40))).status).toBe(401);
  });

  it('stores a verify ticket from the component URL', async () => {
    const xml = `<xml><AppId><![CDATA[${COMPONENT.appid}]]></AppId><CreateTime>${Math.floor(world.clock.now() / 1000)}</CreateTime><InfoType><![CDATA[component_verify_ticket]]></InfoType><ComponentVerifyTicket><![CDATA[ticket@@@1]]></ComponentVerifyTicket></xml>`;
    const res = await wechatComponent(post('wechat/component', encryptedPush(xml, { clock: world.clock, outer: 'AppId' })), context());
    expect(res).toMatchObject({ status: 200, body: 'success' });
    expect((await storage.verifyTickets.get(COMPONENT.appid))?.ticket).toBe('ticket@@@1');
    const summary = await health(new HttpRequest({ method: 'GET', url: 'http://localhost/api/health' }), context());
    expect(summary.jsonBody).toEqual({ status: 'ok' });
    const report = await healthDetails(new HttpRequest({ method: 'GET', url: 'http://localhost/api/health/details' }), context());
    expect(report.jsonBody).toMatchObject({ status: 'ok', storage: 'reachable', verifyTicket: { ageSeconds: 0, usable: true } });
    expect(JSON.stringify(report.jsonBody)).not.toContain('ticket@@@1');
  });
});
