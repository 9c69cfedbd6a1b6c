/**
 * A WeChat user tag (用户标签) of an official account. Creating, renaming or deleting a row does the same in WeChat
 * (the relay writes back the WeChat id, the sync state and, on failure, WeChat's code with our explanation);
 * pairing followers with a tag (N:N wxm_follower_wxm_tag) tags them in WeChat. Tags made in the MP console arrive
 * by the tag sync. An audience tag names a marketing list or a saved view whose members the relay keeps tagged.
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
import { choice, dateTime, int, lookup, text } from '../dsl/columns.js';
import { label } from '../dsl/labels.js';
import type { TableDef } from '../dsl/types.js';

const tag: TableDef = {
  schemaName: 'wxm_Tag',
  entitySetName: 'wxm_tags',
  displayName: label('WeChat Tag', '微信标签'),
  pluralName: label('WeChat Tags', '微信标签'),
  description: label(
    'A WeChat user tag of an official account, kept in step with WeChat both ways; optionally an audience tag of a marketing list or view.',
    '公众号的微信用户标签，与微信双向同步；也可作为营销列表或视图的受众标签。',
  ),
  ownership: 'OrganizationOwned',
  hasNotes: false,
  quickCreate: true,
  audit: true,
  // WeChat: at most 30 bytes (10 Chinese characters); the relay checks the bytes before calling WeChat.
  primaryName: text(
    'wxm_Name',
    label('Name', '名称'),
    label('The tag name shown in WeChat (at most 30 bytes).', '在微信中显示的标签名（最多 30 个字节）。'),
    30,
    {
      required: 'required',
    },
  ),
  columns: [
    lookup(
      'wxm_OfficialAccountId',
      label('Official Account', '公众号'),
      label('The official account the tag belongs to.', '标签所属的公众号。'),
      { table: 'wxm_officialaccount', relationship: 'wxm_officialaccount_wxm_tag', cascadeDelete: 'Restrict' },
      { required: 'required' },
    ),
    int(
      'wxm_WechatTagId',
      label('WeChat Tag ID', '微信标签 ID'),
      label("WeChat's id of the tag; empty until WeChat created it.", '微信的标签编号；微信创建前为空。'),
      0,
      2147483647,
    ),
    int(
      'wxm_FollowerCount',
      label('Followers', '粉丝数'),
      label('Followers with the tag, as WeChat last reported.', '微信最近报告的带有此标签的粉丝数。'),
      0,
      2147483647,
    ),
    choice('wxm_State', label('Sync State', '同步状态'), label('Whether WeChat holds the tag as shown.', '微信中的标签是否与此一致。'), 'wxm_rowsyncstate'),
    text(
      'wxm_FailureReason',
      label('Failure Reason', '失败原因'),
      label('Why WeChat did not take the last change (English, then Chinese).', '微信未接受最近一次更改的原因（英文，其后中文）。'),
      2000,
    ),
    // The list's id as text, not a lookup: a lookup to `list` would stop the solution from importing where
    // Dynamics 365 Sales (and so Marketing Lists) is not installed, and there views alone must serve.
    text(
      'wxm_AudienceListId',
      label('Audience Marketing List', '受众营销列表'),
      label(
        'Id of a static marketing list whose members (contacts linked to followers) the tag is kept in step with.',
        '标签与之保持一致的静态营销列表的 ID（成员为关联粉丝的联系人）。',
      ),
      100,
    ),
    text(
      'wxm_AudienceViewId',
      label('Audience View', '受众视图'),
      label('Id of a saved view of followers or contacts whose rows the tag is kept in step with.', '标签与之保持一致的粉丝或联系人系统视图的 ID。'),
      100,
    ),
    dateTime(
      'wxm_AudienceSyncedOn',
      label('Audience Synced On', '受众同步时间'),
      label('When the audience was last reconciled with WeChat.', '受众最近一次与微信核对的时间。'),
    ),
  ],
  keys: [],
  manyToMany: [
    {
      schemaName: 'wxm_follower_wxm_tag',
      intersectEntityName: 'wxm_follower_tag',
      entity1: 'wxm_follower',
      entity2: 'wxm_tag',
      description: label('Tags of a follower.', '粉丝的标签。'),
    },
  ],
};

export default tag;
