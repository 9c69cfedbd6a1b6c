import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EntitySets, Follower, Message, MessageType, MessageTypeByExternalValue, Direction, schema } from '../generated/schema.js';
import { GENERATED_SCHEMA_PATH, generatedSchemaText } from './generate.js';
import { DEFAULT_REPO_ROOT, loadSolutionSource } from './load.js';

describe('solution/generated/schema.ts', () => {
  it('is what `npm run generate` produces from solution/src (run it after changing a definition)', async () => {
    const committed = readFileSync(path.join(DEFAULT_REPO_ROOT, GENERATED_SCHEMA_PATH), 'utf8');
    expect(committed).toBe(generatedSchemaText(await loadSolutionSource()));
  });

  it('exposes the fixed names of ARCHITECTURE.md', () => {
    // Later tables (issue 10 and on) join these; the first four keep their names.
    expect(EntitySets).toMatchObject({
      Follower: 'wxm_followers',
      Message: 'wxm_messages',
      OfficialAccount: 'wxm_officialaccounts',
      SignedService: 'wxm_signedservices',
    });
    expect(schema.tables['wxm_officialaccount']!.columns['wxm_appid']).toMatchObject({ type: 'string', maxLength: 32, required: 'required' });
    expect([Follower.columns.OpenId, Follower.columns.UnionId, Message.columns.Content, Message.columns.WeChatMsgId, Message.columns.Direction]).toEqual([
      'wxm_openid',
      'wxm_unionid',
      'wxm_content',
      'wxm_wechatmsgid',
      'wxm_direction',
    ]);
    expect(Direction).toEqual({ Inbound: 472610000, Outbound: 472610001 });
  });

  it('carries alternate keys, navigation properties and WeChat values for the relay', () => {
    expect(Follower.keys).toEqual({ wxm_follower_openid_account: ['wxm_openid', 'wxm_officialaccountid'] });
    expect(Message.keys).toEqual({ wxm_message_account_msgid: ['wxm_officialaccountid', 'wxm_wechatmsgid'] });
    expect(Message.navigation).toEqual({ OfficialAccountId: 'wxm_OfficialAccountId', FollowerId: 'wxm_FollowerId' });
    // The notes relationship Dataverse creates for a table with notes: lower-case table name, case-sensitive.
    expect(Message.notes).toEqual({ collection: 'wxm_message_Annotations', regarding: 'objectid_wxm_message' });
    expect(schema.tables['wxm_message']!.notes).toEqual(Message.notes);
    expect('notes' in schema.tables['wxm_officialaccount']!).toBe(false);
    expect(schema.tables['wxm_message']!.columns['wxm_followerid']).toMatchObject({
      type: 'lookup',
      targets: ['wxm_follower'],
      navigationProperty: 'wxm_FollowerId',
    });
    expect(MessageTypeByExternalValue['shortvideo']).toBe(MessageType.ShortVideo);
    expect(schema.tables['wxm_signedservice']!.columns['wxm_clientsecret']).toMatchObject({ secured: true, maxLength: 255 });
    expect(schema.relationships).toContainEqual({
      schemaName: 'wxm_contact_wxm_follower',
      referencedEntity: 'contact',
      referencedAttribute: 'contactid',
      referencingEntity: 'wxm_follower',
      referencingAttribute: 'wxm_contactid',
      referencingNavigationProperty: 'wxm_ContactId',
      referencedNavigationProperty: 'wxm_contact_wxm_follower',
      cascadeDelete: 'RemoveLink',
    });
  });
});
