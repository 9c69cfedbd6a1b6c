/**
 * The simulated follower history the data cube answers from. Follows come from the followers themselves (each
 * follower's subscribe_time and subscribe_scene: generated rosters by index, stored followers as they stand);
 * unfollows and any other past figures are recorded per day and source (a follower object does not remember
 * when it left). A day's cumulative count is every follow minus every unfollow up to the end of that day.
 * https://developers.weixin.qq.com/doc/offiaccount/Analytics/User_Analysis_Data_Interface.html
 */
import type { SimAccount } from '../state/accounts.js';
import { generatedFollower, generatedIndex, rosterSize } from '../state/follower-roster.js';

export interface DayFigures {
  newUsers: number;
  cancelUsers: number;
}

const BEIJING_S = 8 * 3600;
const DAY_S = 86_400;
const recorded = new WeakMap<SimAccount, Map<string, Map<number, DayFigures>>>();

/** user_source as WeChat counts it, from the subscribe_scene user/info reports. */
const SOURCE_OF_SCENE: Readonly<Record<string, number>> = {
  ADD_SCENE_SEARCH: 1,
  ADD_SCENE_PROFILE_CARD: 17,
  ADD_SCENE_QR_CODE: 30,
  ADD_SCENE_PROFILE_ITEM: 43,
  ADD_SCENE_PAID: 51,
  ADD_SCENE_PROFILE_LINK: 57,
};

export function userSourceOf(scene: string): number {
  return SOURCE_OF_SCENE[scene] ?? 0;
}

/** The Beijing calendar day of a WeChat time (seconds). */
export function dayOf(seconds: number): string {
  return new Date((seconds + BEIJING_S) * 1000).toISOString().slice(0, 10);
}

/** Seconds at 00:00 Beijing of `day`. */
function startOf(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 1000 - BEIJING_S;
}

/** Adds figures to a day and source (tests and the sandbox give an account a past). */
export function recordFollowerHistory(account: SimAccount, day: string, userSource: number, figures: Partial<DayFigures>): void {
  const days = recorded.get(account) ?? new Map<string, Map<number, DayFigures>>();
  recorded.set(account, days);
  const sources = days.get(day) ?? new Map<number, DayFigures>();
  days.set(day, sources);
  const f = sources.get(userSource) ?? { newUsers: 0, cancelUsers: 0 };
  sources.set(userSource, { newUsers: f.newUsers + (figures.newUsers ?? 0), cancelUsers: f.cancelUsers + (figures.cancelUsers ?? 0) });
}

/** A day's figures by user_source (sources with nothing that day are absent, as WeChat leaves them out). */
export function dayFigures(account: SimAccount, day: string): Map<number, DayFigures> {
  const out = new Map<number, DayFigures>();
  const add = (source: number, f: DayFigures) => {
    const was = out.get(source) ?? { newUsers: 0, cancelUsers: 0 };
    out.set(source, { newUsers: was.newUsers + f.newUsers, cancelUsers: was.cancelUsers + f.cancelUsers });
  };
  const from = startOf(day);
  const to = from + DAY_S;
  forEachFollow(account, from, to, (scene) => add(userSourceOf(scene), { newUsers: 1, cancelUsers: 0 }));
  for (const [source, f] of recorded.get(account)?.get(day) ?? []) add(source, f);
  return out;
}

/** Followers at the end of `day`. */
export function cumulativeAt(account: SimAccount, day: string): number {
  let total = followsBefore(account, startOf(day) + DAY_S);
  for (const [d, sources] of recorded.get(account) ?? []) {
    if (d > day) continue;
    for (const f of sources.values()) total += f.newUsers - f.cancelUsers;
  }
  return Math.max(0, total);
}

/** Generated follower i followed at first + i seconds: the index range [lo, hi) followed inside [from, to). */
function generatedRange(account: SimAccount, from: number, to: number): { lo: number; hi: number } {
  const count = rosterSize(account);
  if (count === 0) return { lo: 0, hi: 0 };
  const first = generatedFollower(account, 0).subscribeTime;
  return { lo: Math.min(count, Math.max(0, Math.ceil(from - first))), hi: Math.min(count, Math.max(0, Math.ceil(to - first))) };
}

/** Follows before `to`, counted without visiting a million generated followers one by one. */
function followsBefore(account: SimAccount, to: number): number {
  const { hi } = generatedRange(account, Number.NEGATIVE_INFINITY, to);
  let total = hi;
  for (const f of account.followers.values()) {
    const index = generatedIndex(account, f.openid);
    if (index !== undefined && index < hi) total -= 1; // the stored object replaces the generated one
    if (f.subscribeTime < to) total += 1;
  }
  return total;
}

/** Calls `fn(scene)` for each follow with from ≤ subscribe_time < to: generated followers by index, then stored ones. */
function forEachFollow(account: SimAccount, from: number, to: number, fn: (scene: string) => void): void {
  const { lo, hi } = generatedRange(account, from, to);
  for (let i = lo; i < hi; i++) {
    const generated = generatedFollower(account, i);
    if (!account.followers.has(generated.openid)) fn(generated.subscribeScene); // a stored follower is counted below
  }
  for (const f of account.followers.values()) if (f.subscribeTime >= from && f.subscribeTime < to) fn(f.subscribeScene);
}
