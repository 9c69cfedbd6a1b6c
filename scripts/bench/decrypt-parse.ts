/**
 * Benchmark: verify msg_signature + decrypt + parse into a message, on the same encrypted callbacks, for
 * our protocol code (WechatCrypto + parseInbound) and for a common npm pair (node-webot `wechat-crypto`
 * getSignature + decrypt, then xml2js parseStringPromise). Same process, warm-up first, rounds interleaved
 * with alternating order so JIT warm-up and GC pauses do not favour one side.
 *
 * Run alone: npx tsx scripts/bench/decrypt-parse.ts [iterations]
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/message_push.html
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import xml2js from 'xml2js';
import { parseInbound, WechatCrypto } from '../../functions/src/wechat/index.js';

export interface BenchResult {
  ours: { opsPerSec: number };
  peer: { opsPerSec: number };
  /** ours / peer: above 1 means ours is faster. */
  ratio: number;
}

interface NodeWebotCrypto {
  getSignature(timestamp: string, nonce: string, encrypt: string): string;
  decrypt(text: string): { message: string; id: string };
}
const NodeWebot = createRequire(import.meta.url)('wechat-crypto') as new (token: string, key: string, id: string) => NodeWebotCrypto;

const TOKEN = 'AAAAA';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const COMPONENT_APPID = 'wx134c8103faa5a59e';

interface Callback {
  timestamp: string;
  nonce: string;
  encrypt: string;
  signature: string;
}

/** Realistic plaintexts: the shapes an Official Account receives most. */
function samplePlaintexts(): string[] {
  const head = (type: string, i: number) =>
    `<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName>\n<FromUserName><![CDATA[o9AgO5Kd5ggOC-bXrbNODIiE3bG${i % 10}]]></FromUserName>\n<CreateTime>${1715943329 + i}</CreateTime>\n<MsgType><![CDATA[${type}]]></MsgType>\n`;
  const out: string[] = [];
  for (let i = 0; i < 8; i++) {
    out.push(
      `${head('text', i)}<Content><![CDATA[你好，我想了解一下产品价格 😀 #${i}\n谢谢]]></Content>\n<MsgId>${6054768590064713728n + BigInt(i)}</MsgId>\n</xml>`,
    );
    out.push(
      `${head('image', i)}<PicUrl><![CDATA[http://mmbiz.qpic.cn/mmbiz_jpg/${i}/0]]></PicUrl>\n<MediaId><![CDATA[media_${i}]]></MediaId>\n<MsgId>${7054768590064713728n + BigInt(i)}</MsgId>\n</xml>`,
    );
    out.push(
      `${head('event', i)}<Event><![CDATA[subscribe]]></Event>\n<EventKey><![CDATA[qrscene_${1000 + i}]]></EventKey>\n<Ticket><![CDATA[gQH47joAAAAAAAAAASxodHRwOi8v${i}]]></Ticket>\n</xml>`,
    );
    out.push(
      `${head('location', i)}<Location_X>23.134521</Location_X>\n<Location_Y>113.358803</Location_Y>\n<Scale>20</Scale>\n<Label><![CDATA[广州市天河区]]></Label>\n<MsgId>${8054768590064713728n + BigInt(i)}</MsgId>\n</xml>`,
    );
  }
  return out;
}

function encryptAll(crypto: WechatCrypto): Callback[] {
  return samplePlaintexts().map((xml, i) => {
    const timestamp = String(1715943329 + i);
    const nonce = String(1590219412 + i * 7);
    const encrypt = crypto.encrypt(xml);
    return { timestamp, nonce, encrypt, signature: crypto.msgSignature(timestamp, nonce, encrypt) };
  });
}

type Op = (cb: Callback) => Promise<string>;

async function run(op: Op, callbacks: Callback[], n: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < n; i++) await op(callbacks[i % callbacks.length] as Callback);
  return performance.now() - started;
}

export async function benchDecryptParse(opts: { iterations?: number; rounds?: number } = {}): Promise<BenchResult> {
  const iterations = Math.max(1, Math.floor(opts.iterations ?? 20_000));
  const rounds = Math.max(1, Math.min(opts.rounds ?? 10, iterations));
  const crypto = new WechatCrypto({ token: TOKEN, encodingAesKey: AES_KEY, receiveId: COMPONENT_APPID });
  const webot = new NodeWebot(TOKEN, AES_KEY, COMPONENT_APPID);
  const callbacks = encryptAll(crypto);

  // Both sides do the same work and return the sender's openid, so neither can be optimised away.
  const ours: Op = async (cb) => {
    if (!crypto.verifyMsgSignature(cb.signature, cb.timestamp, cb.nonce, cb.encrypt)) throw new Error('bad signature');
    return parseInbound(crypto.decrypt(cb.encrypt)).fromUserName;
  };
  const peer: Op = async (cb) => {
    if (webot.getSignature(cb.timestamp, cb.nonce, cb.encrypt) !== cb.signature) throw new Error('bad signature');
    const { message, id } = webot.decrypt(cb.encrypt);
    if (id !== COMPONENT_APPID) throw new Error('bad receive id');
    const doc = (await xml2js.parseStringPromise(message, { explicitArray: false })) as { xml: Record<string, string> };
    return doc.xml.FromUserName as string;
  };

  for (const cb of callbacks) {
    if ((await ours(cb)) !== (await peer(cb))) throw new Error('the two implementations disagree');
  }
  const warmup = Math.min(2_000, Math.max(50, Math.floor(iterations / 10)));
  await run(ours, callbacks, warmup);
  await run(peer, callbacks, warmup);

  let oursMs = 0;
  let peerMs = 0;
  for (let r = 0; r < rounds; r++) {
    const n = Math.floor(iterations / rounds) + (r < iterations % rounds ? 1 : 0);
    if (r % 2 === 0) {
      oursMs += await run(ours, callbacks, n);
      peerMs += await run(peer, callbacks, n);
    } else {
      peerMs += await run(peer, callbacks, n);
      oursMs += await run(ours, callbacks, n);
    }
  }
  const oursOps = (iterations * 1000) / oursMs;
  const peerOps = (iterations * 1000) / peerMs;
  return { ours: { opsPerSec: Math.round(oursOps) }, peer: { opsPerSec: Math.round(peerOps) }, ratio: Number((oursOps / peerOps).toFixed(2)) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const iterations = process.argv[2] ? Number(process.argv[2]) : undefined;
  const result = await benchDecryptParse({ iterations });
  console.log(`verify + decrypt + parse, ${iterations ?? 20_000} callbacks each, same process`);
  console.log(`  ours (WechatCrypto + parseInbound):         ${result.ours.opsPerSec} ops/s`);
  console.log(`  peer (wechat-crypto + xml2js, promise API):  ${result.peer.opsPerSec} ops/s`);
  console.log(`  ratio ours/peer:                             ${result.ratio}`);
}
