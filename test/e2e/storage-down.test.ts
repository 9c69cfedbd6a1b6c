/**
 * Storage down → 5xx, nothing claimed. On Azurite: an instance whose queue endpoint is dead (tables fine)
 * must answer 503 within WeChat’s 5 seconds having acknowledged nothing, so WeChat’s retry, reaching a
 * healthy instance, stores the message. An instance with no storage at all answers 503 too.
 */
import { HttpRequest, InvocationContext } from '@azure/functions';
import { afterEach, expect, it } from 'vitest';
import { useRelay } from '../../functions/src/app/current.js';
import { wechatAccountCallback } from '../../functions/src/functions/wechat-account-callback.js';
import { WechatCrypto } from '../../functions/src/wechat/index.js';
import { azuriteConnectionString, uniqueNamePrefix } from '../support/azurite.js';
import { newComponent, relayInstance } from '../support/relay-instances.js';

const component = newComponent();
const APPID = 'wx00000000000000aa';
const crypto = new WechatCrypto({ ...component, receiveId: component.appid });

function withDeadEndpoint(connection: string, service: 'Queue' | 'Table' | 'Blob' | 'all'): string {
  const dead = 'http://127.0.0.1:1/devstoreaccount1';
  return connection
    .split(';')
    .map((part) => (service === 'all' || part.startsWith(`${service}Endpoint=`) ? part.replace(/(Endpoint=).*/, `$1${dead}`) : part))
    .join(';');
}

function request(xml: string): HttpRequest {
  const encrypt = crypto.encrypt(xml);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = '8080';
  const query = new URLSearchParams({ timestamp, nonce, encrypt_type: 'aes', msg_signature: crypto.msgSignature(timestamp, nonce, encrypt) });
  return new HttpRequest({
    method: 'POST',
    url: `http://localhost/api/wechat/accounts/${APPID}/callback?${query}`,
    body: { string: `<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` },
    params: { appid: APPID },
  });
}

const message = `<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[oF]]></FromUserName><CreateTime>1718000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[keep me]]></Content><MsgId>777</MsgId></xml>`;
const context = () => new InvocationContext({ invocationId: 'x', functionName: 'wechatAccountCallback', logHandler: () => undefined });

afterEach(() => useRelay(undefined));

it('answers 503 quickly when the queue is down, keeps no claim, and the retry is stored', async () => {
  const prefix = uniqueNamePrefix('down');
  const healthy = relayInstance({ component, wechatUrl: 'http://127.0.0.1:9', namePrefix: prefix });
  const queueDown = relayInstance({
    component,
    wechatUrl: 'http://127.0.0.1:9',
    namePrefix: prefix,
    storageConnectionString: withDeadEndpoint(azuriteConnectionString(), 'Queue'),
  });
  const rt = await healthy.runtime();
  await rt.storage.authorizers.put({
    appid: APPID,
    originalId: 'gh_0123456789ab',
    nickName: 'n',
    isMiniProgram: false,
    funcScopes: [1],
    status: 'authorized',
    authorizedAt: 0,
    updatedAt: 0,
  });
  const req = request(message);
  const body = await req.text();
  const again = () => new HttpRequest({ method: 'POST', url: req.url, body: { string: body }, params: { appid: APPID } });

  useRelay(queueDown);
  const started = Date.now();
  const refused = await wechatAccountCallback(again(), context());
  expect(refused.status).toBe(503);
  expect(Date.now() - started).toBeLessThan(4_000);

  useRelay(healthy);
  const stored = await wechatAccountCallback(again(), context());
  expect([stored.status, stored.body]).toEqual([200, 'success']);
  expect(await rt.storage.queue('wechat-inbound').depth()).toBe(1);
}, 30_000);

it('answers 503 when storage cannot be reached at all', async () => {
  useRelay(
    relayInstance({
      component,
      wechatUrl: 'http://127.0.0.1:9',
      namePrefix: uniqueNamePrefix('gone'),
      storageConnectionString: withDeadEndpoint(azuriteConnectionString(), 'all'),
    }),
  );
  const started = Date.now();
  const res = await wechatAccountCallback(request(message), context());
  expect(res.status).toBe(503);
  expect(Date.now() - started).toBeLessThan(4_000);
  const health = await relayInstance({
    component,
    wechatUrl: 'http://127.0.0.1:9',
    namePrefix: uniqueNamePrefix('gone'),
    storageConnectionString: withDeadEndpoint(azuriteConnectionString(), 'all'),
  }).services.health();
  expect(health).toMatchObject({ status: 'unavailable', storage: 'unreachable' });
}, 30_000);
