/**
 * Daily API call quotas per account (or per component for component APIs): over the limit → 45009 until the next
 * day (Beijing time) or a clear_quota.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/API_Call_Limits.html
 * https://developers.weixin.qq.com/doc/offiaccount/openApi/clear_quota.html
 */
import type { SimClock } from '../types.js';

/** A few of WeChat's published daily limits; APIs not listed are unlimited unless a test sets a limit. */
export const DEFAULT_DAILY_QUOTAS: Readonly<Record<string, number>> = {
  'message/custom/send': 500_000,
  'message/template/send': 100_000,
  'message/mass/sendall': 100,
  'message/mass/send': 100,
  'user/info': 500_000,
  'user/get': 500,
  'qrcode/create': 100_000,
  'menu/create': 1_000,
  'media/upload': 100_000,
  'component/api_component_token': 2_000,
};

/** clear_quota may be used 10 times a month per account. */
export const CLEAR_QUOTA_PER_MONTH = 10;

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

export function beijingDay(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

export class QuotaBook {
  private readonly limits: Map<string, number>;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly clock: SimClock,
    overrides: Record<string, number> = {},
  ) {
    this.limits = new Map(Object.entries({ ...DEFAULT_DAILY_QUOTAS, ...overrides }));
  }

  setLimit(api: string, limit: number | null): void {
    if (limit === null) this.limits.delete(api);
    else this.limits.set(api, limit);
  }

  limitOf(api: string): number | undefined {
    return this.limits.get(api);
  }

  /** Counts one call; false when the owner already reached today's limit for the API (the call is not counted). */
  take(owner: string, api: string): boolean {
    const limit = this.limits.get(api);
    const key = `${beijingDay(this.clock.now())}|${owner}|${api}`;
    const used = this.counts.get(key) ?? 0;
    if (limit !== undefined && used >= limit) return false;
    this.counts.set(key, used + 1);
    return true;
  }

  used(owner: string, api: string): number {
    return this.counts.get(`${beijingDay(this.clock.now())}|${owner}|${api}`) ?? 0;
  }

  /** clear_quota: today's counters of the owner go back to zero. */
  clear(owner: string): void {
    const prefix = `${beijingDay(this.clock.now())}|${owner}|`;
    for (const key of [...this.counts.keys()]) if (key.startsWith(prefix)) this.counts.delete(key);
  }
}
