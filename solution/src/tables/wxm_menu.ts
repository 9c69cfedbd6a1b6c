/**
 * A custom menu (自定义菜单) of an official account: the default menu, or a conditional menu shown to the followers
 * of one tag. The designer (pcf-controls/MenuDesigner) edits wxm_definition, WeChat's own button array; Publish
 * (wxm_publishrequestedon) makes the relay check it against WeChat's limits and call menu/create or
 * menu/addconditional; Import (wxm_importrequestedon, and once at authorization) reads what is live.
 * https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html
 * https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Personalized_menu_interface.html
 */
import { bool, choice, dateTime, lookup, memo, text } from '../dsl/columns.js';
import { label } from '../dsl/labels.js';
import type { TableDef } from '../dsl/types.js';

const menu: TableDef = {
  schemaName: 'wxm_Menu',
  entitySetName: 'wxm_menus',
  displayName: label('WeChat Menu', '微信菜单'),
  pluralName: label('WeChat Menus', '微信菜单'),
  description: label(
    'A custom menu of an official account (default, or conditional by tag), designed here and published to WeChat.',
    '公众号的自定义菜单（默认菜单或按标签的个性化菜单），在此设计并发布到微信。',
  ),
  ownership: 'OrganizationOwned',
  hasNotes: false,
  quickCreate: false,
  audit: true,
  primaryName: text('wxm_Name', label('Name', '名称'), label('What the menu is for, e.g. "Spring menu".', '菜单的用途，例如“春季菜单”。'), 100, {
    required: 'required',
  }),
  columns: [
    lookup(
      'wxm_OfficialAccountId',
      label('Official Account', '公众号'),
      label('The official account whose followers see the menu.', '菜单所属的公众号。'),
      { table: 'wxm_officialaccount', relationship: 'wxm_officialaccount_wxm_menu', cascadeDelete: 'Cascade' },
      { required: 'required' },
    ),
    memo(
      'wxm_Definition',
      label('Definition', '菜单定义'),
      label("The menu's buttons as WeChat takes them (JSON: the button array of menu/create).", '菜单按钮，即微信 menu/create 的 button 数组（JSON）。'),
      100000,
    ),
    bool(
      'wxm_Conditional',
      label('Conditional', '个性化菜单'),
      label('Shown only to the followers of the tag below (a default menu must be live first).', '仅向下方标签的粉丝显示（须先有默认菜单）。'),
      { yes: label('Yes', '是'), no: label('No', '否'), defaultValue: false },
    ),
    lookup(
      'wxm_TagId',
      label('Tag', '标签'),
      label(
        'For a conditional menu: the followers of this tag see it (when several match, the last published wins).',
        '个性化菜单：此标签的粉丝可见（多个匹配时，最后发布的生效）。',
      ),
      { table: 'wxm_tag', relationship: 'wxm_tag_wxm_menu', cascadeDelete: 'RemoveLink' },
    ),
    dateTime(
      'wxm_PublishRequestedOn',
      label('Publish Requested On', '请求发布时间'),
      label('Set by Publish: the relay publishes the menu once for each new request.', '由“发布”设置：每个新请求，中继发布一次菜单。'),
    ),
    dateTime(
      'wxm_PublishHandledOn',
      label('Publish Handled On', '发布处理时间'),
      label('The request the relay handled last (a request newer than this is pending).', '中继最近处理的请求（晚于此时间的请求尚待处理）。'),
    ),
    dateTime(
      'wxm_ImportRequestedOn',
      label('Import Requested On', '请求导入时间'),
      label("Set by Import: the relay reads the account's live menu into this row.", '由“导入”设置：中继将公众号当前生效的菜单读入此记录。'),
    ),
    dateTime(
      'wxm_ImportedOn',
      label('Imported On', '导入时间'),
      label('When the live menu was last read from WeChat into this row.', '最近一次从微信读入当前菜单的时间。'),
    ),
    choice('wxm_State', label('State', '状态'), label('Draft, published, refused or imported.', '草稿、已发布、被拒绝或已导入。'), 'wxm_menustate', {
      defaultValue: 472610000,
    }),
    dateTime('wxm_PublishedOn', label('Published On', '发布时间'), label('When WeChat last took the menu.', '微信最近一次接受此菜单的时间。')),
    text(
      'wxm_WechatMenuId',
      label('WeChat Menu ID', '微信菜单 ID'),
      label("WeChat's menuid of a conditional menu (needed to delete it).", '个性化菜单的微信 menuid（删除时需要）。'),
      100,
    ),
    memo(
      'wxm_FailureReason',
      label('Failure Reason', '失败原因'),
      label('Why the menu was refused, before or by WeChat (English, then Chinese).', '菜单被拒绝的原因（发布前或由微信拒绝；英文，其后中文）。'),
      4000,
    ),
  ],
  keys: [],
};

export default menu;
