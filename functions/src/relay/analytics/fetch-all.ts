/**
 * The analytics timer's work: every authorized Official Account bound to a connected Signed Service gets its
 * missing days fetched (fetch-daily.ts), each into its own org through its own binding; one account failing
 * never stops the others. Accounts without permission set 2 (user management, which the data cube needs) are
 * skipped without a call.
 * https://developers.weixin.qq.com/doc/offiaccount/Analytics/User_Analysis_Data_Interface.html
 */
import type { TokenSource } from '../../wechat/api/types.js';
import type { DatacubeApi } from '../../wechat/official-account/datacube.js';
import type { AccountBindings } from '../ports/bindings.js';
import type { Logger } from '../ports/logger.js';
import type { AuthorizerRegistry, KeyValueStore } from '../ports/storage.js';
import { fetchDailyStats, type FetchDailyOutcome } from './fetch-daily.js';

/** 用户管理: followers, tags and the data cube. */
const USER_MANAGEMENT = 2;

export interface FetchAllDeps {
  authorizers: AuthorizerRegistry;
  bindings: AccountBindings;
  datacube: DatacubeApi;
  tokenFor(appid: string): TokenSource;
  checkpoints: KeyValueStore;
  now: () => number;
  logger: Logger;
}

export interface FetchAllReport {
  fetched: number;
  upToDate: number;
  stopped: number;
  failed: number;
  skipped: number;
}

export async function fetchAllDailyStats(deps: FetchAllDeps): Promise<FetchAllReport> {
  const report: FetchAllReport = { fetched: 0, upToDate: 0, stopped: 0, failed: 0, skipped: 0 };
  for (const record of await deps.authorizers.list()) {
    if (record.status !== 'authorized' || record.isMiniProgram || !record.funcScopes.includes(USER_MANAGEMENT)) {
      report.skipped += 1;
      continue;
    }
    const bound = await deps.bindings.resolve(record.appid);
    if (!bound) {
      report.skipped += 1;
      continue;
    }
    let outcome: FetchDailyOutcome;
    try {
      outcome = await fetchDailyStats(record.appid, bound.officialAccountId, {
        datacube: deps.datacube,
        token: deps.tokenFor(record.appid),
        org: bound.org,
        checkpoints: deps.checkpoints,
        now: deps.now,
      });
    } catch (err) {
      report.failed += 1;
      deps.logger.warn('daily statistics not fetched; the next run retries', {
        authorizerAppid: record.appid,
        error: err instanceof Error ? err.name : 'unknown',
      });
      continue;
    }
    if (outcome.kind === 'fetched') report.fetched += 1;
    else if (outcome.kind === 'up-to-date') report.upToDate += 1;
    else {
      report.stopped += 1;
      deps.logger.warn('daily statistics stopped by WeChat', { authorizerAppid: record.appid, errcode: outcome.errcode });
    }
  }
  return report;
}
