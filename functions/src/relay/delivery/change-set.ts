/**
 * Submitting one delivery's change set (follower, message, notes: all or nothing) and reading its outcome.
 * Change sets are atomic, so the message row exists exactly when everything of that delivery was written:
 * a create-only message that finds its row means this envelope was delivered before (a retry, a replay, or a
 * response lost after the commit), and nothing more needs doing.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api#change-sets
 */
import { DataverseError } from '../../dataverse/errors.js';
import type { DataverseErrorInfo, WriteOperation, WriteOutcome } from '../../dataverse/types.js';
import type { OrgLane } from './lanes.js';

export type ChangeSetResult =
  | { kind: 'committed' }
  /** The create-only message found its row: delivered before. */
  | { kind: 'duplicate' }
  /** 412/409, or a create-only write that found its row: something else wrote first. */
  | { kind: 'conflict'; error?: DataverseErrorInfo }
  | { kind: 'not-found'; error: DataverseErrorInfo }
  | { kind: 'failed'; error: DataverseErrorInfo };

/** A gateway marks the other operations of a failed change set as rolled back; the cause is the one that is not. */
const ROLLED_BACK = 'RolledBack';

/** `messageIndex`: where the create-only message is in the change set. */
export function classify(outcomes: readonly WriteOutcome[], messageIndex: number): ChangeSetResult {
  const errors = outcomes.flatMap((o) => (o.ok ? [] : [o.error]));
  const e = errors.find((x) => x.code !== ROLLED_BACK) ?? errors[0];
  if (e) {
    if (e.kind === 'conflict' || e.status === 412 || e.status === 409) return { kind: 'conflict', error: e };
    if (e.kind === 'not-found') return { kind: 'not-found', error: e };
    return { kind: 'failed', error: e };
  }
  const message = outcomes[messageIndex];
  if (message?.ok && 'exists' in message && message.exists) return outcomes.length === 1 ? { kind: 'duplicate' } : { kind: 'conflict' };
  if (outcomes.some((o) => o.ok && 'exists' in o && o.exists)) return { kind: 'conflict' };
  return { kind: 'committed' };
}

/**
 * Sends the change set with whatever else this org is writing right now; a change set the combined `$batch`
 * did not run (a gateway that stops at the first failed change set) is sent again on its own.
 */
export async function submitChangeSet(lane: OrgLane, ops: WriteOperation[], messageIndex: number): Promise<ChangeSetResult> {
  let outcomes = await lane.writes.submit(ops);
  if (!outcomes || outcomes.length === 0) outcomes = (await lane.org.batch([ops]))[0];
  if (!outcomes || outcomes.length === 0) throw new DataverseError('transient', 503, 'relay:batch-not-run', 'Dataverse did not run the change set');
  return classify(outcomes, messageIndex);
}

export function toError(info: DataverseErrorInfo): DataverseError {
  return info instanceof DataverseError ? info : new DataverseError(info.kind, info.status, info.code, info.message);
}
