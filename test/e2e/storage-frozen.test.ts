/**
 * Storage that stops answering (a TCP proxy in front of Azurite that holds every byte): a callback must still
 * answer inside WeChat's 5 seconds, with 503 so WeChat retries, because every storage call has a deadline
 * (functions/src/storage/azure/request-policies.ts). Before the deadlines a callback waited ~25 s.
 */
import { HttpRequest, InvocationContext } from '@azure/functions';
import { afterAll, afterEach, expect, it } from 'vitest';
import { useRelay } from '../../functions/src/app/current.js';
import { wechatAccountCallback } from '../../functions/src/functions/wechat-account-callback.js';
import { WechatCrypto } from '../../functions/src/wechat/index.js';
import { azuriteConnectionString, uniqueNamePrefix } from '../support/azurite.js';
import { relayInstance, newComponent } from '../support/relay-instances.js';
import { proxiedStorage } from '../support/tcp-proxy.js';

const component = newComponent();
const APPID = 'wx00000000000000fz';
const ORIGINAL_ID = 'gh_00000000f00f';
const crypto = new WechatCrypto({ ...component, receiveId: component.appid });
const closers: (() => Promise<void>)[] = [];
afterEach(() => useRelay(undefined));
afterAll(async () => void (await Promise.all(closers.map((close) => close()))));

function push(msgId: number): HttpRequest {
  const xml = `<xml><ToUserName><![CDATA[${ORIGINAL_ID}]]></ToUserName><FromUserName><![CDATA[oFrozen]]></FromUserName><CreateTime>1718000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hello]]></Content><MsgId>${msgId}</MsgId></xml>`;
  const encrypt = crypto.encrypt(xml);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(msgId);
  const query = new URLSearchParams({ timestamp, nonce, encrypt_type: 'aes', msg_signature: crypto.msgSignature(timestamp, nonce, encrypt) });
  return new HttpRequest({
    method: 'POST',
    url: `http://localhost/api/wechat/accounts/${APPID}/callback?${query}`,
    body: { string: `<xml><ToUserName><![CDATA[${ORIGINAL_ID}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` },
    params: { appid: APPID },
  });
}

const context = () => new InvocationContext({ invocationId: 'f', functionName: 'wechatAccountCallback', logHandler: () => undefined });

async function timedCallback(msgId: number) {
  const started = Date.now();
  const res = await wechatAccountCallback(push(msgId), context());
  return { status: res.status, ms: Date.now() - started };
}

it('storage frozen after start-up: the callback answers 503 in under 4.5 s; thawed, the retry is stored', async () => {
  const storage = await proxiedStorage(azuriteConnectionString());
  closers.push(storage.close);
  const relay = relayInstance({
    component,
    wechatUrl: 'http://127.0.0.1:9',
    namePrefix: uniqueNamePrefix('frz'),
    storageConnectionString: storage.connectionString,
  });
  const rt = await relay.runtime();
  await rt.storage.authorizers.put({
    appid: APPID,
    originalId: ORIGINAL_ID,
    nickName: 'n',
    isMiniProgram: false,
    funcScopes: [1],
    status: 'authorized',
    authorizedAt: 0,
    updatedAt: 0,
  });
  useRelay(relay);
  expect((await timedCallback(1)).status).toBe(200);

  storage.freeze();
  const frozen = await timedCallback(2);
  expect(frozen.status).toBe(503);
  expect(frozen.ms).toBeLessThan(4_500);

  storage.thaw();
  expect((await timedCallback(2)).status).toBe(200);
}, 60_000);

it('storage frozen before the relay ever opened it: 503 in under 4.5 s', async () => {
  const storage = await proxiedStorage(azuriteConnectionString());
  closers.push(storage.close);
  storage.freeze();
  useRelay(
    relayInstance({ component, wechatUrl: 'http://127.0.0.1:9', namePrefix: uniqueNamePrefix('frc'), storageConnectionString: storage.connectionString }),
  );
  const cold = await timedCallback(3);
  expect(cold.status).toBe(503);
  expect(cold.ms).toBeLessThan(4_500);
}, 60_000);
