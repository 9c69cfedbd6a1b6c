/**
 * Daily follower figures of one account, fetched after WeChat has counted them (08:00 Beijing) and back-filled:
 * the last day written is remembered per account (shared key-value store), so a timer that missed a week fetches
 * that week next time, in spans of at most 7 days (getusersummary + getusercumulate each), and a day already
 * written is written again only by an explicit re-fetch (the rows are upserts by key, so that only updates them).
 * A span is remembered only after its rows are in Dataverse: a crash repeats a span, never skips one. A run does
 * at most `maxSpans` spans (bounded cost per timer tick); what is left waits for the next tick.
 * https://developers.weixin.qq.com/doc/offiaccount/Analytics/User_Analysis_Data_Interface.html
 */
import type { DataverseOrg } from '../../dataverse/types.js';
import type { TokenSource } from '../../wechat/api/types.js';
import { WechatApiError } from '../../wechat/index.js';
import { addDays, DATACUBE_FIRST_DAY, DATACUBE_MAX_DAYS, latestReadyDay, type DatacubeApi } from '../../wechat/official-account/datacube.js';
import type { KeyValueStore } from '../ports/storage.js';
import { dailyStatWrites } from './daily-rows.js';

export interface FetchDailyDeps {
  datacube: DatacubeApi;
  token: TokenSource;
  org: DataverseOrg;
  checkpoints: KeyValueStore;
  now: () => number;
  /** Days fetched the first time an account is seen (default 7: one span). */
  firstRunDays?: number;
  /** Spans per run (default 5: five weeks of back-fill). */
  maxSpans?: number;
}

export type FetchDailyOutcome =
  | { kind: 'up-to-date'; lastDay: string }
  | { kind: 'fetched'; from: string; to: string; spans: number; rows: number; more: boolean }
  | { kind: 'stopped'; lastDay: string | undefined; errcode: number; reason: string };

export const dailyStatCheckpointKey = (appid: string): string => `dailystat|${appid}`;

/** The last day written for the account, if any. */
export async function lastFetchedDay(store: KeyValueStore, appid: string): Promise<string | undefined> {
  const raw = await store.get(dailyStatCheckpointKey(appid));
  return raw ? (JSON.parse(raw) as { lastDay: string }).lastDay : undefined;
}

/** Consecutive spans of at most 7 days covering first..last. */
export function spans(first: string, last: string, limit: number): { begin: string; end: string }[] {
  const out: { begin: string; end: string }[] = [];
  for (let begin = first; begin <= last && out.length < limit; begin = addDays(begin, DATACUBE_MAX_DAYS)) {
    const end = addDays(begin, DATACUBE_MAX_DAYS - 1);
    out.push({ begin, end: end < last ? end : last });
  }
  return out;
}

function daysOf(begin: string, end: string): string[] {
  const days: string[] = [];
  for (let d = begin; d <= end; d = addDays(d, 1)) days.push(d);
  return days;
}

/** Fetches the account's missing days up to the latest ready one. */
export async function fetchDailyStats(appid: string, accountId: string, deps: FetchDailyDeps): Promise<FetchDailyOutcome> {
  const now = deps.now();
  const ready = latestReadyDay(now);
  const last = await lastFetchedDay(deps.checkpoints, appid);
  const firstDays = Math.max(1, deps.firstRunDays ?? DATACUBE_MAX_DAYS);
  let first = last ? addDays(last, 1) : addDays(ready, 1 - firstDays);
  if (first < DATACUBE_FIRST_DAY) first = DATACUBE_FIRST_DAY;
  if (first > ready) return { kind: 'up-to-date', lastDay: last ?? ready };
  return fetchDays(appid, accountId, first, ready, deps, last);
}

/** Fetches first..last again (the form or an operator asked for a re-fetch): rows update, the checkpoint only moves forward. */
export async function refetchDays(appid: string, accountId: string, first: string, last: string, deps: FetchDailyDeps): Promise<FetchDailyOutcome> {
  return fetchDays(appid, accountId, first, last, deps, await lastFetchedDay(deps.checkpoints, appid));
}

async function fetchDays(
  appid: string,
  accountId: string,
  first: string,
  last: string,
  deps: FetchDailyDeps,
  checkpoint: string | undefined,
): Promise<FetchDailyOutcome> {
  const planned = spans(first, last, Math.max(1, deps.maxSpans ?? 5));
  let rows = 0;
  let done = 0;
  let lastDay = checkpoint;
  for (const span of planned) {
    try {
      const now = deps.now();
      const [summary, cumulate] = await Promise.all([
        deps.datacube.getUserSummary(deps.token, span.begin, span.end, now),
        deps.datacube.getUserCumulate(deps.token, span.begin, span.end, now),
      ]);
      const writes = dailyStatWrites(accountId, daysOf(span.begin, span.end), summary, cumulate, now);
      const outcomes = await deps.org.submit(writes);
      const failed = outcomes.find((o) => !o.ok);
      if (failed && !failed.ok) throw new Error(`daily statistics write failed: ${failed.error.kind} ${failed.error.code}`);
      rows += writes.length;
      done += 1;
    } catch (err) {
      if (err instanceof WechatApiError && err.kind !== 'busy' && err.kind !== 'token-invalid') {
        // Quota (45009), a missing permission set (48001) or a refused range: waiting for the next tick is right;
        // what was written stays remembered.
        return { kind: 'stopped', lastDay, errcode: err.errcode, reason: `WeChat ${err.errcode}: ${err.en}\n微信 ${err.errcode}：${err.zh}` };
      }
      throw err; // network, token refresh, Dataverse: the next tick starts from the last remembered span
    }
    if (!lastDay || span.end > lastDay) {
      lastDay = span.end;
      await deps.checkpoints.put(dailyStatCheckpointKey(appid), JSON.stringify({ lastDay }));
    }
  }
  const to = planned.at(-1)?.end ?? last;
  return { kind: 'fetched', from: first, to, spans: done, rows, more: to < last };
}
