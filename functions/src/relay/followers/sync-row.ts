/**
 * The follower sync as the account row shows it (wxm_officialaccount, columns under [followers]): the relay reads
 * the request and the state with the org's own application user, claims the row by its ETag before a run starts
 * (two triggers at once: the second update fails with 412 and starts nothing), and writes progress, a pause with
 * its resume time, completion or the failure reason after each step. None of these columns is in the webhook
 * step's filter, so the relay's own writes never hint the relay again.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api
 */
import { FollowerSyncState, OfficialAccount } from '@wxm/solution/schema';
import type { DataverseOrg, Row } from '../../dataverse/types.js';

const A = OfficialAccount.columns;
const SET = OfficialAccount.entitySetName;

export interface SyncRow {
  etag: string;
  state: number | undefined;
  requestedOn: number | undefined;
  startedOn: number | undefined;
  resumeOn: number | undefined;
}

const ms = (v: unknown): number | undefined => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? Date.parse(v) : undefined);
const iso = (at: number) => new Date(at).toISOString();

export async function readSyncRow(org: DataverseOrg, accountId: string): Promise<SyncRow | undefined> {
  const row = await org.retrieve(SET, accountId, [A.SyncState, A.SyncRequestedOn, A.SyncStartedOn, A.SyncResumeOn]);
  if (!row) return undefined;
  return {
    etag: String(row['@odata.etag'] ?? '*'),
    state: typeof row[A.SyncState] === 'number' ? (row[A.SyncState] as number) : undefined,
    requestedOn: ms(row[A.SyncRequestedOn]),
    startedOn: ms(row[A.SyncStartedOn]),
    resumeOn: ms(row[A.SyncResumeOn]),
  };
}

/** Running, by the ETag read: false when another trigger changed the row first. */
export function claimRunning(org: DataverseOrg, accountId: string, etag: string, now: number, fresh: boolean): Promise<boolean> {
  const data: Row = { [A.SyncState]: FollowerSyncState.Running, [A.SyncResumeOn]: null, [A.SyncLastError]: null };
  if (fresh) Object.assign(data, { [A.SyncStartedOn]: iso(now), [A.SyncCompletedOn]: null, [A.SyncedFollowers]: 0 });
  return org.update(SET, accountId, data, etag);
}

export const writeProgress = (org: DataverseOrg, accountId: string, synced: number, total: number) =>
  org.update(SET, accountId, { [A.SyncState]: FollowerSyncState.Running, [A.SyncedFollowers]: synced, [A.TotalFollowers]: total });

export const writeCompleted = (org: DataverseOrg, accountId: string, synced: number, total: number, now: number) =>
  org.update(SET, accountId, {
    [A.SyncState]: FollowerSyncState.Completed,
    [A.SyncedFollowers]: synced,
    [A.TotalFollowers]: total,
    [A.SyncCompletedOn]: iso(now),
    [A.SyncResumeOn]: null,
    [A.SyncLastError]: null,
  });

export const writePaused = (org: DataverseOrg, accountId: string, synced: number, total: number, resumeOn: number, reason: string) =>
  org.update(SET, accountId, {
    [A.SyncState]: FollowerSyncState.Paused,
    [A.SyncedFollowers]: synced,
    [A.TotalFollowers]: total,
    [A.SyncResumeOn]: iso(resumeOn),
    [A.SyncLastError]: reason.slice(0, 2000),
  });

export const writeFailed = (org: DataverseOrg, accountId: string, reason: string) =>
  org.update(SET, accountId, { [A.SyncState]: FollowerSyncState.Failed, [A.SyncResumeOn]: null, [A.SyncLastError]: reason.slice(0, 2000) });
