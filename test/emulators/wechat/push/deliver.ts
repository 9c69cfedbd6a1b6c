/**
 * Delivering an encrypted push to the relay the way WeChat does (security mode, the only mode a third-party
 * platform may use), and reading the relay's answer as WeChat would: `success` or empty, or an encrypted passive
 * reply whose MsgSignature and receive id must check out.
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/message_push.html
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
import { randomInt } from 'node:crypto';
import type { SimState } from '../state/simulator-state.js';
import type { DecryptedReply, PushResult } from '../types.js';
import { buildXml, parseXml, textField, type XmlObject } from '../xml.js';

export type PushTarget = { kind: 'component' } | { kind: 'account'; appid: string; originalId: string; openid: string };

/** A sealed push: the same request is re-sent verbatim when WeChat retries. */
export interface SealedPush {
  url: string;
  body: string;
  target: PushTarget;
}

/** Encrypts the plaintext for the relay and builds the URL with signature, timestamp, nonce and msg_signature. */
export function sealPush(state: SimState, plaintext: string, target: PushTarget): SealedPush {
  const timestamp = String(state.nowSeconds());
  const nonce = String(randomInt(100_000_000, 2_147_483_647));
  const { encrypt, msgSignature } = state.crypt.seal(plaintext, timestamp, nonce);
  const query = new URLSearchParams({ signature: state.crypt.signature(timestamp, nonce), timestamp, nonce });
  let path: string;
  let body: string;
  if (target.kind === 'component') {
    path = '/api/wechat/component';
    body = buildXml({ AppId: state.component.appid, Encrypt: encrypt });
  } else {
    path = `/api/wechat/accounts/${encodeURIComponent(target.appid)}/callback`;
    query.set('openid', target.openid);
    body = buildXml({ ToUserName: target.originalId, Encrypt: encrypt });
  }
  query.set('encrypt_type', 'aes');
  query.set('msg_signature', msgSignature);
  return { url: `${state.settings.relayUrl}${path}?${query.toString()}`, body, target };
}

/** One HTTP delivery; never throws (a network failure is a result with status 0). */
export async function deliverOnce(state: SimState, push: SealedPush): Promise<PushResult> {
  state.stats.pushes += 1;
  const started = Date.now();
  let status: number;
  let body: string;
  try {
    const response = await fetch(push.url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', 'user-agent': 'Mozilla/4.0' },
      body: push.body,
      signal: AbortSignal.timeout(state.settings.pushTimeoutMs),
    });
    status = response.status;
    body = await response.text();
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const reason = timedOut
      ? `no answer within ${state.settings.pushTimeoutMs} ms`
      : `relay unreachable: ${error instanceof Error ? error.message : String(error)}`;
    return { status: 0, body: '', durationMs: Date.now() - started, error: reason };
  }
  return { status, body, durationMs: Date.now() - started, ...judgeAnswer(state, push.target, status, body) };
}

/** Delivers the identical request `times` times in a row, as WeChat's retries do. */
export async function deliver(state: SimState, push: SealedPush, plaintext: string, times = 1): Promise<PushResult[]> {
  const results: PushResult[] = [];
  for (let i = 0; i < times; i += 1) results.push(await deliverOnce(state, push));
  const appid = push.target.kind === 'account' ? push.target.appid : state.component.appid;
  state.recordPush({ target: push.target.kind, appid, plaintext, results });
  return results;
}

function judgeAnswer(state: SimState, target: PushTarget, status: number, body: string): { reply?: DecryptedReply; error?: string } {
  if (status !== 200) return { error: `HTTP ${status}` };
  const text = body.trim();
  if (target.kind === 'component') return text === 'success' ? {} : { error: `expected "success", got ${JSON.stringify(text.slice(0, 80))}` };
  if (text === '' || text === 'success') return {};
  let outer;
  try {
    outer = parseXml(text).fields;
  } catch {
    return { error: 'reply is neither "success", empty, nor XML' };
  }
  const encrypt = textField(outer, 'Encrypt');
  if (encrypt === undefined) return { error: 'reply is not encrypted (a third-party platform must answer in security mode)' };
  const signature = textField(outer, 'MsgSignature');
  const timestamp = textField(outer, 'TimeStamp');
  const nonce = textField(outer, 'Nonce');
  if (!signature || !timestamp || !nonce) return { error: 'encrypted reply lacks MsgSignature, TimeStamp or Nonce' };
  let xml: string;
  try {
    xml = state.crypt.open(encrypt, timestamp, nonce, signature);
  } catch (error) {
    return { error: `encrypted reply rejected: ${error instanceof Error ? error.message : String(error)}` };
  }
  let fields;
  try {
    fields = parseXml(xml).fields;
  } catch {
    return { error: 'decrypted reply is not XML' };
  }
  const reply: DecryptedReply = { xml, fields, shown: shownOf(fields) };
  if (textField(fields, 'ToUserName') !== target.openid || textField(fields, 'FromUserName') !== target.originalId) {
    return { reply, error: 'reply ToUserName/FromUserName are not the follower and the account' };
  }
  if (!textField(fields, 'MsgType')) return { reply, error: 'reply has no MsgType' };
  return { reply };
}

/** A passive reply as the follower's chat shows it, for people reading POST /sim/push answers. */
function shownOf(fields: XmlObject): string {
  const type = textField(fields, 'MsgType') ?? '?';
  const inner = (name: string): XmlObject => {
    const v = fields[name];
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as XmlObject) : {};
  };
  switch (type) {
    case 'text':
      return `text: ${textField(fields, 'Content') ?? ''}`;
    case 'image':
    case 'voice':
      return `${type}: ${textField(inner(type === 'image' ? 'Image' : 'Voice'), 'MediaId') ?? ''}`;
    case 'video':
      return `video: ${textField(inner('Video'), 'MediaId') ?? ''}`;
    case 'news': {
      const items = inner('Articles')['item'];
      const first = (Array.isArray(items) ? items[0] : items) as XmlObject | undefined;
      return `news: ${first ? `${textField(first, 'Title') ?? ''} ${textField(first, 'Url') ?? ''}`.trim() : ''}`;
    }
    default:
      return type;
  }
}
