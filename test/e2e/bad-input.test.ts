/**
 * Bad input on the WeChat and status routes, over real HTTP (the devhost serving the relay's own registrations,
 * storage on Azurite): every malformed request gets a 4xx, never a 5xx, and nothing is queued.
 * Cases: empty bodies, wrong content types, JSON and `null` bodies, invalid UTF-8, huge query values, missing
 * or repeated parameters, a signed component event with an empty AuthorizationCode, odd methods and ids.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevHost, type DevHost } from '@wxm/devhost';
import { useRelay } from '../../functions/src/app/current.js';
import type { Relay } from '../../functions/src/app/relay.js';
import { QUEUES } from '../../functions/src/relay/envelope.js';
import { WechatCrypto } from '../../functions/src/wechat/index.js';
import { uniqueNamePrefix } from '../support/azurite.js';
import { newComponent, relayInstance } from '../support/relay-instances.js';

const component = newComponent();
const crypto = new WechatCrypto({ ...component, receiveId: component.appid });
const APPID = 'wx00000000000000bd';
let host: DevHost;
let relay: Relay;

beforeAll(async () => {
  relay = relayInstance({ component, wechatUrl: 'http://127.0.0.1:9', namePrefix: uniqueNamePrefix('bad') });
  const rt = await relay.runtime();
  await rt.storage.authorizers.put({
    appid: APPID,
    originalId: 'gh_00000000bad0',
    nickName: 'n',
    isMiniProgram: false,
    funcScopes: [1],
    status: 'authorized',
    authorizedAt: 0,
    updatedAt: 0,
  });
  useRelay(relay);
  host = await startDevHost({
    port: 0,
    timers: false,
    log: () => undefined,
    only: ['wechatAccountCallback', 'wechatComponent', 'signedServiceStatus'],
    appModule: async () => void (await import('../../functions/src/index.js')),
  });
}, 30_000);

afterAll(async () => {
  await host?.close();
  useRelay(undefined);
});

function signedQuery(encrypt: string, extra: Record<string, string> = {}): string {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(randomBytes(4).readUInt32BE());
  return new URLSearchParams({ timestamp, nonce, encrypt_type: 'aes', msg_signature: crypto.msgSignature(timestamp, nonce, encrypt), ...extra }).toString();
}

const call = (path: string, init: RequestInit = {}) => fetch(`${host.url}/api/${path}`, init).then(async (r) => ({ status: r.status, body: await r.text() }));
const queued = async () => (await relay.runtime()).storage.queue(QUEUES.inbound).depth();
const tasks = async () => (await relay.runtime()).storage.queue(QUEUES.tasks).depth();

describe('bad input never gets a 5xx', () => {
  const callback = `wechat/accounts/${APPID}/callback`;
  const encrypt = crypto.encrypt(
    '<xml><ToUserName><![CDATA[gh_00000000bad0]]></ToUserName><FromUserName><![CDATA[oX]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[x]]></Content><MsgId>1</MsgId></xml>',
  );

  it.each<[string, () => Promise<{ status: number }>, number]>([
    ['POST callback, no query, no body', () => call(callback, { method: 'POST' }), 400],
    ['POST callback, signed query, empty body', () => call(`${callback}?${signedQuery(encrypt)}`, { method: 'POST' }), 400],
    [
      'POST callback, JSON body',
      () => call(`${callback}?${signedQuery(encrypt)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"Encrypt":"x"}' }),
      400,
    ],
    [
      'POST callback, body null',
      () => call(`${callback}?${signedQuery(encrypt)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'null' }),
      400,
    ],
    [
      'POST callback, invalid UTF-8',
      () => call(`${callback}?${signedQuery(encrypt)}`, { method: 'POST', body: new Uint8Array([0x3c, 0x78, 0xff, 0xfe, 0xc3, 0x28]) }),
      400,
    ],
    [
      'POST callback, multipart body',
      () =>
        call(`${callback}?${signedQuery(encrypt)}`, {
          method: 'POST',
          body: (() => {
            const f = new FormData();
            f.set('Encrypt', encrypt);
            return f;
          })(),
        }),
      400,
    ],
    [
      'POST callback, 8 KB timestamp',
      () =>
        call(`${callback}?timestamp=${'9'.repeat(8_000)}&nonce=1&msg_signature=${'a'.repeat(40)}`, {
          method: 'POST',
          body: `<xml><Encrypt>${encrypt}</Encrypt></xml>`,
        }),
      401,
    ],
    [
      'POST callback, 8 KB nonce and signature',
      () =>
        call(`${callback}?timestamp=1&nonce=${'n'.repeat(4_000)}&msg_signature=${'s'.repeat(4_000)}`, {
          method: 'POST',
          body: `<xml><Encrypt>${encrypt}</Encrypt></xml>`,
        }),
      401,
    ],
    [
      'POST callback, Encrypt that is not base64',
      () => {
        const bad = '%%%not-base64%%%';
        return call(`${callback}?${signedQuery(bad)}`, { method: 'POST', body: `<xml><Encrypt>${bad}</Encrypt></xml>` });
      },
      400,
    ],
    [
      'POST callback, signed Encrypt of a non-XML plaintext',
      () => {
        const e = crypto.encrypt('not xml');
        return call(`${callback}?${signedQuery(e)}`, { method: 'POST', body: `<xml><Encrypt>${e}</Encrypt></xml>` });
      },
      400,
    ],
    ['GET callback, no parameters', () => call(callback), 400],
    [
      'GET callback, 8 KB echostr and a wrong signature',
      () => call(`${callback}?signature=${'0'.repeat(40)}&timestamp=1&nonce=1&echostr=${'e'.repeat(8_000)}`),
      401,
    ],
    ['POST component, empty body', () => call('wechat/component', { method: 'POST' }), 400],
    [
      'POST component, invalid UTF-8',
      () => call(`wechat/component?${signedQuery(encrypt)}`, { method: 'POST', body: new Uint8Array([0xff, 0xff, 0xff]) }),
      400,
    ],
    ['status, ids that are no GUIDs', () => call('signed-services/x/y/status'), 400],
    ['status, 8 KB id', () => call(`signed-services/${'a'.repeat(8_000)}/b/status`), 400],
  ])('%s → %i', async (_what, request, expected) => {
    expect((await request()).status).toBe(expected);
  });

  it('a signed component event with an empty AuthorizationCode → 400, no task queued', async () => {
    const event = crypto.encrypt(
      `<xml><AppId><![CDATA[${component.appid}]]></AppId><CreateTime>1718000000</CreateTime><InfoType><![CDATA[authorized]]></InfoType><AuthorizerAppid><![CDATA[${APPID}]]></AuthorizerAppid><AuthorizationCode><![CDATA[]]></AuthorizationCode><AuthorizationCodeExpiredTime>1718003600</AuthorizationCodeExpiredTime></xml>`,
    );
    const res = await call(`wechat/component?${signedQuery(event)}`, {
      method: 'POST',
      body: `<xml><AppId><![CDATA[${component.appid}]]></AppId><Encrypt><![CDATA[${event}]]></Encrypt></xml>`,
    });
    expect(res).toEqual({ status: 400, body: 'bad request' });
    expect(await tasks()).toBe(0);
  });

  it('nothing reached the inbound queue', async () => {
    expect(await queued()).toBe(0);
  });
});
