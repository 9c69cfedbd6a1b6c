/**
 * Mass sends by openid (a saved view's followers) in chunks, against the WeChat simulator and the Dataverse emulator:
 * one wxm_broadcastsend row per call with clientmsgid = row id + chunk; a relay that stops after WeChat accepted a
 * chunk resumes from the timer, the accepted chunk answers 45065 and is recorded as the same send, and nobody gets
 * the message twice. Also: API 群发保护, a subscription account's one send a day, and delete after sending.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AudienceKind, Broadcast, BroadcastContent, BroadcastSend, BroadcastStatus, EntitySets, Follower, OfficialAccount } from '@wxm/solution/schema';
import { startBroadcastWorld, type BroadcastWorld } from '@wxm/testkit/kit/relay/broadcast-world';
import { DEMO } from '../../../../test/emulators/wechat/testkit/harness.js';
import { onBroadcastHint } from './broadcast-hint.js';
import { onMassSendJobFinish } from './job-finished.js';
import { broadcastTick } from './schedule.js';

const B = Broadcast.columns;
const S = BroadcastSend.columns;
let w: BroadcastWorld;
afterEach(() => w.close());

const iso = (ms: number) => new Date(ms).toISOString();
const allFollowersView = () =>
  w.dv.insert('savedqueries', {
    name: 'All followers',
    returnedtypecode: 'wxm_follower',
    querytype: 0,
    fetchxml: '<fetch><entity name="wxm_follower"><attribute name="wxm_followerid"/></entity></fetch>',
  });
const sends = () => w.dv.rows(EntitySets.BroadcastSend).sort((a, b) => Number(a[S.Chunk]) - Number(b[S.Chunk]));
const monthly = async () => ((await (await fetch(`${w.sim.url}/sim/mass?appid=${DEMO.appid}`)).json()) as { monthly: Record<string, number> }).monthly;

describe('a view audience sent by openid in chunks', () => {
  it('plans one row per chunk, sends each once, resumes after a crash without sending a chunk twice (45065 is the same send)', async () => {
    w = await startBroadcastWorld();
    const openids = ['o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7'];
    for (const o of openids) await w.follower(o);
    const id = await w.broadcast({ [B.AudienceKind]: AudienceKind.View, [B.AudienceViewId]: allFollowersView(), [B.Content]: '会员日' });
    // The relay stops right after WeChat accepted the second chunk, before writing it down.
    const realSend = w.deps.wechat.mass.send.bind(w.deps.wechat.mass);
    let calls = 0;
    w.deps.wechat.mass.send = async (token, request) => {
      const answer = await realSend(token, request);
      calls += 1;
      if (calls === 2) throw new Error('relay stopped');
      return answer;
    };
    await w.operator.update({ collection: EntitySets.Broadcast, key: id, data: { [B.SendRequestedOn]: iso(w.clock.now()) } });
    await expect(onBroadcastHint(w.hint(id), w.deps)).rejects.toThrow('relay stopped');
    expect(sends().map((s) => [s[S.Chunk], s[S.RecipientCount], s[S.ClientMsgId], s[S.WechatMsgId] !== null])).toEqual([
      [0, 3, `${id}-c0`, true],
      [1, 2, `${id}-c1`, false],
      [2, 2, `${id}-c2`, false],
    ]);
    expect(w.row(id)).toMatchObject({ [B.BroadcastStatus]: BroadcastStatus.Sending, [B.ChunkCount]: 3, [B.ChunksSent]: 1 });

    w.deps.wechat.mass.send = realSend;
    w.h.clock.advance(61); // WeChat answers 45066 for the same clientmsgid within a minute
    w.clock.advance(3 * 60_000);
    expect(await broadcastTick(w.deps)).toMatchObject({ resumed: 1, failed: [] });
    // Every chunk is sent now: the next ticks find nothing to resume while WeChat finishes.
    w.clock.advance(3 * 60_000);
    expect(await broadcastTick(w.deps)).toMatchObject({ resumed: 0, failed: [] });
    const answers = w.sim
      .sent(DEMO.appid)
      .filter((s) => s.api === 'message/mass/send')
      .map((s) => s.errcode);
    expect(answers).toEqual([0, 0, 45065, 0]);
    expect(sends().every((s) => typeof s[S.WechatMsgId] === 'string')).toBe(true);
    expect(new Set(sends().map((s) => s[S.WechatMsgId])).size).toBe(3);
    expect(await monthly()).toEqual(Object.fromEntries(openids.map((o) => [o, 1])));
    // Dataverse's count: the chunk WeChat accepted before the crash answered 45065 and counts nothing again, so its
    // followers are under-counted (never twice); the others have their one mass message of the month.
    const counts = Object.fromEntries(w.dv.rows(EntitySets.Follower).map((f) => [f[Follower.columns.OpenId], f[Follower.columns.MassCount] ?? null]));
    expect(counts).toEqual({ o1: 1, o2: 1, o3: 1, o4: null, o5: null, o6: 1, o7: 1 });

    await expect.poll(() => w.massEvents().length).toBe(3);
    for (const task of w.massEvents()) await onMassSendJobFinish(task, w.deps);
    expect(w.row(id)).toMatchObject({ [B.BroadcastStatus]: BroadcastStatus.Sent, [B.TotalCount]: 7, [B.FilterCount]: 7, [B.SentCount]: 7, [B.ErrorCount]: 0 });
    expect(sends().map((s) => s[S.SentCount])).toEqual([3, 2, 2]);
  });
});

describe('API 群发保护', () => {
  it('the row waits as Awaiting Confirmation; confirmed it is Sent; never confirmed the timer fails it after 30 minutes', async () => {
    w = await startBroadcastWorld();
    for (const o of ['oA', 'oB']) await w.follower(o);
    w.dv.rows(EntitySets.OfficialAccount); // the account row the admin marks
    await w.operator.update({ collection: EntitySets.OfficialAccount, key: w.accountId, data: { [OfficialAccount.columns.MassProtection]: true } });
    await fetch(`${w.sim.url}/sim/mass/settings`, { method: 'POST', body: JSON.stringify({ appid: DEMO.appid, protection: true }) });
    const confirmed = await w.broadcast({ [B.Content]: 'one', [B.SendRequestedOn]: iso(w.clock.now()) });
    expect(await onBroadcastHint(w.hint(confirmed, 'Create'), w.deps)).toBe('sent');
    expect(w.row(confirmed)).toMatchObject({ [B.BroadcastStatus]: BroadcastStatus.AwaitingConfirmation });
    expect(String(w.row(confirmed)[B.FailureReason])).toMatch(/^Waiting: "API 群发保护" is on.*\n等待中：已开启“API 群发保护”/s);
    await fetch(`${w.sim.url}/sim/mass/confirm`, { method: 'POST', body: JSON.stringify({ appid: DEMO.appid }) });
    await expect.poll(() => w.massEvents().length).toBe(1);
    await onMassSendJobFinish(w.massEvents()[0]!, w.deps);
    expect(w.row(confirmed)).toMatchObject({ [B.BroadcastStatus]: BroadcastStatus.Sent, [B.SentCount]: 2, [B.FailureReason]: null });

    const forgotten = await w.broadcast({ [B.Content]: 'two', [B.SendRequestedOn]: iso(w.clock.now()) });
    await onBroadcastHint(w.hint(forgotten, 'Create'), w.deps);
    w.clock.advance(20 * 60_000);
    expect((await broadcastTick(w.deps)).expired).toBe(0);
    w.clock.advance(16 * 60_000);
    expect((await broadcastTick(w.deps)).expired).toBe(1);
    expect(w.row(forgotten)).toMatchObject({ [B.BroadcastStatus]: BroadcastStatus.Failed });
    expect(String(w.row(forgotten)[B.FailureReason])).toContain('no administrator confirmed the send in WeChat within 30 minutes');
  });
});

describe('limits of the account', () => {
  it('a subscription account sends once a day (Beijing time) and cannot send to a view by openid', async () => {
    w = await startBroadcastWorld({ serviceType: 0 });
    for (const o of ['oA', 'oB']) await w.follower(o);
    const first = await w.broadcast({ [B.Content]: 'today', [B.SendRequestedOn]: iso(w.clock.now()) });
    expect(await onBroadcastHint(w.hint(first, 'Create'), w.deps)).toBe('sent');
    const second = await w.broadcast({ [B.Content]: 'again' });
    expect(await onBroadcastHint(w.hint(second, 'Create'), w.deps)).toBe('estimated');
    expect(w.row(second)).toMatchObject({ [B.ReachCount]: 2, [B.ReachMonthLimited]: 0, [B.MaySendToday]: false });
    await w.operator.update({ collection: EntitySets.Broadcast, key: second, data: { [B.SendRequestedOn]: iso(w.clock.now()) } });
    expect(await onBroadcastHint(w.hint(second), w.deps)).toBe('refused');
    expect(String(w.row(second)[B.FailureReason])).toMatch(/^Refused: a subscription account mass sends once a day/);
    const byView = await w.broadcast({
      [B.AudienceKind]: AudienceKind.View,
      [B.AudienceViewId]: allFollowersView(),
      [B.Content]: 'x',
      [B.SendRequestedOn]: iso(w.clock.now()),
    });
    expect(await onBroadcastHint(w.hint(byView, 'Create'), w.deps)).toBe('refused');
    expect(String(w.row(byView)[B.FailureReason])).toMatch(
      /^Refused: sending to a view or marketing list goes by openid \(mass\/send\), which WeChat allows service accounts only/,
    );
    expect(w.sim.stats().apiCalls['message/mass/sendall']).toBe(1);
  });
});

describe('delete after sending', () => {
  it('a text cannot be deleted (the request is spent, with the reason)', async () => {
    w = await startBroadcastWorld();
    for (const o of ['oA', 'oB']) await w.follower(o);
    const id = await w.broadcast({ [B.ContentType]: BroadcastContent.Text, [B.Content]: 'x', [B.SendRequestedOn]: iso(w.clock.now()) });
    await onBroadcastHint(w.hint(id, 'Create'), w.deps);
    await w.operator.update({ collection: EntitySets.Broadcast, key: id, data: { [B.DeleteRequestedOn]: iso(w.clock.now()) } });
    expect(await onBroadcastHint(w.hint(id), w.deps)).toBe('refused');
    expect(w.row(id)).toMatchObject({ [B.DeleteRequestedOn]: null, [B.BroadcastStatus]: BroadcastStatus.Sending });
    expect(String(w.row(id)[B.FailureReason])).toBe('Not deleted: WeChat deletes sent articles and videos only.\n未删除：微信只能删除已发送的图文和视频。');
    expect(w.sim.stats().apiCalls['message/mass/delete'] ?? 0).toBe(0);
  });
});
