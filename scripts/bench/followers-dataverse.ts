/**
 * bench:followers' Dataverse: the emulator in its own process (the sync, the gateway and the WeChat simulator run
 * in the parent), so the two sides of the wire use the machine's two cores as two real services would. Started by
 * followers.ts through fork(); says where it listens and the account row it seeded, then answers 'report' with
 * what it stored and charged (rows, distinct openids, pairings, writes, reads, requests, $batch fill) and exits on
 * 'close'.
 */
import { AccountStatus, EntitySets, Follower, OfficialAccount, schema } from '@wxm/solution/schema';
import { startDataverseEmulator, type Limits } from '../../test/emulators/dataverse/index.js';
import { batchFill, operations } from './delivery-bound.js';

export interface DataverseReady {
  url: string;
  loginBase: string;
  tenantId: string;
  organizationId: string;
  clientId: string;
  clientSecret: string;
  officialAccountId: string;
}

export interface DataverseReport {
  rows: number;
  unique: number;
  writes: number;
  reads: number;
  batches: number;
  meanBatch: number;
  maxBatch: number;
  throttled: number;
  /** Web API requests answered so far (a $batch is one). */
  requests: number;
  /** Follower–tag pairings stored (the intersect table's rows). */
  pairs: number;
  /** CPU seconds this process used (user + system). */
  cpuSeconds: number;
}

const { limits, latencyMs } = JSON.parse(process.argv[2] ?? '{}') as { limits: Limits; latencyMs: number };
const dv = await startDataverseEmulator({ schema, latencyMs });
dv.setLimits(limits);
const officialAccountId = dv.insert(EntitySets.OfficialAccount, {
  [OfficialAccount.columns.AppId]: process.argv[3] ?? 'wx0000000000000000',
  [OfficialAccount.columns.Name]: 'Bench account',
  [OfficialAccount.columns.AccountStatus]: AccountStatus.Authorized,
});
const ready: DataverseReady = {
  url: dv.url,
  loginBase: dv.loginBase,
  tenantId: dv.tenantId,
  organizationId: dv.organizationId,
  clientId: dv.defaultUser.clientId,
  clientSecret: dv.defaultUser.clientSecret ?? '',
  officialAccountId,
};
process.send?.({ ready });

process.on('message', (message: { cmd: 'report' | 'close' }) => {
  if (message.cmd === 'close') {
    void dv.close().then(() => process.exit(0)); // process.exit writes a --cpu-prof profile too
    return;
  }
  const log = dv.requestLog();
  const rows = dv.rows(EntitySets.Follower);
  const ops = operations(log);
  const fill = batchFill(log);
  const report: DataverseReport = {
    rows: rows.length,
    unique: new Set(rows.map((r) => r[Follower.columns.OpenId])).size,
    writes: ops.writes,
    reads: ops.reads,
    batches: fill.batches,
    meanBatch: fill.mean,
    maxBatch: fill.max,
    throttled: log.filter((e) => e.status === 429).length,
    requests: log.length,
    pairs: dv.rows('wxm_follower_tag').length,
    cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
  };
  process.send?.({ report });
});
