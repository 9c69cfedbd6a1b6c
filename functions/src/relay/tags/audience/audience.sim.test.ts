/**
 * Audience tags against the WeChat simulator and the Dataverse emulator: a saved view of followers, a saved view of
 * contacts and a static marketing list of contacts (contacts linked by the follower's Contact column or by a binding)
 * become the tag's followers in WeChat and in Dataverse, and stay in step when the segment changes; an environment
 * without marketing lists says so on the row.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Binding, EntitySets, Follower, RowSyncState, Tag } from '@wxm/solution/schema';
import { startTagWorld, type TagWorld } from '@wxm/testkit/kit/relay/tag-world';
import { DEMO } from '../../../../../test/emulators/wechat/testkit/harness.js';
import { LIST_CONTACTS } from '../../../../../test/emulators/dataverse/audience-tables.js';
import { parseHint } from '../../webhook/hint.js';
import { isTagHint, onTagHint } from '../tag-hint.js';
import { reconcileAudience } from './reconcile.js';

const T = Tag.columns;
const FC = Follower.columns;
let w: TagWorld;
afterEach(() => w.close());

async function deliver(): Promise<string[]> {
  const out: string[] = [];
  for (const body of await w.takeWebhooks()) {
    const hint = parseHint(body);
    if (isTagHint(hint)) out.push(`${hint.message}:${await onTagHint(hint, w.deps)}`);
  }
  return out;
}
const account = () => ({ [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${w.accountId})` });
async function followers(n: number, extra: (i: number) => Record<string, unknown> = () => ({})): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    await w.sim.push({ appid: DEMO.appid, openid: `o-aud-${i}`, msgType: 'event', event: 'subscribe' });
    ids.push(w.dv.insert(EntitySets.Follower, { [FC.Name]: `F${i}`, [FC.OpenId]: `o-aud-${i}`, [FC.Subscribed]: true, ...account(), ...extra(i) }));
  }
  return ids;
}
async function syncedTag(name: string): Promise<string> {
  const id = (await w.operator.create({
    collection: EntitySets.Tag,
    data: { [T.Name]: name, [`${Tag.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${w.accountId})` },
  })) as string;
  await deliver();
  return id;
}
const wechatMembers = (name: string) => w.sim.tags(DEMO.appid).find((t) => t.name === name)?.openids ?? [];
const tagRow = (id: string) => w.dv.rows(EntitySets.Tag).find((r) => r[T.Id] === id) ?? {};
const view = (table: string, filter: string) =>
  w.dv.insert('savedqueries', {
    name: 'Audience',
    returnedtypecode: table,
    querytype: 0,
    fetchxml: `<fetch><entity name="${table}"><attribute name="${table}id"/><filter type="and">${filter}</filter></entity></fetch>`,
  });

describe('an audience tag follows a saved view', () => {
  it('of followers: set on the tag, its followers are tagged; leaving the view untags them on the next reconcile', async () => {
    w = await startTagWorld();
    const ids = await followers(6, (i) => ({ [FC.Remark]: i % 2 === 0 ? `VIP ${i}` : `guest ${i}` }));
    const tag = await syncedTag('VIP audience');
    const viewId = view('wxm_follower', '<condition attribute="wxm_remark" operator="like" value="VIP%"/>');
    await w.operator.update({ collection: EntitySets.Tag, key: tag, data: { [T.AudienceViewId]: viewId } });
    expect(await deliver()).toEqual(['Update:done']);
    expect(wechatMembers('VIP audience')).toEqual(['o-aud-0', 'o-aud-2', 'o-aud-4']);
    expect(tagRow(tag)).toMatchObject({ [T.FollowerCount]: 3, [T.AudienceSyncedOn]: '2026-12-03T08:00:00Z', [T.State]: RowSyncState.Synced });
    // The relay's own pairings came back as hints: skipped, nothing sent twice.
    expect((await deliver()).every((e) => e === 'Associate:skipped')).toBe(true);
    expect(w.sim.stats().apiCalls['tags/members/batchtagging']).toBe(1);

    await w.operator.update({ collection: EntitySets.Follower, key: ids[2]!, data: { [FC.Remark]: 'former VIP' } });
    await w.operator.update({ collection: EntitySets.Follower, key: ids[5]!, data: { [FC.Remark]: 'VIP now' } });
    expect(await reconcileAudience(w.dv.organizationId, tag, w.deps)).toEqual({ outcome: 'reconciled', added: 1, removed: 1 });
    expect(wechatMembers('VIP audience')).toEqual(['o-aud-0', 'o-aud-4', 'o-aud-5']);
    expect(await reconcileAudience(w.dv.organizationId, tag, w.deps)).toEqual({ outcome: 'reconciled', added: 0, removed: 0 });
  });

  it('of contacts: followers linked by their Contact column or by a binding', async () => {
    w = await startTagWorld();
    const shanghai = w.dv.insert('contacts', { firstname: 'A', lastname: 'Shanghai', description: 'Shanghai' });
    const bound = w.dv.insert('contacts', { firstname: 'B', lastname: 'Shanghai', description: 'Shanghai' });
    w.dv.insert('contacts', { firstname: 'C', lastname: 'Beijing', description: 'Beijing' });
    const ids = await followers(3, (i) => (i === 0 ? { [`${Follower.navigation.ContactId}@odata.bind`]: `/contacts(${shanghai})` } : {}));
    w.dv.insert(EntitySets.Binding, {
      [Binding.columns.Name]: 'B',
      [Binding.columns.Source]: 'scan:test',
      [`${Binding.navigation.FollowerId}@odata.bind`]: `/${EntitySets.Follower}(${ids[1]})`,
      [`${Binding.navigation.ContactId}@odata.bind`]: `/contacts(${bound})`,
    });
    const tag = await syncedTag('Shanghai');
    await w.operator.update({
      collection: EntitySets.Tag,
      key: tag,
      data: { [T.AudienceViewId]: view('contact', '<condition attribute="description" operator="eq" value="Shanghai"/>') },
    });
    await deliver();
    expect(wechatMembers('Shanghai')).toEqual(['o-aud-0', 'o-aud-1']);
  });
});

describe('an audience of many followers', () => {
  it('is paired in one $batch, not a request per follower, and tagged in WeChat 50 a call', async () => {
    w = await startTagWorld();
    await followers(120, (i) => ({ [FC.Remark]: i < 110 ? 'VIP' : 'guest' }));
    const tag = await syncedTag('Big audience');
    const before = w.dv.requestLog().length;
    await w.operator.update({
      collection: EntitySets.Tag,
      key: tag,
      data: { [T.AudienceViewId]: view('wxm_follower', '<condition attribute="wxm_remark" operator="eq" value="VIP"/>') },
    });
    await deliver();
    expect(wechatMembers('Big audience').length).toBe(110);
    expect(w.dv.rows('wxm_follower_tag').length).toBe(110);
    const writes = w.dv
      .requestLog()
      .slice(before)
      .filter((e) => e.method !== 'GET');
    // Operations per write request: the operator's save, the 110 pairings in one $batch, the Tags columns as WeChat
    // tagged them (50, 50, 10), the tag row's count and its audience time. (Queries with long filters go as $batch too.)
    expect(writes.filter((e) => (e.writes ?? 0) > 0).map((e) => `${e.method} ${e.path.endsWith('$batch') ? '$batch' : 'row'} ${e.writes}`)).toEqual([
      'PATCH row 1',
      'POST $batch 110',
      'POST $batch 50',
      'POST $batch 50',
      'POST $batch 10',
      'PATCH row 1',
      'PATCH row 1',
    ]);
    expect(w.sim.stats().apiCalls['tags/members/batchtagging']).toBe(3);
  });
});

describe('an audience tag follows a static marketing list', () => {
  it('its contacts’ followers are tagged', async () => {
    w = await startTagWorld();
    const c1 = w.dv.insert('contacts', { firstname: 'Li', lastname: 'Lei' });
    const c2 = w.dv.insert('contacts', { firstname: 'Han', lastname: 'Meimei' });
    await followers(3, (i) => (i < 2 ? { [`${Follower.navigation.ContactId}@odata.bind`]: `/contacts(${i === 0 ? c1 : c2})` } : {}));
    const list = w.dv.insert('lists', { listname: 'Expo', createdfromcode: 2, type: false });
    for (const c of [c1])
      await w.operator.associate({ collection: 'lists', primaryKey: list, relationshipName: LIST_CONTACTS, relatedCollection: 'contacts', relatedKey: c });
    const tag = await syncedTag('Expo');
    await w.operator.update({ collection: EntitySets.Tag, key: tag, data: { [T.AudienceListId]: list } });
    await deliver();
    expect(wechatMembers('Expo')).toEqual(['o-aud-0']);
    await w.operator.associate({ collection: 'lists', primaryKey: list, relationshipName: LIST_CONTACTS, relatedCollection: 'contacts', relatedKey: c2 });
    expect(await reconcileAudience(w.dv.organizationId, tag, w.deps)).toMatchObject({ added: 1, removed: 0 });
    expect(wechatMembers('Expo')).toEqual(['o-aud-0', 'o-aud-1']);
  });

  it('where Marketing Lists are absent, the row says to use a view, in both languages', async () => {
    w = await startTagWorld({ marketingLists: false });
    const tag = await syncedTag('Expo');
    await w.operator.update({ collection: EntitySets.Tag, key: tag, data: { [T.AudienceListId]: '0f0f0f0f-0000-4000-8000-000000000001' } });
    await deliver();
    expect(String(tagRow(tag)[T.FailureReason])).toBe(
      'This environment has no marketing lists (Dynamics 365 Sales is not installed). Use a saved view of followers or contacts as the audience instead.\n此环境没有营销列表（未安装 Dynamics 365 Sales）。请改用粉丝或联系人的系统视图作为受众。',
    );
    expect(w.sim.stats().apiCalls['tags/members/batchtagging'] ?? 0).toBe(0);
  });
});

describe('with the relay role the solution ships', () => {
  it('a view audience runs (prvReadQuery); a marketing list the role cannot read says so on the row', async () => {
    w = await startTagWorld({ shippedRelayRole: true });
    await followers(2, (i) => ({ [FC.Remark]: i === 0 ? 'VIP' : 'guest' }));
    const tag = await syncedTag('Role');
    await w.operator.update({
      collection: EntitySets.Tag,
      key: tag,
      data: { [T.AudienceViewId]: view('wxm_follower', '<condition attribute="wxm_remark" operator="eq" value="VIP"/>') },
    });
    await deliver();
    expect(wechatMembers('Role')).toEqual(['o-aud-0']);

    const list = w.dv.insert('lists', { listname: 'Expo', createdfromcode: 2, type: false });
    const other = await syncedTag('Listed');
    await w.operator.update({ collection: EntitySets.Tag, key: other, data: { [T.AudienceListId]: list } });
    await deliver();
    expect(String(tagRow(other)[T.FailureReason])).toContain("The relay's application user may not read this audience");
  });
});
