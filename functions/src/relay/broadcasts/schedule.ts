/**
 * The broadcastSchedule timer (every minute): scheduled broadcasts whose time came are sent; a mass send left in
 * Sending with chunks unsent (the relay stopped) is resumed; an active push interrupted mid-way is resumed from its
 * per-follower marks (nobody gets it twice); a send still awaiting an administrator's confirmation 30 minutes (+5) after it went to
 * WeChat is marked Failed. Per authorized account bound to an org; one failing account does not stop the others.
 */
import { BroadcastKind, BroadcastStatus } from '@wxm/solution/schema';
import type { AuthorizerRecord } from '../ports/storage.js';
import { runActivePush } from './active-push.js';
import { broadcastsIn, recordFailed } from './broadcast-row.js';
import { openBroadcastOrg, type BroadcastDeps } from './deps.js';
import { NOT_CONFIRMED } from './reasons.js';
import { CONFIRM_WINDOW_MS } from './rules.js';
import { resumeSend, startSend } from './send.js';

export interface BroadcastTickDeps extends BroadcastDeps {
  authorizers: { list(): Promise<AuthorizerRecord[]> };
}

export interface BroadcastTickReport {
  started: number;
  resumed: number;
  expired: number;
  failed: string[];
}

/** A send untouched this long in Sending is taken to be stopped (a running one holds its lease). */
const RESUME_AFTER_MS = 2 * 60_000;
const CONFIRM_GRACE_MS = 5 * 60_000;

export async function broadcastTick(deps: BroadcastTickDeps): Promise<BroadcastTickReport> {
  const report: BroadcastTickReport = { started: 0, resumed: 0, expired: 0, failed: [] };
  for (const account of await deps.authorizers.list()) {
    if (account.status !== 'authorized' || account.isMiniProgram) continue;
    try {
      const binding = await deps.registry.bindingOf(account.appid);
      const accountId = binding?.officialAccountId;
      const access = binding && accountId ? await openBroadcastOrg(binding.organizationId, deps) : undefined;
      if (!access || !accountId || (await access.appidOf(accountId)) !== account.appid) continue;
      const rows = await broadcastsIn(access.org, [BroadcastStatus.Scheduled, BroadcastStatus.Sending, BroadcastStatus.AwaitingConfirmation]);
      for (const b of rows.filter((r) => r.accountId === accountId)) {
        const now = deps.clock.now();
        const push = b.kind === BroadcastKind.ActivePush;
        if (b.status === BroadcastStatus.Scheduled && (b.sendOn === undefined || b.sendOn <= now)) {
          const outcome = push ? await runActivePush(access, b, deps) : await startSend(access, b, deps);
          if (outcome !== 'busy') report.started += 1;
        } else if (b.status === BroadcastStatus.Sending && (b.sentOn ?? 0) < now - RESUME_AFTER_MS) {
          // Resumed where it stopped: a mass send by its chunks' msg_ids, an active push by its per-follower marks.
          const outcome = push ? await runActivePush(access, b, deps, { resume: true }) : await resumeSend(access, b, deps);
          if (outcome === 'sent' || outcome === 'pushed') report.resumed += 1;
        } else if (b.status === BroadcastStatus.AwaitingConfirmation && (b.sentOn ?? now) < now - CONFIRM_WINDOW_MS - CONFIRM_GRACE_MS) {
          await recordFailed(access.org, b.id, NOT_CONFIRMED);
          report.expired += 1;
        }
      }
    } catch (err) {
      report.failed.push(account.appid);
      deps.logger.error('broadcast timer failed for an account', { authorizerAppid: account.appid, error: err instanceof Error ? err.name : 'unknown' });
    }
  }
  return report;
}
