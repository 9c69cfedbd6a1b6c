/**
 * Submitting one delivery's change set (follower, message, notes: all or nothing) and reading its outcome.
 * Change sets are atomic, so the message row exists exactly when everything of that delivery was written:
 * a create-only message that finds its row means this envelope was delivered before (a retry, a replay, or a
 * response lost after the commit), and nothing more needs doing.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api#change-sets
 */
import type { DataverseErrorInfo, WriteOperation, WriteOutcome } from '../../dataverse/types.js';
import type { DataverseOrg } from '../../dataverse/types.js';

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
 * Sends the change set through the gateway's `submit` (it rides in a `$batch` with whatever else this org is
 * writing right now; a change set Dataverse did not run comes back as a transient failure of each operation).
 */
export async function submitChangeSet(org: DataverseOrg, ops: WriteOperation[], messageIndex: number): Promise<ChangeSetResult> {
  return classify(await org.submit(ops), messageIndex);
}
