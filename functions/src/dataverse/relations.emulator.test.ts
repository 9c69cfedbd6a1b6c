/**
 * N:N pairings and saved views through the real org client (dynamics-web-api) against the Dataverse emulator:
 * associate (a second time: 'exists'), related rows, disassociate, a saved view run as the application user (with
 * its FetchXML filter, order and paging), and Dataverse's answers for an unknown view, a view of another table,
 * and an org without marketing lists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntitySets, schema } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor, rejection } from '@wxm/testkit/kit/dataverse/org-under-test';
import { withMarketingLists, withoutMarketingLists, withSavedQueries, LIST_CONTACTS } from '../../../test/emulators/dataverse/audience-tables.js';
import type { DataverseEmulator } from '../../../test/emulators/dataverse/index.js';
import { relationsOf } from './relations.js';
import type { DataverseOrg, DataverseRelations } from './types.js';

const emulators = new Emulators();
let dv: DataverseEmulator;
let org: DataverseOrg & DataverseRelations;
let account: string;
const followers: string[] = [];
let tag: string;

beforeAll(async () => {
  dv = await emulators.start({ schema: withMarketingLists(withSavedQueries(schema)) });
  org = relationsOf(gatewayFor(dv).open(credentialsFor(dv)));
  account = dv.insert(EntitySets.OfficialAccount, { wxm_name: 'A', wxm_appid: 'wxrel' });
  const bind = { 'wxm_OfficialAccountId@odata.bind': `/wxm_officialaccounts(${account})` };
  for (let i = 0; i < 7; i++) followers.push(dv.insert(EntitySets.Follower, { wxm_name: `F${i}`, wxm_openid: `o-rel-${i}`, wxm_subscribed: i !== 3, ...bind }));
  tag = dv.insert(EntitySets.Tag, { wxm_name: 'VIP', ...bind });
});
afterAll(() => emulators.closeAll());

describe('pairings', () => {
  it('associates once, lists the related rows, disassociates', async () => {
    expect(await org.associate(EntitySets.Tag, tag, 'wxm_follower_wxm_tag', EntitySets.Follower, followers[0]!)).toBe('associated');
    expect(await org.associate(EntitySets.Tag, tag, 'wxm_follower_wxm_tag', EntitySets.Follower, followers[0]!)).toBe('exists');
    expect(await org.associate(EntitySets.Follower, followers[1]!, 'wxm_follower_wxm_tag', EntitySets.Tag, tag)).toBe('associated');
    const related = await org.related(EntitySets.Tag, tag, 'wxm_follower_wxm_tag', ['wxm_openid']);
    expect(related.map((r) => r.wxm_openid).sort()).toEqual(['o-rel-0', 'o-rel-1']);
    await org.disassociate(EntitySets.Tag, tag, 'wxm_follower_wxm_tag', followers[0]!);
    await org.disassociate(EntitySets.Tag, tag, 'wxm_follower_wxm_tag', followers[0]!); // not paired: still fine
    expect((await org.related(EntitySets.Follower, followers[1]!, 'wxm_follower_wxm_tag', ['wxm_name'])).map((r) => r.wxm_name)).toEqual(['VIP']);
  });

  it('reads a static marketing list’s contacts', async () => {
    const list = dv.insert('lists', { listname: 'Expo visitors', createdfromcode: 2, type: false });
    const c1 = dv.insert('contacts', { firstname: 'Li', lastname: 'Lei' });
    dv.insert('contacts', { firstname: 'Han', lastname: 'Meimei' });
    expect(await org.associate('lists', list, LIST_CONTACTS, 'contacts', c1)).toBe('associated');
    expect((await org.related('lists', list, LIST_CONTACTS, ['contactid'])).map((r) => r.contactid)).toEqual([c1]);
  });
});

describe('saved views', () => {
  const fetchXml = (filter: string) =>
    `<fetch version="1.0" mapping="logical"><entity name="wxm_follower"><attribute name="wxm_openid"/><attribute name="wxm_officialaccountid"/>` +
    `<order attribute="wxm_openid" descending="true"/>${filter}</entity></fetch>`;

  it('runs the view’s FetchXML as the application user, every page', async () => {
    const view = dv.insert('savedqueries', {
      name: 'Following, not F5',
      returnedtypecode: 'wxm_follower',
      querytype: 0,
      fetchxml: fetchXml(
        `<filter type="and"><condition attribute="wxm_subscribed" operator="eq" value="1"/><filter type="or">` +
          `<condition attribute="wxm_name" operator="ne" value="F5"/><condition attribute="wxm_name" operator="null"/></filter></filter>`,
      ),
    });
    const rows = await org.savedQuery(EntitySets.Follower, view);
    expect(rows.map((r) => r.wxm_openid)).toEqual(['o-rel-6', 'o-rel-4', 'o-rel-2', 'o-rel-1', 'o-rel-0']);
    expect(rows[0]?._wxm_officialaccountid_value).toBe(account);
  });

  it('follows the view’s pages past 5,000 rows', async () => {
    const many = await emulators.start({ schema: withSavedQueries(schema) });
    const acc = many.insert(EntitySets.OfficialAccount, { wxm_name: 'B', wxm_appid: 'wxpages' });
    for (let i = 0; i < 5_003; i++)
      many.insert(EntitySets.Follower, { wxm_name: `P${i}`, wxm_openid: `o-page-${i}`, 'wxm_OfficialAccountId@odata.bind': `/wxm_officialaccounts(${acc})` });
    const id = many.insert('savedqueries', { name: 'All', returnedtypecode: 'wxm_follower', fetchxml: fetchXml('') });
    const rows = await relationsOf(gatewayFor(many).open(credentialsFor(many))).savedQuery(EntitySets.Follower, id);
    expect(rows.length).toBe(5_003);
    expect(new Set(rows.map((r) => r.wxm_openid)).size).toBe(5_003);
  }, 60_000);

  it('refuses an unknown view (404 0x80040217) and a view of another table (400)', async () => {
    const unknown = await rejection(org.savedQuery(EntitySets.Follower, '0f0f0f0f-0000-4000-8000-000000000000'));
    expect([unknown.status, unknown.code]).toEqual([404, '0x80040217']);
    const contacts = dv.insert('savedqueries', { name: 'Contacts', returnedtypecode: 'contact', fetchxml: '<fetch><entity name="contact"/></fetch>' });
    const wrong = await rejection(org.savedQuery(EntitySets.Follower, contacts));
    expect(wrong.status).toBe(400);
    const linked = dv.insert('savedqueries', {
      name: 'Linked',
      returnedtypecode: 'wxm_follower',
      fetchxml: '<fetch><entity name="wxm_follower"><link-entity name="contact" from="contactid" to="wxm_contactid"/></entity></fetch>',
    });
    expect((await rejection(org.savedQuery(EntitySets.Follower, linked))).message).toContain('link-entity');
  });

  it('an org without Dynamics 365 Sales has no lists entity set (404 0x8006088a)', async () => {
    const bare = await emulators.start({ schema: withoutMarketingLists(withSavedQueries(schema)) });
    const e = await rejection(relationsOf(gatewayFor(bare).open(credentialsFor(bare))).related('lists', followers[0]!, LIST_CONTACTS));
    expect([e.status, e.code]).toEqual([404, '0x8006088a']);
  });
});
