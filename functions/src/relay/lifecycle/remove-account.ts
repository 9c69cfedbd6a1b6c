/**
 * "Remove account" on the Official Account form (webhook hint: wxm_RemovalRequestedOn changed), and its resumable
 * steps. The row is re-read with the org's own application user; only a request newer than the last one handled
 * (wxm_RemovalDoneOn) counts, and only the first hint for it starts the work (claimed in the shared store). Step 1
 * removes the relay's state of the account (relay-state.ts) when the account is bound to this org; then, if the
 * row asks for it (wxm_RemoveData), the account's rows are deleted `budget` at a time, each step queueing the next
 * (a big account takes several; progress is remembered, so a crash repeats at most one step); finally the account
 * row is deleted (data removed) or marked Unauthorized with the date (data kept). Nothing of another account is read.
 */
import { AccountStatus, EntitySets, OfficialAccount } from '@wxm/solution/schema';
import type { DataverseOrg } from '../../dataverse/types.js';
import type { RelayTask } from '../envelope.js';
import type { Logger } from '../ports/logger.js';
import type { KeyValueStore, Queue } from '../ports/storage.js';
import type { DataverseHint } from '../webhook/hint.js';
import { deleteAccountRows, type DeletedCounts } from './account-data.js';
import { accountInOrg, type AccountInOrg, type AccountOrgDeps } from './account-org.js';
import { removeRelayState, type RelayStateDeps } from './relay-state.js';
import { failedText, keptText, NOT_BOUND_HERE, removingText } from './removal-texts.js';

const C = OfficialAccount.columns;
/** The table whose Update and Delete hints this use case answers. */
export const ACCOUNT_TABLE: string = OfficialAccount.logicalName;

export interface RemovalDeps extends AccountOrgDeps, RelayStateDeps {
  tasks: Queue<RelayTask>;
  logger: Logger;
  /** Rows deleted per step (default 2000). */
  budget?: number;
}

interface Progress {
  requestedOn: string;
  stage: 'relay-state' | 'data' | 'finish';
  deleted: DeletedCounts;
}

export type RemovalOutcome = 'skipped' | 'more' | 'removed' | 'kept' | 'failed';

const DAY_MS = 86_400_000;
const progressKey = (organizationId: string, accountId: string) => `account-removal|${organizationId}|${accountId}`;
const claimKey = (organizationId: string, accountId: string, requestedOn: string) => `account-removal-claim|${organizationId}|${accountId}|${requestedOn}`;
/** Whole seconds: Dataverse keeps date and time columns to the second. */
const seconds = (value: unknown): number => (typeof value === 'string' ? Math.floor(Date.parse(value) / 1000) : NaN);

/**
 * Any Update hint of the account table may be a removal request: the step fires for other request columns too, and
 * the hint's attributes are not kept on the queue (webhook/accept-hint.ts), so the re-read row decides.
 */
export function isRemovalRequest(hint: DataverseHint): boolean {
  return hint.table === ACCOUNT_TABLE && hint.message === 'Update';
}

/** The hint: start the removal the row asks for now (once per request). */
export async function onRemovalRequested(hint: DataverseHint, deps: RemovalDeps): Promise<RemovalOutcome> {
  const found = await accountInOrg(hint.organizationId, hint.rowId, deps);
  if (!found) return 'skipped';
  const row = await readRequest(found.org, hint.rowId, found.appid);
  if (!row) return 'skipped';
  if (!(await deps.kv.putIfAbsent(claimKey(hint.organizationId, hint.rowId, row.requestedOn), '1', deps.now() + 7 * DAY_MS))) return 'skipped';
  const previous = await readProgress(deps.kv, hint.organizationId, hint.rowId);
  // A new request after a paused one continues where that stopped (what is deleted stays deleted).
  const progress: Progress = previous ? { ...previous, requestedOn: row.requestedOn } : { requestedOn: row.requestedOn, stage: 'relay-state', deleted: {} };
  await saveProgress(deps, hint.organizationId, hint.rowId, progress);
  return runRemovalStep(hint.organizationId, hint.rowId, deps);
}

/** One step (the hint's first, or a queued continuation). */
export async function runRemovalStep(organizationId: string, accountId: string, deps: RemovalDeps): Promise<RemovalOutcome> {
  const found = await accountInOrg(organizationId, accountId, deps);
  const progress = await readProgress(deps.kv, organizationId, accountId);
  if (!found || !progress) return 'skipped';
  const row = await readRequest(found.org, accountId, found.appid);
  // The request was withdrawn (the column cleared) or already handled: stop here, keep what was done.
  if (!row || row.requestedOn !== progress.requestedOn) return 'skipped';
  try {
    return await step(found, accountId, organizationId, row.removeData, progress, deps);
  } catch (err) {
    const detail = err instanceof Error ? err.message.slice(0, 300) : 'unknown error';
    await found.org.update(EntitySets.OfficialAccount, accountId, { [C.RemovalState]: failedText(detail).slice(0, 1000) }).catch(() => undefined);
    deps.logger.warn('account removal step failed; the queue retries it', { authorizerAppid: found.appid });
    throw err;
  }
}

async function step(
  found: AccountInOrg,
  accountId: string,
  organizationId: string,
  removeData: boolean,
  progress: Progress,
  deps: RemovalDeps,
): Promise<RemovalOutcome> {
  const { org, appid } = found;
  if (progress.stage === 'relay-state') {
    if (found.boundHere && found.binding) await removeRelayState(appid, found.binding, deps);
    const next: Progress = { ...progress, stage: removeData ? 'data' : 'finish' };
    await saveProgress(deps, organizationId, accountId, next);
    await org.update(EntitySets.OfficialAccount, accountId, { [C.RemovalState]: found.boundHere ? removingText({}) : NOT_BOUND_HERE });
    deps.logger.warn('account removed from the relay', { authorizerAppid: appid, boundHere: found.boundHere });
    return continueWith(organizationId, accountId, deps);
  }
  if (progress.stage === 'data') {
    const { deleted, more } = await deleteAccountRows(org, accountId, deps.budget ?? 2000);
    const total: DeletedCounts = { ...progress.deleted };
    for (const [k, n] of Object.entries(deleted) as [keyof DeletedCounts, number][]) total[k] = (total[k] ?? 0) + n;
    await saveProgress(deps, organizationId, accountId, { ...progress, stage: more ? 'data' : 'finish', deleted: total });
    await org.update(EntitySets.OfficialAccount, accountId, { [C.RemovalState]: removingText(total).slice(0, 1000) });
    return continueWith(organizationId, accountId, deps);
  }
  await deps.kv.delete(progressKey(organizationId, accountId));
  if (removeData) {
    await org.delete(EntitySets.OfficialAccount, accountId);
    deps.logger.warn('account row and its data deleted', { authorizerAppid: appid });
    return 'removed';
  }
  await org.update(EntitySets.OfficialAccount, accountId, {
    [C.AccountStatus]: AccountStatus.Unauthorized,
    [C.RemovalDoneOn]: progress.requestedOn,
    [C.RemovalState]: keptText(deps.now()),
  });
  return 'kept';
}

async function continueWith(organizationId: string, accountId: string, deps: RemovalDeps): Promise<RemovalOutcome> {
  await deps.tasks.enqueue({ v: 1, type: 'account-removal-step', organizationId, accountId });
  return 'more';
}

/** The pending request on the row, if any (the row must still be the account it was bound as). */
async function readRequest(org: DataverseOrg, accountId: string, appid: string): Promise<{ requestedOn: string; removeData: boolean } | undefined> {
  const row = await org.retrieve(EntitySets.OfficialAccount, accountId, [C.AppId, C.RemovalRequestedOn, C.RemovalDoneOn, C.RemoveData]);
  if (!row || row[C.AppId] !== appid) return undefined;
  const requested = seconds(row[C.RemovalRequestedOn]);
  if (Number.isNaN(requested) || seconds(row[C.RemovalDoneOn]) >= requested) return undefined;
  return { requestedOn: String(row[C.RemovalRequestedOn]), removeData: row[C.RemoveData] === true };
}

async function readProgress(kv: KeyValueStore, organizationId: string, accountId: string): Promise<Progress | undefined> {
  const raw = await kv.get(progressKey(organizationId, accountId));
  return raw ? (JSON.parse(raw) as Progress) : undefined;
}

function saveProgress(deps: RemovalDeps, organizationId: string, accountId: string, progress: Progress): Promise<void> {
  return deps.kv.put(progressKey(organizationId, accountId), JSON.stringify(progress), deps.now() + 30 * DAY_MS);
}
