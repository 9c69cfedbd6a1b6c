/**
 * Tags both ways, against the WeChat simulator (the tag APIs over HTTP through the real client) and the Dataverse
 * emulator (the real gateway; an operator's changes raise the webhooks the relay receives, parsed as it parses
 * them): create, rename and delete in Dynamics do the same in WeChat once; WeChat's limits are refused before WeChat
 * is called and shown on the row in both languages; pairings tag and untag followers in chunks of 50.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EntitySets, Follower, RowSyncState, Tag } from '@wxm/solution/schema';
import { startTagWorld, type TagWorld } from '@wxm/testkit/kit/relay/tag-world';
import { callApi, DEMO } from '../../../../test/emulators/wechat/testkit/harness.js';
import { parseHint, type DataverseHint } from '../webhook/hint.js';
import { isTagHint, onTagHint } from './tag-hint.js';

const T = Tag.columns;
let w: TagWorld;
beforeEach(async () => {
  w = await startTagWorld();
});
afterEach(() => w.close());

/** Every webhook Dataverse posted so far, handled as the relay's task worker would. */
async function deliver(): Promise<string[]> {
  const outcomes: string[] = [];
  for (const body of await w.takeWebhooks()) {
    const hint = parseHint(body);
    if (isTagHint(hint)) outcomes.push(`${hint.message}:${await onTagHint(hint, w.deps)}`);
  }
  return outcomes;
}
const calls = (api: string) => w.sim.stats().apiCalls[api] ?? 0;
const tagRow = (id: string) => w.dv.rows(EntitySets.Tag).find((r) => r[T.Id] === id) ?? {};
const bind = () => ({ [`${Tag.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${w.accountId})` });
const createTag = async (name: string) => (await w.operator.create({ collection: EntitySets.Tag, data: { [T.Name]: name, ...bind() } })) as string;
const follower = (i: number) =>
  w.dv.insert(EntitySets.Follower, {
    [Follower.columns.Name]: `F${i}`,
    [Follower.columns.OpenId]: `o-tag-${i}`,
    [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${w.accountId})`,
  });

describe('a tag made in Dynamics is made in WeChat', () => {
  it('creates it once, writes back the id, the count and Synced; a repeated hint calls nothing', async () => {
    const id = await createTag('上海展会');
    expect(await deliver()).toEqual(['Create:done']);
    expect(w.sim.tags(DEMO.appid)).toEqual([{ id: 100, name: '上海展会', openids: [] }]);
    expect(tagRow(id)).toMatchObject({ [T.WechatTagId]: 100, [T.FollowerCount]: 0, [T.State]: RowSyncState.Synced, [T.FailureReason]: null });
    // The relay's own write-back raised no hint (the Update step filters on the name and audience columns).
    expect(await deliver()).toEqual([]);
    const again: DataverseHint = { message: 'Create', table: Tag.logicalName, rowId: id, organizationId: w.dv.organizationId, attributes: {} };
    expect(await onTagHint(again, w.deps)).toBe('done');
    expect(calls('tags/create')).toBe(1);
  });

  it('refuses, before WeChat, a name over 30 bytes, a duplicate, the star group and a 101st tag; the row says why in both languages', async () => {
    const long = await createTag('一二三四五六七八九十一');
    await createTag('VIP');
    await deliver();
    const dup = await createTag('VIP');
    const star = await createTag('星标组');
    await deliver();
    expect(calls('tags/create')).toBe(1);
    expect(tagRow(long)).toMatchObject({ [T.State]: RowSyncState.Failed, [T.WechatTagId]: null });
    expect(String(tagRow(long)[T.FailureReason])).toBe(
      'WeChat 45158: The name is longer than WeChat allows: at most 30 bytes, i.e. 30 Latin letters or 10 Chinese characters.\n微信 45158：名称超过微信上限：最多 30 个字节，即 30 个英文字母或 10 个汉字。',
    );
    for (const id of [dup, star]) expect(String(tagRow(id)[T.FailureReason])).toMatch(/^WeChat 45157: .*\n微信 45157：/s);

    for (let i = 0; i < 99; i++) w.sim.createTagInConsole(DEMO.appid, `c${i}`);
    const extra = await createTag('one too many');
    await deliver();
    expect(calls('tags/create')).toBe(1);
    expect(String(tagRow(extra)[T.FailureReason])).toContain('WeChat 45056: The account already has 100 tags');
    // Renaming a refused row fixes it: the Update hint tries again.
    await w.operator.update({ collection: EntitySets.Tag, key: long, data: { [T.Name]: '一二三四五六七八九十' } });
    // The account is full: free a slot in WeChat (as in the MP console) first.
    await callApi(w.sim, 'tags/delete', { access_token: w.token }, { tag: { id: 100 + 1 } });
    expect(await deliver()).toEqual(['Update:done']);
    expect(tagRow(long)).toMatchObject({ [T.State]: RowSyncState.Synced, [T.FailureReason]: null });
    expect(w.sim.tags(DEMO.appid).some((t) => t.name === '一二三四五六七八九十')).toBe(true);
  });

  it('adopts a tag WeChat already has under the name when no other row holds it (a crash before the write-back, or the MP console)', async () => {
    const made = w.sim.createTagInConsole(DEMO.appid, 'Console');
    const id = await createTag('Console');
    await deliver();
    expect(calls('tags/create')).toBe(0);
    expect(tagRow(id)).toMatchObject({ [T.WechatTagId]: made.id, [T.State]: RowSyncState.Synced });
  });

  it('renames it in WeChat; a reserved tag is not renamed (45058)', async () => {
    const id = await createTag('Old');
    await deliver();
    await w.operator.update({ collection: EntitySets.Tag, key: id, data: { [T.Name]: 'New' } });
    expect(await deliver()).toEqual(['Update:done']);
    expect(w.sim.tags(DEMO.appid)).toEqual([{ id: 100, name: 'New', openids: [] }]);
    expect(calls('tags/update')).toBe(1);

    const star = w.dv.insert(EntitySets.Tag, { [T.Name]: '星标组', [T.WechatTagId]: 2, [T.State]: RowSyncState.Synced, ...bind() });
    await w.operator.update({ collection: EntitySets.Tag, key: star, data: { [T.Name]: 'Stars' } });
    await deliver();
    expect(calls('tags/update')).toBe(1);
    expect(String(tagRow(star)[T.FailureReason])).toContain('WeChat 45058');
  });
});

describe('a tag deleted in Dynamics is deleted in WeChat', () => {
  it('deletes it; a hint about a row that still exists deletes nothing', async () => {
    const keep = await createTag('Keep');
    const gone = await createTag('Gone');
    await deliver();
    const forged: DataverseHint = { message: 'Delete', table: Tag.logicalName, rowId: keep, organizationId: w.dv.organizationId, attributes: {} };
    expect(await onTagHint(forged, w.deps)).toBe('skipped');
    await w.operator.deleteRecord({ collection: EntitySets.Tag, key: gone });
    expect(await deliver()).toEqual(['Delete:done']);
    expect(w.sim.tags(DEMO.appid).map((t) => t.name)).toEqual(['Keep']);
    expect(calls('tags/delete')).toBe(1);
  });

  it('a tag on more than 100,000 followers is not deleted (45057): the row comes back with the reason', async () => {
    w.sim.generateFollowers(DEMO.appid, 100_001);
    const token = w.token;
    const openids: string[] = [];
    for (let next = ''; openids.length < 100_001;) {
      const page = await callApi(w.sim, 'user/get', { access_token: token, next_openid: next });
      openids.push(...(page.data.openid as string[]));
      next = page.next_openid;
    }
    w.sim.createTagInConsole(DEMO.appid, 'Everyone', openids);
    const id = await createTag('Everyone');
    await deliver();
    await w.operator.deleteRecord({ collection: EntitySets.Tag, key: id });
    expect(await deliver()).toEqual(['Delete:done']);
    expect(calls('tags/delete')).toBe(0);
    expect(tagRow(id)).toMatchObject({ [T.Name]: 'Everyone', [T.FollowerCount]: 100_001, [T.State]: RowSyncState.Failed });
    expect(String(tagRow(id)[T.FailureReason])).toContain(
      'WeChat 45057: Not deleted in WeChat, so the row was put back: The tag is on more than 100,000 followers',
    );
    expect(String(tagRow(id)[T.FailureReason])).toContain('微信 45057：微信中未删除，因此已恢复此行');
  }, 60_000);
});

describe('pairing followers with a tag tags them in WeChat', () => {
  async function syncedTag(name: string): Promise<string> {
    const id = await createTag(name);
    await deliver();
    return id;
  }
  const pushFollowers = async (n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      await w.sim.push({ appid: DEMO.appid, openid: `o-tag-${i}`, msgType: 'event', event: 'subscribe' });
      ids.push(follower(i));
    }
    return ids;
  };
  const ref = (set: string, id: string) => ({ collection: set, primaryKey: id });

  it('a subgrid pairing tags, its removal untags; both from the follower side too', async () => {
    const tag = await syncedTag('VIP');
    const [f0, f1] = await pushFollowers(2);
    await w.operator.associate({
      ...ref(EntitySets.Tag, tag),
      relationshipName: 'wxm_follower_wxm_tag',
      relatedCollection: EntitySets.Follower,
      relatedKey: f0!,
    });
    await w.operator.associate({
      ...ref(EntitySets.Follower, f1!),
      relationshipName: 'wxm_follower_wxm_tag',
      relatedCollection: EntitySets.Tag,
      relatedKey: tag,
    });
    expect(await deliver()).toEqual(['Associate:done', 'Associate:done']);
    expect(w.sim.tags(DEMO.appid)[0]?.openids).toEqual(['o-tag-0', 'o-tag-1']);
    expect(tagRow(tag)[T.FollowerCount]).toBe(2);
    // The follower's Tags column (WeChat ids) follows, as the follower sync would write it.
    const tagsColumn = (id: string) => w.dv.rows(EntitySets.Follower).find((r) => r[Follower.columns.Id] === id)?.[Follower.columns.Tags];
    expect([tagsColumn(f0!), tagsColumn(f1!)]).toEqual(['100', '100']);
    await w.operator.disassociate({ ...ref(EntitySets.Follower, f0!), relationshipName: 'wxm_follower_wxm_tag', relatedKey: tag });
    expect(await deliver()).toEqual(['Disassociate:done']);
    expect(w.sim.tags(DEMO.appid)[0]?.openids).toEqual(['o-tag-1']);
    expect(tagRow(tag)[T.FollowerCount]).toBe(1);
    expect([tagsColumn(f0!), tagsColumn(f1!)]).toEqual(['', '100']);
  });

  it('a bulk pairing of 120 followers is sent as batches of 50, 50 and 20; a stale hint sends nothing', async () => {
    const tag = await syncedTag('Bulk');
    const ids = await pushFollowers(120);
    for (const id of ids)
      await w.operator.associate({
        ...ref(EntitySets.Tag, tag),
        relationshipName: 'wxm_follower_wxm_tag',
        relatedCollection: EntitySets.Follower,
        relatedKey: id,
      });
    await w.takeWebhooks(); // one hint per pairing as $ref makes them; the bulk action sends them as one:
    const bulk: DataverseHint = {
      message: 'Associate',
      table: Tag.logicalName,
      rowId: tag,
      organizationId: w.dv.organizationId,
      attributes: {},
      pairing: { relationship: 'wxm_follower_wxm_tag', related: ids.map((id) => ({ id, table: Follower.logicalName })) },
    };
    expect(await onTagHint(bulk, w.deps)).toBe('done');
    expect(calls('tags/members/batchtagging')).toBe(3);
    expect(w.sim.tags(DEMO.appid)[0]?.openids).toHaveLength(120);
    // Said to be parted, but still paired in Dataverse: nothing is untagged.
    expect(await onTagHint({ ...bulk, message: 'Disassociate' }, w.deps)).toBe('skipped');
    expect(calls('tags/members/batchuntagging')).toBe(0);
  });

  it('a follower with 20 tags is not tagged a 21st time (45059): its pairing is removed and the tag row says why', async () => {
    const [f0, f1] = await pushFollowers(2);
    const tags: string[] = [];
    for (let i = 0; i < 21; i++) tags.push(await syncedTag(`T${i}`));
    for (const tag of tags.slice(0, 20))
      await w.operator.associate({
        ...ref(EntitySets.Tag, tag),
        relationshipName: 'wxm_follower_wxm_tag',
        relatedCollection: EntitySets.Follower,
        relatedKey: f0!,
      });
    await deliver();
    expect(calls('tags/members/batchtagging')).toBe(20);
    const last = tags[20]!;
    for (const f of [f0!, f1!])
      await w.operator.associate({
        ...ref(EntitySets.Tag, last),
        relationshipName: 'wxm_follower_wxm_tag',
        relatedCollection: EntitySets.Follower,
        relatedKey: f,
      });
    await deliver();
    expect(calls('tags/members/batchtagging')).toBe(21); // f1 only
    const wechatId = tagRow(last)[T.WechatTagId];
    expect(w.sim.tags(DEMO.appid).find((t) => t.id === wechatId)?.openids).toEqual(['o-tag-1']);
    expect(
      w.dv
        .rows('wxm_follower_tag')
        .filter((p) => p.wxm_tagid === last)
        .map((p) => p.wxm_followerid),
    ).toEqual([f1]);
    expect(String(tagRow(last)[T.FailureReason])).toContain('WeChat 45059: A follower already has 20 tags');
    // The relay's own unpairing came back as a hint, initiated by the relay's user: skipped, nothing untagged.
    expect(await deliver()).toEqual(['Disassociate:skipped']);
    expect(calls('tags/members/batchuntagging')).toBe(0);
  }, 60_000);

  it('a follower WeChat does not know is left out of the batch (40003) and the others are tagged', async () => {
    const tag = await syncedTag('Mixed');
    const [f0] = await pushFollowers(1);
    const stranger = follower(99); // a row whose openid WeChat never issued
    for (const f of [f0!, stranger])
      await w.operator.associate({
        ...ref(EntitySets.Tag, tag),
        relationshipName: 'wxm_follower_wxm_tag',
        relatedCollection: EntitySets.Follower,
        relatedKey: f,
      });
    await deliver();
    expect(w.sim.tags(DEMO.appid)[0]?.openids).toEqual(['o-tag-0']);
    expect(String(tagRow(tag)[T.FailureReason])).toContain('WeChat 40003');
  });
});
