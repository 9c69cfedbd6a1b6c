/**
 * Daily follower figures of an Official Account from WeChat's data cube: one row per Beijing calendar day and
 * user_source (getusersummary: new and cancelled followers by where they came from), plus one "all sources" row
 * per day (user_source -1) that carries the day's totals and the cumulative follower count (getusercumulate).
 * The relay writes the rows by the alternate key (account, day, source), so fetching a day again updates it.
 * The key uses wxm_Day (the day as yyyy-MM-dd text) because a string key is addressable the same way in every
 * Dataverse; wxm_Date holds the same day as a date-only value for charts and views.
 * https://developers.weixin.qq.com/doc/offiaccount/Analytics/User_Analysis_Data_Interface.html
 */
import { dateTime, int, lookup, text } from '../dsl/columns.js';
import { label } from '../dsl/labels.js';
import type { TableDef } from '../dsl/types.js';

const MAX_USERS = 2_000_000_000;

const dailyStat: TableDef = {
  schemaName: 'wxm_DailyStat',
  entitySetName: 'wxm_dailystats',
  displayName: label('WeChat Daily Statistic', '微信每日统计'),
  pluralName: label('WeChat Daily Statistics', '微信每日统计'),
  description: label("Follower figures of one day and source, as WeChat's data cube reports them.", '微信数据统计接口报告的某一天、某一来源的粉丝数据。'),
  ownership: 'OrganizationOwned',
  hasNotes: false,
  quickCreate: false,
  audit: false,
  primaryName: text('wxm_Name', label('Name', '名称'), label('The day and the source.', '日期与来源。'), 100, { required: 'required' }),
  columns: [
    lookup(
      'wxm_OfficialAccountId',
      label('Official Account', '公众号'),
      label('The account the figures belong to.', '数据所属的公众号。'),
      { table: 'wxm_officialaccount', relationship: 'wxm_officialaccount_wxm_dailystat', cascadeDelete: 'Cascade' },
      { required: 'required' },
    ),
    {
      ...dateTime('wxm_Date', label('Date', '日期'), label('The day (Beijing time) the figures cover.', '数据所属的日期（北京时间）。'), {
        required: 'required',
      }),
      format: 'date',
      behavior: 'DateOnly',
    },
    // yyyy-MM-dd is 10 characters.
    text('wxm_Day', label('Day', '日'), label('The day as yyyy-MM-dd (part of the row key).', '以 yyyy-MM-dd 表示的日期（行键的一部分）。'), 10, {
      required: 'required',
    }),
    int(
      'wxm_UserSource',
      label('Source', '来源'),
      label(
        "WeChat's user_source: 0 other, 1 search, 17 profile card, 30 QR code, 43 article menu, 51 after payment, 57 article name; -1 = all sources (the day's totals).",
        '微信的 user_source：0 其他，1 公众号搜索，17 名片分享，30 扫描二维码，43 图文页右上角菜单，51 支付后关注，57 图文页内公众号名称；-1 = 全部来源（当日合计）。',
      ),
      -1,
      100_000,
      { required: 'required' },
    ),
    int('wxm_NewUsers', label('New Followers', '新增粉丝'), label('Followers gained that day.', '当日新关注的粉丝数。'), 0, MAX_USERS),
    int('wxm_CancelUsers', label('Unfollowed', '取消关注'), label('Followers lost that day.', '当日取消关注的粉丝数。'), 0, MAX_USERS),
    int('wxm_NetUsers', label('Net Growth', '净增粉丝'), label('New minus unfollowed.', '新增减去取消关注。'), -MAX_USERS, MAX_USERS),
    int(
      'wxm_CumulateUsers',
      label('Total Followers', '累计粉丝'),
      label('Followers at the end of the day (on the all-sources row).', '当日结束时的粉丝总数（在“全部来源”行上）。'),
      0,
      MAX_USERS,
    ),
    dateTime(
      'wxm_FetchedOn',
      label('Fetched On', '获取时间'),
      label('When the relay last fetched the day from WeChat.', '中继服务最近一次从微信获取该日数据的时间。'),
    ),
  ],
  keys: [
    {
      schemaName: 'wxm_dailystat_account_day_source',
      displayName: label('Account, Day and Source', '公众号、日期与来源'),
      columns: ['wxm_officialaccountid', 'wxm_day', 'wxm_usersource'],
    },
  ],
};

export default dailyStat;
