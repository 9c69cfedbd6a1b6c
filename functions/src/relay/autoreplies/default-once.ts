/**
 * "At most once per period" of a default reply, across every relay instance: the first instance to answer a
 * follower in a period claims `autoreply-default|<appid>|<openid>` in the shared key-value store (putIfAbsent, a
 * Table insert: only one instance wins; the entry expires with the period). The claim holds the push it answered,
 * so WeChat's retry of that push (its answer was lost, or the envelope write failed) is answered again, wherever it
 * lands. Only a default reply comes here: every other answer stays free of storage calls. A store that does not
 * answer in time costs the follower this default reply, never the message (the callback still answers `success`).
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
import type { KeyValueStore } from '../ports/storage.js';

export interface DefaultClaim {
  /** This push may be answered with the default reply. */
  allowed: boolean;
  /** The push that holds the period and when it was answered (remembered by the instance). */
  holder: { at: number; key: string };
}

/** Wait no longer than this for the store (the callback answers within WeChat's 5 s; the reply is not worth more). */
export const DEFAULT_CLAIM_TIMEOUT_MS = 800;

export async function claimDefaultReply(
  kv: KeyValueStore,
  appid: string,
  openid: string,
  dedupeKey: string,
  periodMs: number,
  now: number,
): Promise<DefaultClaim> {
  const key = `autoreply-default|${appid}|${openid}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await kv.putIfAbsent(key, `${now}|${dedupeKey}`, now + periodMs)) return { allowed: true, holder: { at: now, key: dedupeKey } };
    const held = await kv.get(key);
    // Expired between the two calls: claim again (once).
    if (held === undefined) continue;
    const bar = held.indexOf('|');
    const holder = { at: Number(held.slice(0, bar)) || now, key: held.slice(bar + 1) };
    return { allowed: holder.key === dedupeKey, holder };
  }
  return { allowed: false, holder: { at: now, key: '' } };
}

/** The claim, or `undefined` when the store did not answer within `timeoutMs` (or failed). */
export async function claimWithin(timeoutMs: number, claim: () => Promise<DefaultClaim>): Promise<DefaultClaim | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    return await Promise.race([claim().catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}
