/**
 * Per-follower marks of an active push in the relay's shared store, so an interrupted push resumes without anyone
 * getting it twice. message/custom/send has no idempotency key (unlike mass sends' clientmsgid), so the mark is
 * written before the call and again after it:
 * - claimed with putIfAbsent before the call (two workers never both call for one follower);
 * - `sent` once WeChat accepted;
 * - a claim left without `sent` (the relay stopped during the call) is an unknown outcome: never called again.
 * A call WeChat refused removes the claim: nothing was delivered, so a resumed push may try that follower again.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 */
import type { KeyValueStore } from '../ports/storage.js';

const SENDING = 'sending';
const SENT = 'sent';
/** Longer than any resume (the timer looks every minute; a stopped worker's lease lasts 30 minutes). */
const MARK_TTL_MS = 7 * 24 * 3600_000;

export type PushMark = 'sent' | 'unknown' | undefined;

export class PushMarks {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly push: string,
    private readonly now: () => number,
  ) {}

  private key(openid: string): string {
    return `push-mark|${this.push}|${openid}`;
  }

  /** What an earlier run of this push did for the follower. */
  async of(openid: string): Promise<PushMark> {
    const mark = await this.kv.get(this.key(openid));
    return mark === SENT ? 'sent' : mark === undefined ? undefined : 'unknown';
  }

  /** Claims the follower before the call; false when another run claimed (or sent to) them first. */
  claim(openid: string): Promise<boolean> {
    return this.kv.putIfAbsent(this.key(openid), SENDING, this.now() + MARK_TTL_MS);
  }

  sent(openid: string): Promise<void> {
    return this.kv.put(this.key(openid), SENT, this.now() + MARK_TTL_MS);
  }

  /** WeChat refused the call: nothing was delivered. */
  refused(openid: string): Promise<void> {
    return this.kv.delete(this.key(openid));
  }
}
