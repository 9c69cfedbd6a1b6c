/**
 * An active push interrupted mid-way is resumed by the broadcastSchedule timer without anyone getting it twice,
 * against the WeChat simulator and the Dataverse emulator: the relay stops right after WeChat delivered the second
 * follower's message (before it could write that down); the resumed push counts the first follower as sent, reports
 * the second as unknown (never called again), and sends the rest. Two workers on one push never both call for one
 * follower.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Broadcast, BroadcastContent, BroadcastKind, BroadcastStatus, Follower } from '@wxm/solution/schema';
import { startBroadcastWorld, type BroadcastWorld } from '@wxm/testkit/kit/relay/broadcast-world';
import { DEMO } from '../../../../test/emulators/wechat/testkit/harness.js';
import { runActivePush } from './active-push.js';
import { readBroadcast } from './broadcast-row.js';
import { onBroadcastHint } from './broadcast-hint.js';
import { openBroadcastOrg } from './deps.js';
import { broadcastTick } from './schedule.js';

const B = Broadcast.columns;
const F = Follower.columns;
let w: BroadcastWorld;
beforeEach(async () => {
  w = await startBroadcastWorld();
});
afterEach(() => w.close());
const iso = (ms: number) => new Date(ms).toISOString();
const OPENIDS = ['oFirst', 'oSecond', 'oThird', 'oFourth'];
const pushed = () =>
  w.sim
    .sent(DEMO.appid)
    .filter((s) => s.api === 'message/custom/send')
    .map((s) => [(s.body as { touser: string }).touser, s.errcode]);

async function openWindows(): Promise<string> {
  const now = w.clock.now();
  for (const o of OPENIDS) {
    await w.follower(o, { [F.LastMessageOn]: iso(now - 3600_000), [F.SentSinceMessage]: 0 });
    w.sim.setFollower(DEMO.appid, o, { lastMessageAt: now - 3600_000 });
  }
  return w.broadcast({
    [B.Kind]: BroadcastKind.ActivePush,
    [B.ContentType]: BroadcastContent.Text,
    [B.Content]: '您的订单已发货',
    [B.SendRequestedOn]: iso(now),
  });
}

describe('an interrupted active push', () => {
  it('is resumed by the timer: sent followers count, the one whose call was under way is not called again, the rest get it once', async () => {
    const id = await openWindows();
    const realSend = w.deps.wechat.sendCustom;
    const called: string[] = [];
    w.deps.wechat.sendCustom = async (token, message) => {
      await realSend(token, message);
      called.push(message.touser);
      if (called.length === 2) throw new Error('relay stopped');
    };
    await expect(onBroadcastHint(w.hint(id, 'Create'), w.deps)).rejects.toThrow('relay stopped');
    expect(w.row(id)[B.BroadcastStatus]).toBe(BroadcastStatus.Sending);
    w.deps.wechat.sendCustom = realSend;

    w.clock.advance(60_000);
    expect(await broadcastTick(w.deps)).toMatchObject({ resumed: 0 }); // still within the run's own time
    w.clock.advance(2 * 60_000);
    expect(await broadcastTick(w.deps)).toMatchObject({ resumed: 1, failed: [] });
    // Everyone got it exactly once, the one under way when the relay stopped included.
    const interrupted = called[1]!;
    expect(pushed().sort()).toEqual(OPENIDS.map((o) => [o, 0]).sort());
    expect(w.row(id)).toMatchObject({
      [B.BroadcastStatus]: BroadcastStatus.Sent,
      [B.TotalCount]: 4,
      [B.SentCount]: 3,
      [B.ResultStatus]: 'active push: 3 sent, 1 skipped',
    });
    expect(String(w.row(id)[B.SkippedReport]).split('\n')).toEqual([
      'Sent 3 of 4; skipped 1.',
      '已发送 3/4；跳过 1。',
      '',
      '1 × Not sent again: the relay stopped while WeChat was being called for them, so they may have it already.',
      '未再次发送：中继在调用微信时中断，对方可能已收到。',
      interrupted,
    ]);
    // Done: the next tick finds nothing to resume.
    w.clock.advance(3 * 60_000);
    expect(await broadcastTick(w.deps)).toMatchObject({ resumed: 0 });
    expect(pushed()).toHaveLength(4);
  });

  it('two workers resuming one push at once (the first one only slow) never both call for a follower', async () => {
    const id = await openWindows();
    const access = (await openBroadcastOrg(w.dv.organizationId, w.deps))!;
    const row = (await readBroadcast(access.org, id))!;
    // The second worker does not see the first one's lease (as if it had run out): only the marks keep them apart.
    const shared = w.deps.kv;
    const ownLeases = new Map<string, string>();
    const kv: typeof shared = {
      get: (k) => (k.startsWith('broadcast-lease|') ? Promise.resolve(ownLeases.get(k)) : shared.get(k)),
      put: (k, v, e) => shared.put(k, v, e),
      putIfAbsent: async (k, v, e) => {
        if (!k.startsWith('broadcast-lease|')) return shared.putIfAbsent(k, v, e);
        if (ownLeases.has(k)) return false;
        ownLeases.set(k, v);
        return true;
      },
      delete: async (k) => void (k.startsWith('broadcast-lease|') ? ownLeases.delete(k) : await shared.delete(k)),
    };
    const results = await Promise.all([runActivePush(access, row, w.deps, { resume: true }), runActivePush(access, row, { ...w.deps, kv }, { resume: true })]);
    expect(results).toEqual(['pushed', 'pushed']);
    expect(
      pushed()
        .map(([o]) => o)
        .sort(),
    ).toEqual([...OPENIDS].sort());
  });
});
