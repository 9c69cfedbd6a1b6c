/**
 * The queue message as the callback wrote it (relay/envelope.ts), checked before anything is done with it, and
 * the few values of the parsed XML that become keys (they go into URLs, so they must look like what WeChat sends).
 */
import type { AutoReplyRecord, InboundEnvelope } from '../envelope.js';
import type { InboundMessage, PassiveReply } from '../../wechat/index.js';
import { InvalidEnvelope } from './errors.js';

const APPID = /^[A-Za-z0-9_-]{1,64}$/;
/** openids are 28 characters of base64url today; allow some room, never quotes, slashes or spaces. */
const OPENID = /^[A-Za-z0-9_-]{1,64}$/;

export function parseEnvelope(message: unknown): InboundEnvelope {
  if (typeof message !== 'object' || message === null) throw new InvalidEnvelope('not a JSON object');
  const m = message as Record<string, unknown>;
  if (m['v'] !== 1) throw new InvalidEnvelope(`unknown version ${JSON.stringify(m['v'] ?? null).slice(0, 20)}`);
  const appid = m['authorizerAppid'];
  if (typeof appid !== 'string' || !APPID.test(appid)) throw new InvalidEnvelope('authorizerAppid missing or malformed');
  if (typeof m['dedupeKey'] !== 'string' || m['dedupeKey'] === '') throw new InvalidEnvelope('dedupeKey missing');
  if (typeof m['xml'] !== 'string' || m['xml'] === '') throw new InvalidEnvelope('xml missing');
  if (typeof m['receivedAt'] !== 'number' || !Number.isFinite(m['receivedAt'])) throw new InvalidEnvelope('receivedAt missing');
  const envelope: InboundEnvelope = { v: 1, authorizerAppid: appid, dedupeKey: m['dedupeKey'], xml: m['xml'], receivedAt: m['receivedAt'] };
  if (typeof m['retries'] === 'number' && Number.isInteger(m['retries']) && m['retries'] > 0) envelope.retries = m['retries'];
  const auto = autoReplyOf(m['autoReply']);
  if (auto) envelope.autoReply = auto;
  return envelope;
}

/** The auto reply the callback answered with, when it has the shape the callback writes (anything else is dropped). */
function autoReplyOf(value: unknown): AutoReplyRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const a = value as Record<string, unknown>;
  const reply = a['reply'] as Record<string, unknown> | undefined;
  if (typeof a['ruleId'] !== 'string' || typeof a['at'] !== 'number') return undefined;
  const card = a['card'] as Record<string, unknown> | undefined;
  if (typeof card === 'object' && card !== null) {
    const fields = ['title', 'appid', 'pagepath', 'thumbMediaId'] as const;
    if (!fields.every((f) => typeof card[f] === 'string')) return undefined;
    const [title, appid, pagepath, thumbMediaId] = fields.map((f) => card[f] as string) as [string, string, string, string];
    return { ruleId: a['ruleId'], at: a['at'], card: { title, appid, pagepath, thumbMediaId } };
  }
  if (typeof reply !== 'object' || reply === null) return undefined;
  const ok =
    (reply['type'] === 'text' && typeof reply['content'] === 'string') ||
    (reply['type'] === 'image' && typeof reply['mediaId'] === 'string') ||
    (reply['type'] === 'news' && Array.isArray(reply['articles']));
  return ok ? { ruleId: a['ruleId'], at: a['at'], reply: reply as unknown as PassiveReply } : undefined;
}

/** CreateTime in seconds; WeChat always sends it, but a malformed one falls back to when the relay received it. */
export function createTimeOf(msg: InboundMessage, receivedAt: number): number {
  return /^\d{1,12}$/.test(msg.createTime) ? Number(msg.createTime) : Math.floor(receivedAt / 1000);
}

/**
 * The follower a message belongs to: FromUserName, except on MASSSENDJOBFINISH, which reports on a mass send of
 * the account (its FromUserName is not a follower of it).
 */
export function followerOf(msg: InboundMessage): string | undefined {
  if (msg.kind === 'event' && msg.event === 'MASSSENDJOBFINISH') return undefined;
  if (!OPENID.test(msg.fromUserName)) throw new InvalidEnvelope('FromUserName is not an openid');
  return msg.fromUserName;
}
