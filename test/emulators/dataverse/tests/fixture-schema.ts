/**
 * A small SchemaModel mirroring ARCHITECTURE.md's tables, so the emulator's own tests do not move when the
 * solution grows. (The solution's generated schema is exercised by default-schema.test.ts.)
 * It adds a file column (wxm_message.wxm_media) to cover the file endpoints.
 */
import type { ColumnModel, ColumnType, OptionSetModel, SchemaModel, TableModel } from '../../../../solution/src/model.js';

const c = (logicalName: string, type: ColumnType, extra: Partial<ColumnModel> = {}): ColumnModel => ({
  logicalName,
  schemaName: logicalName,
  type,
  required: 'none',
  ...extra,
});

function table(
  logicalName: string,
  entitySetName: string,
  ownership: TableModel['ownership'],
  columns: ColumnModel[],
  keys: TableModel['alternateKeys'],
): TableModel {
  const id = c(`${logicalName}id`, 'primarykey');
  return {
    logicalName,
    schemaName: logicalName,
    entitySetName,
    primaryIdAttribute: id.logicalName,
    primaryNameAttribute: 'wxm_name',
    ownership,
    columns: Object.fromEntries([id, c('wxm_name', 'string', { maxLength: 100 }), ...columns].map((x) => [x.logicalName, x])),
    alternateKeys: keys,
    hasNotes: true,
  };
}

const options = (name: string, values: [number, string][]): OptionSetModel => ({
  name,
  isGlobal: true,
  options: values.map(([value, n]) => ({ value, name: n, labels: { 1033: n, 2052: n } })),
});

const account = c('wxm_officialaccountid', 'lookup', { targets: ['wxm_officialaccount'], navigationProperty: 'wxm_OfficialAccountId' });

export const fixtureSchema: SchemaModel = {
  publisherPrefix: 'wxm',
  optionValuePrefix: 47261,
  tables: {
    wxm_officialaccount: table(
      'wxm_officialaccount',
      'wxm_officialaccounts',
      'OrganizationOwned',
      [c('wxm_appid', 'string', { maxLength: 32 }), c('wxm_originalid', 'string', { maxLength: 32 })],
      [{ logicalName: 'wxm_officialaccount_appid', columns: ['wxm_appid'] }],
    ),
    wxm_signedservice: table(
      'wxm_signedservice',
      'wxm_signedservices',
      'OrganizationOwned',
      [
        c('wxm_clientid', 'string', { maxLength: 100 }),
        c('wxm_clientsecret', 'string', { maxLength: 255, secured: true }),
        c('wxm_cloud', 'picklist', { optionSet: 'wxm_cloud' }),
        c('wxm_agreementaccepted', 'boolean'),
        { ...account },
      ],
      [],
    ),
    wxm_follower: table(
      'wxm_follower',
      'wxm_followers',
      'UserOwned',
      [
        c('wxm_openid', 'string', { maxLength: 64 }),
        c('wxm_unionid', 'string', { maxLength: 64 }),
        { ...account },
        c('wxm_contactid', 'lookup', { targets: ['contact'], navigationProperty: 'wxm_ContactId' }),
        c('wxm_subscribed', 'boolean'),
        c('wxm_lastinteractionon', 'datetime'),
        c('wxm_birthday', 'datetime', { dateTimeBehavior: 'DateOnly' }),
      ],
      [{ logicalName: 'wxm_follower_openid_account', columns: ['wxm_openid', 'wxm_officialaccountid'] }],
    ),
    wxm_message: table(
      'wxm_message',
      'wxm_messages',
      'UserOwned',
      [
        { ...account },
        c('wxm_followerid', 'lookup', { targets: ['wxm_follower'], navigationProperty: 'wxm_FollowerId' }),
        c('wxm_direction', 'picklist', { optionSet: 'wxm_direction' }),
        c('wxm_content', 'memo', { maxLength: 1048576 }),
        c('wxm_wechatmsgid', 'string', { maxLength: 200 }),
        c('wxm_errorcode', 'integer'),
        c('wxm_latitude', 'decimal'),
        c('wxm_media', 'file'),
      ],
      [{ logicalName: 'wxm_message_account_msgid', columns: ['wxm_officialaccountid', 'wxm_wechatmsgid'] }],
    ),
  },
  // One relationship with its collection-valued navigation property, for deep inserts through a custom lookup.
  relationships: [
    {
      schemaName: 'wxm_follower_wxm_message',
      referencedEntity: 'wxm_follower',
      referencedAttribute: 'wxm_followerid',
      referencingEntity: 'wxm_message',
      referencingAttribute: 'wxm_followerid',
      referencingNavigationProperty: 'wxm_FollowerId',
      referencedNavigationProperty: 'wxm_follower_wxm_message',
      cascadeDelete: 'Restrict',
    },
  ],
  optionSets: {
    wxm_direction: options('wxm_direction', [
      [472610000, 'Inbound'],
      [472610001, 'Outbound'],
    ]),
    wxm_cloud: options('wxm_cloud', [
      [472610000, 'Global'],
      [472610001, 'China'],
    ]),
  },
};

export const INBOUND = 472610000;
export const OUTBOUND = 472610001;
