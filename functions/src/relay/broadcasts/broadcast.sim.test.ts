/**
 * Mass sends against the WeChat simulator (mass APIs over HTTP through the real client) and the Dataverse emulator
 * (the real gateway): the reach estimate on a saved draft, preview, send to a tag and MASSSENDJOBFINISH's counts on
 * the row, refusals before WeChat (empty audience, past schedule, month limit, subscription once a day), openid
 * chunks with clientmsgid (a retry is the same send: 45065), resume after a crash, API 群发保护, delete.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AudienceKind, Broadcast, BroadcastContent, BroadcastStatus, EntitySets, Follower, Tag } from '@wxm/solution/schema';
import { startBroadcastWorld, type BroadcastWorld } from '@wxm/testkit/kit/relay/broadcast-world';
import { DEMO } from '../../../../test/emulators/wechat/testkit/harness.js';
import { onBroadcastHint } from './broadcast-hint.js';
import { onMassSendJobFinish } from './job-finished.js';
import { handleRelayTask, type TaskDeps } from '../tasks/handle-task.js';

const B = Broadcast.columns;
let w: BroadcastWorld;
beforeEach(async () => {
  w = await startBroadcastWorld();
});
afterEach(() => w.close());

const calls = (api: string) => w.sim.stats().apiCalls[api] ?? 0;
const iso = (ms: number) => new Date(ms).toISOString();
const tagBind = (id: string) => ({ [`${Broadcast.navigation.TagId}@odata.bind`]: `/${EntitySets.Tag}(${id})` });
async function finishAll(): Promise<string[]> {
  await expect.poll(() => w.massEvents().length).toBeGreaterThan(0);
  const out: string[] = [];
  for (const task of w.massEvents()) out.push(await onMassSendJobFinish(task, w.deps));
  return out;
}
async function threeFollowers() {
  const ids = [];
  for (const o of ['oA', 'oB', 'oC']) ids.push({ id: await w.follower(o), openid: o });
  return ids;
}

describe('a mass send to a tag', () => {
  it('estimates the reach on save, previews to one follower, sends once by sendall tag_id and shows MASSSENDJOBFINISH counts', async () => {
    const [a, b, c] = await threeFollowers();
    const tag = await w.tag('VIP', [a!, c!]);
    const id = await w.broadcast({ [B.AudienceKind]: AudienceKind.Tag, ...tagBind(tag), [B.ContentType]: BroadcastContent.Text, [B.Content]: '十二月新品' });
    expect(await onBroadcastHint(w.hint(id, 'Create'), w.deps)).toBe('estimated');
    expect(w.row(id)).toMatchObject({ [B.ReachCount]: 2, [B.ReachMonthLimited]: 0, [B.MaySendToday]: true, [B.BroadcastStatus]: BroadcastStatus.Draft });
    // The relay's own write echoes through the Update step: nothing more.
    expect(await onBroadcastHint(w.hint(id), w.deps)).toBe('skipped');

    await w.operator.update({ collection: EntitySets.Broadcast, key: id, data: { [B.PreviewOpenId]: b!.openid, [B.PreviewRequestedOn]: iso(w.clock.now()) } });
    expect(await onBroadcastHint(w.hint(id), w.deps)).toBe('previewed');
    expect(await onBroadcastHint(w.hint(id), w.deps)).toBe('skipped');
    expect(calls('message/mass/preview')).toBe(1);
    expect(w.sim.sent(DEMO.appid).at(-1)).toMatchObject({ api: 'message/mass/preview', recipients: ['oB'], errcode: 0 });

    await w.operator.update({ collection: EntitySets.Broadcast, key: id, data: { [B.SendRequestedOn]: iso(w.clock.now()) } });
    expect(await onBroadcastHint(w.hint(id), w.deps)).toBe('sent');
    expect(await onBroadcastHint(w.hint(id), w.deps)).toBe('skipped');
    expect(calls('message/mass/sendall')).toBe(1);
    expect(w.sim.sent(DEMO.appid).at(-1)).toMatchObject({ api: 'message/mass/sendall', recipients: ['oA', 'oC'], errcode: 0 });
    expect(w.row(id)).toMatchObject({
      [B.BroadcastStatus]: BroadcastStatus.Sending,
      [B.ChunkCount]: 1,
      [B.ChunksSent]: 1,
      [B.WechatMsgId]: expect.stringMatching(/^\d+$/),
    });

    expect(await finishAll()).toEqual(['recorded']);
    expect(w.row(id)).toMatchObject({
      [B.BroadcastStatus]: BroadcastStatus.Sent,
      [B.ResultStatus]: 'send success',
      [B.TotalCount]: 2,
      [B.FilterCount]: 2,
      [B.SentCount]: 2,
      [B.ErrorCount]: 0,
      [B.FailureReason]: null,
    });
    // The event again (a redelivery), through the relay-tasks worker as delivery forwards it: the same values.
    const deps = { broadcasts: w.deps, logger: w.logger } as unknown as TaskDeps;
    expect(await handleRelayTask(w.massEvents()[0]!, deps)).toBe('done');
    expect(w.row(id)[B.SentCount]).toBe(2);
    // Each tagged follower has one mass message this month.
    const counts = w.dv.rows(EntitySets.Follower).map((f) => [f[Follower.columns.OpenId], f[Follower.columns.MassCount] ?? null]);
    expect(counts.sort()).toEqual([
      ['oA', 1],
      ['oB', null],
      ['oC', 1],
    ]);
  });
});

describe('refused on the row before WeChat is called', () => {
  it('an empty audience, a past schedule, an audience that got 4 this month; the reason in English then Chinese', async () => {
    const tag = await w.tag('Nobody', []);
    const empty = await w.broadcast({ [B.AudienceKind]: AudienceKind.Tag, ...tagBind(tag), [B.Content]: 'x', [B.SendRequestedOn]: iso(w.clock.now()) });
    expect(await onBroadcastHint(w.hint(empty, 'Create'), w.deps)).toBe('refused');
    expect(w.row(empty)).toMatchObject({
      [B.BroadcastStatus]: BroadcastStatus.Failed,
      [B.FailureReason]: 'Refused: the audience has no follower who still follows.\n已拒绝：受众中没有仍在关注的粉丝。',
      [B.SendRequestedOn]: null,
    });
    // Its own write does not bring it back.
    expect(await onBroadcastHint(w.hint(empty), w.deps)).toBe('skipped');

    await w.follower('oA', { [Follower.columns.MassMonth]: '2026-12', [Follower.columns.MassCount]: 4 });
    await w.follower('oB', { [Follower.columns.MassMonth]: '2026-12', [Follower.columns.MassCount]: 4 });
    const past = await w.broadcast({ [B.Content]: 'x', [B.SendOn]: iso(w.clock.now() - 3600_000), [B.SendRequestedOn]: iso(w.clock.now()) });
    expect(await onBroadcastHint(w.hint(past, 'Create'), w.deps)).toBe('refused');
    expect(String(w.row(past)[B.FailureReason])).toBe(
      'Refused: Send On (2026-12-04T01:00:00.000Z) is in the past. Clear it to send now, or choose a later time.\n已拒绝：发送时间（2026-12-04T01:00:00.000Z）已过。清空即立即发送，或选择更晚的时间。',
    );
    const limited = await w.broadcast({ [B.Content]: 'x' });
    expect(await onBroadcastHint(w.hint(limited, 'Create'), w.deps)).toBe('estimated');
    expect(w.row(limited)).toMatchObject({ [B.ReachCount]: 2, [B.ReachMonthLimited]: 2 });
    await w.operator.update({ collection: EntitySets.Broadcast, key: limited, data: { [B.SendRequestedOn]: iso(w.clock.now()) } });
    expect(await onBroadcastHint(w.hint(limited), w.deps)).toBe('refused');
    expect(String(w.row(limited)[B.FailureReason])).toMatch(/^Refused: all 2 followers of the audience already received 4 mass messages this month/);
    expect(calls('message/mass/sendall') + calls('message/mass/send')).toBe(0);
  });

  it('a tag not in WeChat yet; a preview to a follower row (the lookup) reaches their openid', async () => {
    const a = await w.follower('oA');
    await w.follower('oB');
    const pending = w.dv.insert(EntitySets.Tag, {
      [Tag.columns.Name]: 'Not yet',
      [`${Tag.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${w.accountId})`,
    });
    const id = await w.broadcast({ [B.AudienceKind]: AudienceKind.Tag, ...tagBind(pending), [B.Content]: 'x', [B.SendRequestedOn]: iso(w.clock.now()) });
    expect(await onBroadcastHint(w.hint(id, 'Create'), w.deps)).toBe('refused');
    expect(String(w.row(id)[B.FailureReason])).toBe(
      'Refused: the tag is not in WeChat yet (no WeChat tag id); wait until it is synced.\n已拒绝：该标签尚未同步到微信（没有微信标签 ID），请等待同步完成。',
    );
    const preview = await w.broadcast({
      [B.Content]: '预览',
      [`${Broadcast.navigation.PreviewFollowerId}@odata.bind`]: `/${EntitySets.Follower}(${a})`,
      [B.PreviewRequestedOn]: iso(w.clock.now()),
    });
    expect(await onBroadcastHint(w.hint(preview, 'Create'), w.deps)).toBe('previewed');
    expect(w.sim.sent(DEMO.appid).at(-1)).toMatchObject({ api: 'message/mass/preview', recipients: ['oA'], errcode: 0 });
    expect(w.sim.stats().apiCalls['message/mass/sendall'] ?? 0).toBe(0);
  });

  it('a text over 2,048 bytes', async () => {
    await w.follower('oA');
    const long = await w.broadcast({ [B.Content]: '长'.repeat(700), [B.SendRequestedOn]: iso(w.clock.now()) });
    expect(await onBroadcastHint(w.hint(long, 'Create'), w.deps)).toBe('refused');
    expect(String(w.row(long)[B.FailureReason])).toBe(
      'Refused: the text is 2100 bytes; WeChat takes at most 2048.\n已拒绝：文本为 2100 个字节，微信最多接受 2048 个字节。',
    );
    expect(calls('message/mass/sendall')).toBe(0);
  });
});

describe('scheduled', () => {
  it('a future Send On makes it Scheduled; the timer sends it when its time comes', async () => {
    await threeFollowers();
    const id = await w.broadcast({ [B.Content]: 'later', [B.SendOn]: iso(w.clock.now() + 3600_000), [B.SendRequestedOn]: iso(w.clock.now()) });
    expect(await onBroadcastHint(w.hint(id, 'Create'), w.deps)).toBe('scheduled');
    expect(w.row(id)).toMatchObject({ [B.BroadcastStatus]: BroadcastStatus.Scheduled, [B.ReachCount]: 3 });
    const { broadcastTick } = await import('./schedule.js');
    expect((await broadcastTick(w.deps)).started).toBe(0);
    w.clock.advance(3600_000);
    expect((await broadcastTick(w.deps)).started).toBe(1);
    expect(w.sim.sent(DEMO.appid).at(-1)).toMatchObject({ api: 'message/mass/sendall', recipients: ['oA', 'oB', 'oC'] });
    expect(w.row(id)[B.BroadcastStatus]).toBe(BroadcastStatus.Sending);
  });
});
