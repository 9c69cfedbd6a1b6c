/**
 * How many rows of a table match a filter, counted by Dataverse instead of read: `$apply=filter(…)/aggregate(<id>
 * with countdistinct as count)`. `$count=true` stops at 5,000 and RetrieveTotalRecordCount counts a whole table
 * (no filter, a snapshot up to a day old), so neither can say how many followers of one account still follow.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/aggregate-data
 *
 * Dataverse aggregates at most 50,000 rows (AggregateQueryRecordLimit, 0x8004E023). Past that the count is made in
 * ranges of `createdon`, as Microsoft's page suggests ("a date range"): the range of the matching rows (two `$top=1`
 * queries), halved wherever Dataverse refuses, so 1,000,000 rows take about 2 × 1,000,000 / 50,000 aggregates. A
 * second that still holds more than the limit (which no import can reach at Dataverse's write rates) is counted by
 * paging its ids. https://learn.microsoft.com/power-apps/developer/data-platform/fetchxml/aggregate-data#limitations
 */
import { DataverseError } from '../../dataverse/errors.js';
import type { DataverseOrg } from '../../dataverse/types.js';

/** AggregateQueryRecordLimit exceeded (-2147164125). */
export const AGGREGATE_LIMIT_CODE = '0x8004e023';

const CREATED = 'createdon';
const SECOND = 1000;

export interface CountTarget {
  entitySet: string;
  /** The table's primary key column (what countdistinct counts). */
  primaryId: string;
}

export interface CountReport {
  count: number;
  /** Aggregate queries sent, refused ones included. */
  aggregates: number;
  refused: number;
}

const refusedForSize = (e: unknown) => e instanceof DataverseError && e.code.toLowerCase() === AGGREGATE_LIMIT_CODE;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export async function countRows(org: DataverseOrg, target: CountTarget, filter: string): Promise<number> {
  return (await countRowsReport(org, target, filter)).count;
}

export async function countRowsReport(org: DataverseOrg, target: CountTarget, filter: string): Promise<CountReport> {
  const report: CountReport = { count: 0, aggregates: 0, refused: 0 };
  const aggregate = async (f: string): Promise<number | undefined> => {
    report.aggregates += 1;
    try {
      const [row] = await org.retrieveMultiple(target.entitySet, { apply: `filter(${f})/aggregate(${target.primaryId} with countdistinct as count)` });
      return Number(row?.count ?? 0);
    } catch (e) {
      if (!refusedForSize(e)) throw e;
      report.refused += 1;
      return undefined;
    }
  };
  const whole = await aggregate(filter);
  if (whole !== undefined) return { ...report, count: whole };
  const edge = async (dir: 'asc' | 'desc') => {
    const [row] = await org.retrieveMultiple(target.entitySet, { select: [CREATED], filter, orderBy: [`${CREATED} ${dir}`], top: 1 });
    return Date.parse(String(row?.[CREATED] ?? ''));
  };
  const first = await edge('asc');
  const last = await edge('desc');
  if (Number.isNaN(first) || Number.isNaN(last))
    throw new DataverseError('invalid', 0, 'NoCreatedOn', `Rows of ${target.entitySet} without createdon cannot be counted in ranges.`);
  // [from, to) in whole seconds: createdon is stored to the second.
  const ranges: [number, number][] = [[Math.floor(first / SECOND) * SECOND, Math.floor(last / SECOND) * SECOND + SECOND]];
  while (ranges.length > 0) {
    const [from, to] = ranges.pop()!;
    const inRange = `(${filter}) and ${CREATED} ge ${iso(from)} and ${CREATED} lt ${iso(to)}`;
    const n = await aggregate(inRange);
    if (n !== undefined) report.count += n;
    else if (to - from <= SECOND) report.count += await pagedCount(org, target, inRange);
    else {
      const middle = from + Math.ceil((to - from) / 2 / SECOND) * SECOND;
      ranges.push([middle, to], [from, middle]);
    }
  }
  return report;
}

/** The rare second with more rows than an aggregate may count: its ids, page by page (5,000 a page). */
async function pagedCount(org: DataverseOrg, target: CountTarget, filter: string): Promise<number> {
  let count = 0;
  let after: string | undefined;
  for (;;) {
    const rows = await org.retrieveMultiple(target.entitySet, {
      select: [target.primaryId],
      filter: after ? `(${filter}) and ${target.primaryId} gt ${after}` : filter,
      orderBy: [`${target.primaryId} asc`],
      top: 5000,
    });
    count += rows.length;
    if (rows.length < 5000) return count;
    after = String(rows.at(-1)?.[target.primaryId]);
  }
}
