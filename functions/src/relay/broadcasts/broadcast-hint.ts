/**
 * A wxm_broadcast row saved (webhook hint, Create or Update): the relay reads it again with the org's own application
 * user and does what it asks, once: a Preview (wxm_previewrequestedon newer than wxm_previewedon), a Delete after
 * sending, a Send (now, or Scheduled for wxm_sendon: the broadcastSchedule timer sends it), or, for a draft someone
 * edited, the reach estimate. The relay's own writes come back through the Update step and find nothing to do.
 * https://learn.microsoft.com/power-apps/developer/data-platform/write-plugin-multiple-operation-environments
 */
import { Broadcast, BroadcastKind, BroadcastStatus } from '@wxm/solution/schema';
import type { DataverseHint } from '../webhook/hint.js';
import type { TagOrg } from '../tags/tag-deps.js';
import { runActivePush } from './active-push.js';
import { iso, readBroadcast, recordFailed, writeBroadcast, type StoredBroadcast } from './broadcast-row.js';
import { openBroadcastOrg, type BroadcastDeps } from './deps.js';
import { writeEstimate } from './estimate.js';
import { previewPending, sendPreview } from './preview.js';
import { explainRefusal } from './reasons.js';
import { deletePending, deleteSent } from './remove.js';
import { PAST_SCHEDULE_GRACE_MS } from './rules.js';
import { startSend } from './send.js';

export const BROADCAST_TABLE: string = Broadcast.logicalName;
export const isBroadcastHint = (hint: Pick<DataverseHint, 'table' | 'message'>): boolean => hint.table === BROADCAST_TABLE && hint.message !== 'Delete';

const OPEN = new Set<number>([BroadcastStatus.Draft, BroadcastStatus.Failed]);
export const sendPending = (b: StoredBroadcast): boolean => b.sendRequestedOn !== undefined && (b.status === undefined || OPEN.has(b.status));

export type BroadcastHintOutcome = 'previewed' | 'deleted' | 'scheduled' | 'sent' | 'refused' | 'estimated' | 'skipped';

export async function onBroadcastHint(hint: DataverseHint, deps: BroadcastDeps): Promise<BroadcastHintOutcome> {
  const access = await openBroadcastOrg(hint.organizationId, deps);
  if (!access) {
    deps.logger.warn('broadcast hint from an org without a connected signed service; ignored', { organizationId: hint.organizationId });
    return 'skipped';
  }
  const b = await readBroadcast(access.org, hint.rowId);
  if (!b) return 'skipped';
  if (previewPending(b)) return (await sendPreview(access, b, deps)) === 'busy' ? 'skipped' : 'previewed';
  if (deletePending(b)) return (await deleteSent(access, b, deps)) === 'deleted' ? 'deleted' : 'refused';
  if (sendPending(b)) return requestSend(access, b, deps);
  // A draft someone edited: what would it reach? (The relay's own writes echo here too: they change nothing.)
  if ((b.status === undefined || b.status === BroadcastStatus.Draft) && b.accountId && b.modifiedBy !== (await access.relayUserId())) {
    await writeEstimate(access, b, b.accountId, deps.clock.now());
    return 'estimated';
  }
  return 'skipped';
}

async function requestSend(access: TagOrg, b: StoredBroadcast, deps: BroadcastDeps): Promise<BroadcastHintOutcome> {
  const now = deps.clock.now();
  if (b.sendOn !== undefined && b.sendOn < now - PAST_SCHEDULE_GRACE_MS) {
    await recordFailed(access.org, b.id, explainRefusal({ code: 'schedule-past', at: iso(b.sendOn) }), { [Broadcast.columns.SendRequestedOn]: null });
    return 'refused';
  }
  if (b.sendOn !== undefined && b.sendOn > now) {
    if (b.accountId) await writeEstimate(access, b, b.accountId, now);
    await writeBroadcast(access.org, b.id, { [Broadcast.columns.BroadcastStatus]: BroadcastStatus.Scheduled, [Broadcast.columns.FailureReason]: null });
    return 'scheduled';
  }
  const outcome = b.kind === BroadcastKind.ActivePush ? await runActivePush(access, b, deps) : await startSend(access, b, deps);
  return outcome === 'refused' ? 'refused' : outcome === 'busy' ? 'skipped' : 'sent';
}
