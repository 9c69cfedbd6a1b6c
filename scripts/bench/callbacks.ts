/**
 * `npm run bench:callbacks`, one run on one machine:
 *  (a) callbacks per second and p50/p99 latency through the full HTTP pipeline (local Functions host → verify →
 *      decrypt → parse → de-duplicate in Azure Tables → enqueue in an Azure Queue, on Azurite) at a fixed
 *      concurrency, every request a distinct message;
 *  (b) verify + decrypt + parse per second for our code beside the npm wechat-crypto + xml2js pair, same process.
 */
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { WechatCrypto } from '../../functions/src/wechat/index.js';
import { startAzurite } from '../azurite.js';
import { startRelayHost } from '../local/relay-host.js';
import { createAzureStorage } from '../../functions/src/storage/azure/create-azure-storage.js';
import { AesGcmSecretBox } from '../../functions/src/storage/secret-box.js';
import { benchDecryptParse } from './decrypt-parse.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const APPID = 'wx0beec00000000001';

async function main(): Promise<void> {
  const azurite = await startAzurite({ inMemory: true });
  const component = {
    appid: `wx${randomBytes(8).toString('hex')}`,
    token: 'benchtoken',
    encodingAesKey: randomBytes(32).toString('base64').slice(0, 43).replace(/[+/]/g, 'B'),
  };
  const secretKey = randomBytes(32).toString('base64');
  Object.assign(process.env, {
    WECHAT_COMPONENT_APPID: component.appid,
    WECHAT_COMPONENT_APPSECRET: randomBytes(16).toString('hex'),
    WECHAT_COMPONENT_TOKEN: component.token,
    WECHAT_COMPONENT_AES_KEY: component.encodingAesKey,
    WECHAT_API_BASE: 'http://127.0.0.1:9',
    WECHAT_MP_BASE: 'http://127.0.0.1:9',
    AzureWebJobsStorage: azurite.connectionString,
    RELAY_SECRET_KEY: secretKey,
    RELAY_FUNCTION_KEY: randomBytes(24).toString('base64url'),
    WECHAT_CLOCK_SKEW_SECONDS: '0',
  });
  const storage = await createAzureStorage(azurite.connectionString, { secretBox: new AesGcmSecretBox(secretKey) });
  await storage.authorizers.put({
    appid: APPID, originalId: 'gh_0123456789ab', nickName: 'bench', isMiniProgram: false, funcScopes: [1],
    status: 'authorized', authorizedAt: Date.now(), updatedAt: Date.now(),
  });
  // Only the callback route: the delivery worker would take messages off the queue (and share the 2 cores).
  const host = await startRelayHost({
    port: 0, functionKey: process.env.RELAY_FUNCTION_KEY, storageConnectionString: azurite.connectionString, quiet: true, only: ['wechatAccountCallback'],
  });

  const crypto = new WechatCrypto({ ...component, receiveId: component.appid });
  const pushes = Array.from({ length: 50_000 }, (_, i) => signedPush(crypto, i));
  let next = 0;
  console.log(`(a) full HTTP pipeline: ${CONNECTIONS} connections for ${DURATION_S} s, each request a new message ...`);
  const result = await autocannon({
    url: host.url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const p = pushes[next++ % pushes.length]!;
          return { ...req, path: `/api/wechat/accounts/${APPID}/callback?${p.query}`, body: p.body, headers: { 'content-type': 'text/xml' } };
        },
      },
    ],
  });
  const queued = await storage.queue('wechat-inbound').depth();
  console.log(
    `    ${result.requests.average.toFixed(0)} callbacks/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
      `${result.non2xx} non-2xx, ${result.errors} errors, ${result.requests.total} requests, ${queued} queued`,
  );
  await host.close();
  await azurite.stop();

  console.log('(b) verify + decrypt + parse, same process, same encrypted callbacks ...');
  const b = await benchDecryptParse();
  console.log(`    ours ${b.ours.opsPerSec.toFixed(0)}/s, wechat-crypto + xml2js ${b.peer.opsPerSec.toFixed(0)}/s, ratio ${b.ratio.toFixed(2)}x`);
}

function signedPush(crypto: WechatCrypto, i: number): { query: string; body: string } {
  const xml = `<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[oBench${String(i % 500).padStart(22, '0')}]]></FromUserName><CreateTime>1718000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好 👋 #${i}]]></Content><MsgId>${7000000000000000000n + BigInt(i)}</MsgId></xml>`;
  const encrypt = crypto.encrypt(xml);
  const timestamp = '1718000000';
  const nonce = String(100000 + i);
  const query = new URLSearchParams({ timestamp, nonce, encrypt_type: 'aes', msg_signature: crypto.msgSignature(timestamp, nonce, encrypt) });
  return { query: query.toString(), body: `<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` };
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
