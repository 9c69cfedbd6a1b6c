/**
 * WeChat's data cube for follower figures (用户分析数据接口), called with the authorizer's token (permission set 2).
 * Both APIs take a span of at most 7 days (begin_date..end_date inclusive, yyyy-MM-dd, Beijing days) ending at
 * yesterday at the latest; data exists from 2014-12-01, and yesterday's figures are final after 08:00 Beijing time.
 * The limits are checked here, before WeChat is called: a span WeChat would refuse (61500 date format, 61501 date
 * range) is a DatacubeSpanError, never a request.
 * https://developers.weixin.qq.com/doc/offiaccount/Analytics/User_Analysis_Data_Interface.html
 * https://developers.weixin.qq.com/doc/service/en/api/wedata/user/api_getusersummary
 * https://developers.weixin.qq.com/doc/service/en/api/wedata/user/api_getusercumulate
 */
import type { TokenSource, WechatApiClient } from '../api/types.js';

/** The longest span one call may cover, in days. */
export const DATACUBE_MAX_DAYS = 7;
/** The first day WeChat keeps data for. */
export const DATACUBE_FIRST_DAY = '2014-12-01';
/** Yesterday's figures are ready after this hour, Beijing time. */
export const DATACUBE_READY_HOUR_BEIJING = 8;
/** WeChat's errcodes for a bad date and a bad range. */
export const DATE_FORMAT_ERROR = 61500;
export const DATE_RANGE_ERROR = 61501;

const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** One row of getusersummary: one day and one user_source. */
export interface UserSummaryRow {
  day: string;
  userSource: number;
  newUsers: number;
  cancelUsers: number;
}

/** One row of getusercumulate: followers at the end of the day. */
export interface UserCumulateRow {
  day: string;
  cumulateUsers: number;
}

export interface DatacubeApi {
  getUserSummary(token: TokenSource, beginDay: string, endDay: string, now: number): Promise<UserSummaryRow[]>;
  getUserCumulate(token: TokenSource, beginDay: string, endDay: string, now: number): Promise<UserCumulateRow[]>;
}

/** A span WeChat would refuse; `errcode` is what WeChat would have answered. */
export class DatacubeSpanError extends Error {
  constructor(
    readonly errcode: typeof DATE_FORMAT_ERROR | typeof DATE_RANGE_ERROR,
    message: string,
  ) {
    super(message);
    this.name = 'DatacubeSpanError';
  }
}

/** The Beijing calendar day of an instant, yyyy-MM-dd. */
export function beijingDay(ms: number): string {
  return new Date(ms + BEIJING_MS).toISOString().slice(0, 10);
}

/** `day` moved by `days` calendar days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** The latest day whose figures are final at `now`: yesterday after 08:00 Beijing, the day before yesterday until then. */
export function latestReadyDay(now: number): string {
  const hour = new Date(now + BEIJING_MS).getUTCHours();
  return addDays(beijingDay(now), hour >= DATACUBE_READY_HOUR_BEIJING ? -1 : -2);
}

function isDay(day: string): boolean {
  return DAY.test(day) && new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
}

/** Throws DatacubeSpanError for a span WeChat would refuse at `now`. */
export function checkSpan(beginDay: string, endDay: string, now: number): void {
  if (!isDay(beginDay) || !isDay(endDay))
    throw new DatacubeSpanError(DATE_FORMAT_ERROR, `dates must be yyyy-MM-dd (got ${beginDay.slice(0, 20)}..${endDay.slice(0, 20)})`);
  if (endDay < beginDay) throw new DatacubeSpanError(DATE_RANGE_ERROR, `end ${endDay} is before begin ${beginDay}`);
  if (daysBetween(beginDay, endDay) + 1 > DATACUBE_MAX_DAYS)
    throw new DatacubeSpanError(DATE_RANGE_ERROR, `${beginDay}..${endDay} spans more than ${DATACUBE_MAX_DAYS} days`);
  if (beginDay < DATACUBE_FIRST_DAY) throw new DatacubeSpanError(DATE_RANGE_ERROR, `WeChat keeps no data before ${DATACUBE_FIRST_DAY}`);
  if (endDay >= beijingDay(now)) throw new DatacubeSpanError(DATE_RANGE_ERROR, `${endDay} is today or later (Beijing time)`);
}

type Json = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const list = (r: Json): Json[] => (Array.isArray(r.list) ? (r.list.filter((x) => typeof x === 'object' && x !== null) as Json[]) : []);

export function createDatacubeApi(client: WechatApiClient): DatacubeApi {
  return {
    /** https://developers.weixin.qq.com/doc/service/en/api/wedata/user/api_getusersummary */
    async getUserSummary(token, beginDay, endDay, now) {
      checkSpan(beginDay, endDay, now);
      const r = await client.request<Json>({ method: 'POST', path: '/datacube/getusersummary', body: { begin_date: beginDay, end_date: endDay }, token });
      return list(r).map((row) => ({
        day: String(row.ref_date ?? ''),
        userSource: num(row.user_source),
        newUsers: num(row.new_user),
        cancelUsers: num(row.cancel_user),
      }));
    },

    /** https://developers.weixin.qq.com/doc/service/en/api/wedata/user/api_getusercumulate */
    async getUserCumulate(token, beginDay, endDay, now) {
      checkSpan(beginDay, endDay, now);
      const r = await client.request<Json>({ method: 'POST', path: '/datacube/getusercumulate', body: { begin_date: beginDay, end_date: endDay }, token });
      return list(r).map((row) => ({ day: String(row.ref_date ?? ''), cumulateUsers: num(row.cumulate_user) }));
    },
  };
}
