/**
 * What WeChat's data cube answered for a span → the wxm_dailystat rows to write: one per day and user_source
 * (new, cancelled, net), and one all-sources row per day (user_source -1: the day's sums and the cumulative count),
 * each a create-or-update by the alternate key (account, day, source), so fetching a day again updates it.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/use-upsert-insert-update-record
 */
import { DailyStat, EntitySets } from '@wxm/solution/schema';
import { alternateKey, lookupKey } from '../../dataverse/keys.js';
import type { WriteOperation } from '../../dataverse/types.js';
import type { UserCumulateRow, UserSummaryRow } from '../../wechat/official-account/datacube.js';
import { accountRef, bind, requireGuid } from '../delivery/keys.js';
import { sourceName } from './sources.js';

const C = DailyStat.columns;
/** The all-sources row of a day (totals and the cumulative count). */
export const ALL_SOURCES = -1;

export function dailyStatKey(accountId: string, day: string, userSource: number): string {
  return alternateKey({ [lookupKey(C.OfficialAccountId)]: requireGuid('account id', accountId), [C.Day]: day, [C.UserSource]: userSource });
}

interface Figures {
  newUsers: number;
  cancelUsers: number;
  cumulateUsers?: number;
}

function upsert(accountId: string, day: string, source: number, f: Figures, fetchedOn: string): WriteOperation {
  return {
    kind: 'upsert',
    entitySet: EntitySets.DailyStat,
    key: dailyStatKey(accountId, day, source),
    data: {
      [C.Name]: `${day} · ${sourceName(source)}`,
      [bind(DailyStat.navigation.OfficialAccountId)]: accountRef(accountId),
      [C.Date]: day,
      [C.Day]: day,
      [C.UserSource]: source,
      [C.NewUsers]: f.newUsers,
      [C.CancelUsers]: f.cancelUsers,
      [C.NetUsers]: f.newUsers - f.cancelUsers,
      ...(f.cumulateUsers !== undefined && { [C.CumulateUsers]: f.cumulateUsers }),
      [C.FetchedOn]: fetchedOn,
    },
  };
}

/** Every day of `days` gets its all-sources row (also a day nobody followed or left: its cumulative still counts). */
export function dailyStatWrites(
  accountId: string,
  days: readonly string[],
  summary: readonly UserSummaryRow[],
  cumulate: readonly UserCumulateRow[],
  fetchedAt: number,
): WriteOperation[] {
  const fetchedOn = new Date(fetchedAt).toISOString();
  const writes: WriteOperation[] = [];
  for (const day of days) {
    const rows = summary.filter((r) => r.day === day && r.userSource !== ALL_SOURCES);
    // WeChat may list a source twice in a day (e.g. after a correction): the figures add up.
    const bySource = new Map<number, Figures>();
    for (const r of rows) {
      const was = bySource.get(r.userSource) ?? { newUsers: 0, cancelUsers: 0 };
      bySource.set(r.userSource, { newUsers: was.newUsers + r.newUsers, cancelUsers: was.cancelUsers + r.cancelUsers });
    }
    for (const [source, f] of [...bySource].sort(([a], [b]) => a - b)) writes.push(upsert(accountId, day, source, f, fetchedOn));
    const total = [...bySource.values()].reduce((t, f) => ({ newUsers: t.newUsers + f.newUsers, cancelUsers: t.cancelUsers + f.cancelUsers }), {
      newUsers: 0,
      cancelUsers: 0,
    });
    const cumulative = cumulate.find((c) => c.day === day)?.cumulateUsers;
    writes.push(upsert(accountId, day, ALL_SOURCES, { ...total, ...(cumulative !== undefined && { cumulateUsers: cumulative }) }, fetchedOn));
  }
  return writes;
}
