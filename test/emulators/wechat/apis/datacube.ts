/**
 * The data cube's follower APIs (用户分析数据接口, permission set 2) over the simulated follower history
 * (datacube-history.ts), with WeChat's refusals: 61500 for a date that is not yyyy-MM-dd, 61501 for a range that
 * ends before it begins, spans more than 7 days, starts before 2014-12-01 or ends today or later (Beijing time).
 * Yesterday is left out of the answer until 08:00 Beijing, when WeChat has finished counting it.
 * https://developers.weixin.qq.com/doc/offiaccount/Analytics/User_Analysis_Data_Interface.html
 * https://developers.weixin.qq.com/doc/service/en/api/wedata/user/api_getusersummary
 * https://developers.weixin.qq.com/doc/service/en/api/wedata/user/api_getusercumulate
 */
import { WechatApiError } from '../errors.js';
import { cumulativeAt, dayFigures } from './datacube-history.js';
import type { ApiContext, ApiSpec } from './registry.js';

export const DATE_FORMAT_ERROR = 61500;
export const DATE_RANGE_ERROR = 61501;
const MAX_SPAN_DAYS = 7;
const FIRST_DAY = '2014-12-01';
const READY_HOUR_BEIJING = 8;
const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;

function isDay(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

const dayAt = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The days asked for and answered (ready ones only), or WeChat's refusal. */
function span(ctx: ApiContext): string[] {
  const body = ctx.json();
  const begin = body.begin_date;
  const end = body.end_date;
  if (!isDay(begin) || !isDay(end)) throw new WechatApiError(DATE_FORMAT_ERROR, 'date format error');
  const from = Date.parse(`${begin}T00:00:00Z`);
  const to = Date.parse(`${end}T00:00:00Z`);
  const now = ctx.state.clock.now() + BEIJING_MS; // Beijing wall clock as UTC fields
  const today = dayAt(now);
  if (to < from || (to - from) / DAY_MS + 1 > MAX_SPAN_DAYS || begin < FIRST_DAY || end >= today) {
    throw new WechatApiError(DATE_RANGE_ERROR, 'date range error');
  }
  const lastReady = new Date(now).getUTCHours() >= READY_HOUR_BEIJING ? dayAt(now - DAY_MS) : dayAt(now - 2 * DAY_MS);
  const days: string[] = [];
  for (let t = from; t <= to; t += DAY_MS) if (dayAt(t) <= lastReady) days.push(dayAt(t));
  return days;
}

export const datacubeApis: ApiSpec[] = [
  {
    api: 'datacube/getusersummary',
    auth: 'authorizer',
    scope: 2,
    handle(ctx) {
      const list = span(ctx).flatMap((day) =>
        [...dayFigures(ctx.account, day)]
          .sort(([a], [b]) => a - b)
          .map(([source, f]) => ({ ref_date: day, user_source: source, new_user: f.newUsers, cancel_user: f.cancelUsers })),
      );
      return { list };
    },
  },
  {
    api: 'datacube/getusercumulate',
    auth: 'authorizer',
    scope: 2,
    handle(ctx) {
      return { list: span(ctx).map((day) => ({ ref_date: day, user_source: 0, cumulate_user: cumulativeAt(ctx.account, day) })) };
    },
  },
];
