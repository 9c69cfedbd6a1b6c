/**
 * 48-hour active push against the WeChat simulator (its own reply-window count) and the Dataverse emulator: only the
 * followers whose window is open now get the customer-service message, each send is recorded on the follower, and
 * the row reports who was skipped and why (45015 never or expired, 45047 used up).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Broadcast, BroadcastContent, BroadcastKind, BroadcastStatus, EntitySets, Follower } from '@wxm/solution/schema';
import { startBroadcastWorld, type BroadcastWorld } from '@wxm/testkit/kit/relay/broadcast-world';
import { DEMO } from '../../../../test/emulators/wechat/testkit/harness.js';
import { onBroadcastHint } from './broadcast-hint.js';

const B = Broadcast.columns;
const F = Follower.columns;
let w: BroadcastWorld;
beforeEach(async () => {
  w = await startBroadcastWorld();
});
afterEach(() => w.close());
const iso = (ms: number) => new Date(ms).toISOString();

describe('active push', () => {
  it('sends to the open windows only, within their count, and reports the skipped followers', async () => {
    const now = w.clock.now();
    await w.follower('oOpen', { [F.LastMessageOn]: iso(now - 3600_000), [F.SentSinceMessage]: 0 });
    w.sim.setFollower(DEMO.appid, 'oOpen', { lastMessageAt: now - 3600_000 });
    await w.follower('oUsedUp', { [F.LastMessageOn]: iso(now - 3600_000), [F.SentSinceMessage]: 5 });
    await w.follower('oOld', { [F.LastMessageOn]: iso(now - 72 * 3600_000), [F.SentSinceMessage]: 0 });
    await w.follower('oNever');
    const id = await w.broadcast({
      [B.Kind]: BroadcastKind.ActivePush,
      [B.ContentType]: BroadcastContent.Text,
      [B.Content]: '您的订单已发货',
      [B.SendRequestedOn]: iso(now),
    });
    expect(await onBroadcastHint(w.hint(id, 'Create'), w.deps)).toBe('sent');
    const custom = w.sim.sent(DEMO.appid).filter((s) => s.api === 'message/custom/send');
    expect(custom.map((s) => [(s.body as { touser: string }).touser, s.errcode])).toEqual([['oOpen', 0]]);
    expect(w.row(id)).toMatchObject({
      [B.BroadcastStatus]: BroadcastStatus.Sent,
      [B.TotalCount]: 4,
      [B.FilterCount]: 1,
      [B.SentCount]: 1,
      [B.ErrorCount]: 0,
      [B.ResultStatus]: 'active push: 1 sent, 3 skipped',
    });
    const report = String(w.row(id)[B.SkippedReport]);
    expect(report.split('\n').slice(0, 2)).toEqual(['Sent 1 of 4; skipped 3.', '已发送 1/4；跳过 3。']);
    expect(report).toContain('1 × Not sent (45047)');
    expect(report).toMatch(/\n2 × Not sent \(45015\)[^\n]*\n[^\n]*\noNever, oOld\n/);
    // The send is on the follower's allowance (the next sender sees 4 left).
    const open = w.dv.rows(EntitySets.Follower).find((f) => f[F.OpenId] === 'oOpen');
    expect(open?.[F.SentSinceMessage]).toBe(1);
  });

  it('an article cannot be pushed (customer-service messages): refused before WeChat', async () => {
    await w.follower('oA');
    const id = await w.broadcast({ [B.Kind]: BroadcastKind.ActivePush, [B.ContentType]: BroadcastContent.Article, [B.SendRequestedOn]: iso(w.clock.now()) });
    expect(await onBroadcastHint(w.hint(id, 'Create'), w.deps)).toBe('refused');
    expect(String(w.row(id)[B.FailureReason])).toMatch(/^Refused: an active push sends customer-service messages/);
    expect(w.sim.stats().apiCalls['message/custom/send'] ?? 0).toBe(0);
  });
});
