/**
 * The load of `npm run bench:callbacks`: encrypted pushes exactly as WeChat sends them to 消息与事件接收URL
 * (msg_signature over the Encrypt element, encrypt_type=aes), every one a new message, driven by autocannon at a
 * fixed concurrency. The Host header is set: autocannon's `setupRequest` would otherwise send
 * `Host: undefined:undefined`.
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/message_push.html
 */
import autocannon from 'autocannon';
import { WechatCrypto } from '../../functions/src/wechat/index.js';

export interface PushTarget {
  component: { appid: string; token: string; encodingAesKey: string };
  account: { appid: string; originalId: string };
  /** Distinguishes the MsgIds of runs that share storage. */
  msgIdBase: bigint;
}

export interface Push {
  path: string;
  body: string;
}

export function encryptedPushes(target: PushTarget, count: number): Push[] {
  const crypto = new WechatCrypto({ ...target.component, receiveId: target.component.appid });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const to = target.account.originalId;
  return Array.from({ length: count }, (_, i) => {
    const xml =
      `<xml><ToUserName><![CDATA[${to}]]></ToUserName><FromUserName><![CDATA[oBench${String(i % 500).padStart(22, '0')}]]></FromUserName>` +
      `<CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好 👋 #${i}]]></Content>` +
      `<MsgId>${target.msgIdBase + BigInt(i)}</MsgId></xml>`;
    const encrypt = crypto.encrypt(xml);
    const nonce = String(100000 + i);
    const query = new URLSearchParams({ timestamp, nonce, encrypt_type: 'aes', msg_signature: crypto.msgSignature(timestamp, nonce, encrypt) });
    return {
      path: `/api/wechat/accounts/${target.account.appid}/callback?${query}`,
      body: `<xml><ToUserName><![CDATA[${to}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
    };
  });
}

export interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  total: number;
  /** Responses 2xx. */
  accepted: number;
  /** True when the run needed more requests than pushes (then some were repeats). */
  wrapped: boolean;
}

export async function runLoad(baseUrl: string, pushes: readonly Push[], options: { connections: number; seconds: number }): Promise<LoadResult> {
  const url = new URL(baseUrl);
  let next = 0;
  const result = await autocannon({
    url: baseUrl,
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const p = pushes[next++ % pushes.length]!;
          return { ...req, path: p.path, body: p.body, headers: { host: url.host, 'content-type': 'text/xml' } };
        },
      },
    ],
  });
  return {
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    total: result.requests.total,
    accepted: result['2xx'],
    wrapped: next > pushes.length,
  };
}
