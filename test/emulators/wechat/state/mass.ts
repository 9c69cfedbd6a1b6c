/**
 * What the simulated WeChat keeps for mass sends (群发): per account, the clientmsgids used (45065 with the first
 * msg_id, 45066 within a minute), each follower's mass messages this calendar month (a service account's follower
 * receives at most 4; later sends are filtered for them), the days a subscription account sent (once a day), the
 * jobs (mass/get, mass/delete), sends held for an administrator's confirmation ("API 群发保护", 30 minutes), the
 * mass-send agreement (48003 until accepted; accepted by default), the calls of the last minute (60 a minute), and
 * the drafts made by draft/add.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import type { SimState } from './simulator-state.js';
import { beijingDay } from './quota.js';

export interface MassJob {
  msgId: number;
  appid: string;
  msgtype: string;
  /** Who it was addressed to (following or not). */
  addressed: string[];
  status: 'SENDING' | 'SEND_SUCCESS' | 'SEND_FAIL' | 'DELETE';
  /** Articles of an mpnews send (for the originality check in MASSSENDJOBFINISH). */
  articles: number;
  /** Set while "API 群发保护" holds it: when it was submitted (sim ms). */
  awaitingSince?: number;
}

export interface DraftRecord {
  mediaId: string;
  appid: string;
  articles: Array<{ title: string; content: string; thumbMediaId: string }>;
}

export interface AccountMass {
  clientMsgIds: Map<string, { msgId: number; at: number }>;
  /** openid → month (yyyy-mm, Beijing) and the mass messages received in it. */
  monthly: Map<string, { month: string; count: number }>;
  /** Beijing days a sendall of a subscription account went out. */
  sentDays: Set<string>;
  agreementAccepted: boolean;
  protection: boolean;
  /** When the account's sendall / send calls of the last minute came (60 a minute, 45011 beyond). */
  callTimes: number[];
}

export class MassBook {
  readonly accounts = new Map<string, AccountMass>();
  readonly jobs = new Map<number, MassJob>();
  readonly drafts = new Map<string, DraftRecord>();
  private seq = 1_000_010_000;

  of(appid: string): AccountMass {
    let a = this.accounts.get(appid);
    if (!a) {
      a = { clientMsgIds: new Map(), monthly: new Map(), sentDays: new Set(), agreementAccepted: true, protection: false, callTimes: [] };
      this.accounts.set(appid, a);
    }
    return a;
  }

  nextMsgId(): number {
    this.seq += 1;
    return this.seq;
  }

  /** Mass messages the follower received in the month of `nowMs` (Beijing time). */
  receivedThisMonth(appid: string, openid: string, nowMs: number): number {
    const entry = this.of(appid).monthly.get(openid);
    return entry && entry.month === beijingMonth(nowMs) ? entry.count : 0;
  }

  received(appid: string, openid: string, nowMs: number): void {
    const month = beijingMonth(nowMs);
    const monthly = this.of(appid).monthly;
    const entry = monthly.get(openid);
    monthly.set(openid, { month, count: entry && entry.month === month ? entry.count + 1 : 1 });
  }
}

/** yyyy-mm in Beijing time (UTC+8, no daylight saving). */
export function beijingMonth(ms: number): string {
  return beijingDay(ms).slice(0, 7);
}

const books = new WeakMap<SimState, MassBook>();

export function massBook(state: SimState): MassBook {
  let book = books.get(state);
  if (!book) {
    book = new MassBook();
    books.set(state, book);
  }
  return book;
}
