/**
 * bench:followers' second and third phases, on the account the follower sync just filled: the tag sync
 * (relay/tags/tag-sync.ts) against its bound, then a sync where nothing changed, then the reach estimate of Everyone
 * (relay/tags/count-rows.ts) counted by Dataverse.
 *
 * The simulator's generated followers carry 星标组 (tag 2) on every third: after the follower sync their Tags columns
 * already say so, and the tag sync has to pair 1 in 3 followers with the tag's row. The bound: every pairing is one
 * write, and WeChat's members are looked up 250 openids a query (one read each), so
 *   bound time = max( (writes × writeMs + reads × readMs) ÷ execution time per second ,
 *                     (writes ÷ 1000 per $batch + reads) ÷ requests per second )
 * with the follower sync's last window still full: no first-window gift. The counts of pairings (aggregates) and
 * WeChat's pages are ours to pay, not the bound's.
 * https://learn.microsoft.com/power-apps/developer/data-platform/api-limits
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
import type { DataverseOrg } from '../../functions/src/dataverse/types.js';
import { relationsOf } from '../../functions/src/dataverse/relations.js';
import type { DataverseGateway } from '../../functions/src/dataverse/types.js';
import { createWechatApiClient } from '../../functions/src/wechat/api/client.js';
import { createTagsApi } from '../../functions/src/wechat/official-account/tags.js';
import { AesGcmSecretBox } from '../../functions/src/storage/secret-box.js';
import { systemClock } from '../../functions/src/kernel/clock.js';
import { syncTags, type TagSyncReport } from '../../functions/src/relay/tags/tag-sync.js';
import { OPENIDS_PER_QUERY } from '../../functions/src/relay/tags/tag-sync-members.js';
import { countRowsReport } from '../../functions/src/relay/tags/count-rows.js';
import { EntitySets, Follower } from '@wxm/solution/schema';
import { MemoryKeyValueStore } from '../../test/kit/storage/memory/memory-key-value-store.js';
import { MemorySignedServiceRegistry } from '../../test/kit/storage/memory/memory-signed-service-registry.js';
import type { Limits } from '../../test/emulators/dataverse/index.js';
import type { DataverseReport } from './followers-dataverse.js';

export interface TagPhase {
  org: DataverseOrg;
  gateway: DataverseGateway;
  organizationId: string;
  accountId: string;
  appid: string;
  wechatUrl: string;
  token: string;
  limits: Limits;
  report(): Promise<DataverseReport>;
}

const f1 = (n: number) => n.toFixed(1);
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function boundSeconds(limits: Limits, writes: number, reads: number): { seconds: number; byExecution: number; byRequests: number } {
  const costs = limits.costs ?? { writeMs: 0, readMs: 0 };
  const executionPerSecond = limits.executionTimeMs / (limits.windowMs / 1000);
  const requestsPerSecond = limits.requestsPerWindow / (limits.windowMs / 1000);
  const byExecution = (writes * costs.writeMs + reads * costs.readMs) / executionPerSecond;
  const byRequests = (Math.ceil(writes / 1000) + reads) / requestsPerSecond;
  return { seconds: Math.max(byExecution, byRequests, 0.001), byExecution, byRequests };
}

export async function tagPhases(p: TagPhase): Promise<boolean> {
  const api = createTagsApi(createWechatApiClient({ baseUrl: p.wechatUrl }));
  const tokenSource = { get: async () => p.token, invalidate: async () => undefined };
  const deps = {
    registry: new MemorySignedServiceRegistry(),
    gateway: p.gateway,
    secretBox: new AesGcmSecretBox(Buffer.alloc(32, 7).toString('base64')),
    wechat: { api, token: () => tokenSource },
    kv: new MemoryKeyValueStore(systemClock),
    clock: systemClock,
    logger: silent,
  };
  const access = {
    organizationId: p.organizationId,
    org: relationsOf(p.org),
    appidOf: async () => p.appid,
    relayUserId: async () => '',
  };
  const tags = await api.listTags(tokenSource);
  const members = tags.reduce((n, t) => n + t.count, 0);
  const lookups = tags.reduce((n, t) => n + Math.ceil(t.count / OPENIDS_PER_QUERY), 0);

  const run = async (): Promise<{ report: TagSyncReport; seconds: number; writes: number; reads: number; requests: number }> => {
    const before = await p.report();
    const started = Date.now();
    const report = await syncTags(access, p.appid, p.accountId, deps);
    const seconds = (Date.now() - started) / 1000;
    const after = await p.report();
    return { report, seconds, writes: after.writes - before.writes, reads: after.reads - before.reads, requests: after.requests - before.requests };
  };

  console.log(`Tag sync of the same account: ${tags.length} tags in WeChat, ${members.toLocaleString('en-US')} memberships (星标组 on every third follower)`);
  const first = await run();
  const bound = boundSeconds(p.limits, first.report.paired + first.report.tagsColumns, lookups);
  console.log(
    `  bound: ${first.report.paired + first.report.tagsColumns} writes (pairings and Tags columns) + ${lookups} reads (${OPENIDS_PER_QUERY} openids a query) → ` +
      `${f1(bound.byExecution)} s by execution time, ${f1(bound.byRequests)} s by requests`,
  );
  console.log(
    `  bound time: ${f1(bound.seconds)} s; ours: ${f1(first.seconds)} s → ratio ${(first.seconds / bound.seconds).toFixed(2)} (target ≤ 1.2); ` +
      `paired ${first.report.paired}, unpaired ${first.report.unpaired}, Tags columns ${first.report.tagsColumns}, not in Dataverse ${first.report.followersNotInDataverse}`,
  );
  console.log(`  charged ${first.writes} writes + ${first.reads} reads in ${first.requests} requests`);
  const pairs = (await p.report()).pairs;

  const again = await run();
  const steady = boundSeconds(p.limits, 0, lookups);
  console.log(
    `  nothing changed: ${f1(again.seconds)} s (bound ${f1(steady.seconds)} s, ratio ${(again.seconds / steady.seconds).toFixed(2)}); ` +
      `${again.writes} writes, ${again.reads} reads in ${again.requests} requests; paired ${again.report.paired}, unpaired ${again.report.unpaired}`,
  );

  const following = `_wxm_officialaccountid_value eq ${p.accountId} and ${Follower.columns.Subscribed} eq true`;
  const started = Date.now();
  const counted = await countRowsReport(p.org, { entitySet: EntitySets.Follower, primaryId: Follower.columns.Id }, following);
  const total = (await p.report()).rows;
  console.log(
    `Reach estimate of Everyone: ${counted.count.toLocaleString('en-US')} followers counted in ${f1((Date.now() - started) / 1000)} s by ${counted.aggregates} aggregates ` +
      `(${counted.refused} refused past 50,000 rows, then counted in createdon ranges${counted.refused > 0 ? ', whose ends took 2 one-row queries' : ''}); no follower row read`,
  );
  const starred = Math.ceil(total / 3);
  const exact = pairs === starred && again.report.paired === 0 && again.writes === 0 && counted.count === total;
  console.log(`  pairings: ${pairs} (every third of ${total} followers: ${starred}): ${exact ? 'exact' : 'MISMATCH'}`);
  return exact;
}
