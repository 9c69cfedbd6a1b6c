/**
 * A WeChat user who follows (or followed) an Official Account. One row per openid and account;
 * the relay upserts it on every message and event.
 */
import { bool, choice, dateTime, int, lookup, text } from '../dsl/columns.js';
import { label } from '../dsl/labels.js';
import type { TableDef } from '../dsl/types.js';

const follower: TableDef = {
  schemaName: 'wxm_Follower',
  entitySetName: 'wxm_followers',
  displayName: label('Follower', '粉丝'),
  pluralName: label('Followers', '粉丝'),
  description: label('A WeChat user of an Official Account.', '公众号的微信用户。'),
  ownership: 'UserOwned',
  hasNotes: true,
  quickCreate: false,
  audit: false,
  primaryName: text('wxm_Name', label('Name', '名称'), label('Remark or openid of the follower.', '粉丝的备注名或 openid。'), 100, { required: 'required' }),
  columns: [
    // An openid is 28 characters today; 64 is WeChat's documented ceiling for ids in this family.
    text('wxm_OpenId', label('OpenID', 'OpenID'), label("The follower's id for this account.", '粉丝在此公众号下的 ID。'), 64, { required: 'required' }),
    text(
      'wxm_UnionId',
      label('UnionID', 'UnionID'),
      label("The follower's id across accounts of the same Open Platform.", '粉丝在同一开放平台各账号间通用的 ID。'),
      64,
    ),
    lookup(
      'wxm_OfficialAccountId',
      label('Official Account', '公众号'),
      label('The account followed.', '所关注的公众号。'),
      {
        table: 'wxm_officialaccount',
        relationship: 'wxm_officialaccount_wxm_follower',
        cascadeDelete: 'Restrict',
      },
      { required: 'required' },
    ),
    lookup('wxm_ContactId', label('Contact', '联系人'), label('The contact this follower is.', '此粉丝对应的联系人。'), {
      table: 'contact',
      relationship: 'wxm_contact_wxm_follower',
      cascadeDelete: 'RemoveLink',
    }),
    bool('wxm_Subscribed', label('Following', '关注中'), label('Whether the user follows the account now.', '用户当前是否关注公众号。'), {
      yes: label('Following', '关注中'),
      no: label('Not Following', '未关注'),
      defaultValue: true,
    }),
    dateTime('wxm_SubscribedOn', label('Followed On', '关注时间'), label('When the user last followed.', '用户最近一次关注的时间。')),
    // Template messages (relay/templates): WeChat reported `failed:user block`, so no template message is sent to
    // this follower again (a suppression, not a retry) until someone clears it.
    bool(
      'wxm_TemplateBlocked',
      label('Blocks Template Messages', '已拒收模板消息'),
      label(
        'The follower refused template messages from the account; none is sent while this is Yes.',
        '粉丝已拒收公众号的模板消息；为“是”时不再发送模板消息。',
      ),
      { yes: label('Blocks', '已拒收'), no: label('Accepts', '接收'), defaultValue: false },
    ),
    dateTime('wxm_UnsubscribedOn', label('Unfollowed On', '取消关注时间'), label('When the user last unfollowed.', '用户最近一次取消关注的时间。')),
    choice('wxm_SubscribeScene', label('Subscribe Scene', '关注渠道'), label('How the user came to follow.', '用户关注的渠道。'), 'wxm_subscribescene'),
    // QR scene strings are at most 64 characters (scene_str).
    text(
      'wxm_QrScene',
      label('QR Code Scene', '二维码场景'),
      label('Scene of the parametric QR code the user followed from.', '用户关注时所扫描带参数二维码的场景值。'),
      64,
    ),
    dateTime(
      'wxm_LastInteractionOn',
      label('Last Interaction On', '最近互动时间'),
      label('When the user last wrote or clicked; replies are allowed for 48 hours after.', '用户最近发消息或点击的时间；此后 48 小时内可以回复。'),
    ),
    text('wxm_Language', label('Language', '语言'), label("The user's WeChat language, e.g. zh_CN.", '用户的微信语言，例如 zh_CN。'), 20),
    text('wxm_Tags', label('Tags', '标签'), label('Ids of the WeChat tags on the user, comma separated.', '用户的微信标签编号，以逗号分隔。'), 500),
    // WeChat limits a remark to 30 characters.
    text('wxm_Remark', label('Remark', '备注名'), label('Remark name set in WeChat.', '在微信中设置的备注名。'), 30),
    // Scan attribution (qrcodes): first-touch and latest channel, referral counts.
    lookup(
      'wxm_SourceQrCodeId',
      label('Source QR Code', '来源二维码'),
      label('The QR code the follower first arrived through.', '粉丝首次通过的二维码渠道。'),
      {
        table: 'wxm_qrcode',
        relationship: 'wxm_qrcode_wxm_follower_source',
        cascadeDelete: 'RemoveLink',
      },
    ),
    lookup('wxm_LatestChannelId', label('Latest Channel', '最近渠道'), label('The QR code the follower last scanned.', '粉丝最近扫描的二维码渠道。'), {
      table: 'wxm_qrcode',
      relationship: 'wxm_qrcode_wxm_follower_latest',
      cascadeDelete: 'RemoveLink',
    }),
    lookup('wxm_ReferredById', label('Referred By', '推荐人'), label('The follower whose referral code brought this one.', '通过其推荐码带来此粉丝的粉丝。'), {
      table: 'wxm_follower',
      relationship: 'wxm_follower_wxm_follower_referredby',
      cascadeDelete: 'RemoveLink',
    }),
    int(
      'wxm_Referrals',
      label('Referrals', '推荐人数'),
      label("Followers who arrived through this follower's referral codes.", '通过此粉丝推荐码关注的粉丝数。'),
      0,
      2147483647,
    ),
    int(
      'wxm_ReferralsFollowing',
      label('Referrals Still Following', '推荐留存人数'),
      label('Of the referrals, those who still follow.', '推荐粉丝中仍在关注的人数。'),
      0,
      2147483647,
    ),
    // Referral programs (qrcodes): set once, when the referrals reach the program's threshold; a Power Automate flow
    // triggers on it (reward tag, template message, …).
    dateTime(
      'wxm_ReferralGoalReachedOn',
      label('Referral Goal Reached On', '推荐达标时间'),
      label("When this follower's referrals reached the referral program's threshold.", '此粉丝的推荐人数达到裂变活动达标人数的时间。'),
    ),
    // The customer-service reply window (relay/window/reply-window.ts): what opened each allowance and how much of it
    // the senders used. Delivery resets a count when a newer opener arrives; every customer-service sender adds one.
    dateTime(
      'wxm_LastMessageOn',
      label('Last Message On', '最近发消息时间'),
      label(
        'When the follower last wrote; 5 customer-service messages are allowed for 48 hours after.',
        '粉丝最近发消息的时间；此后 48 小时内可发送 5 条客服消息。',
      ),
    ),
    dateTime(
      'wxm_LastEventOn',
      label('Last Follow, Scan or Click On', '最近关注、扫码或点击时间'),
      label(
        'When the follower last followed, scanned a QR code or clicked a menu button; 3 customer-service messages are allowed for 1 minute after.',
        '粉丝最近关注、扫码或点击菜单的时间；此后 1 分钟内可发送 3 条客服消息。',
      ),
    ),
    int(
      'wxm_SentSinceMessage',
      label('Sent Since Last Message', '自最近消息后已发送'),
      label("Customer-service messages sent within the follower's 48-hour allowance.", '在粉丝 48 小时额度内已发送的客服消息数。'),
      0,
      2147483647,
    ),
    int(
      'wxm_SentSinceEvent',
      label('Sent Since Last Follow, Scan or Click', '自最近关注、扫码或点击后已发送'),
      label("Customer-service messages sent within the follower's 1-minute allowance.", '在粉丝 1 分钟额度内已发送的客服消息数。'),
      0,
      2147483647,
    ),
    // Mass sends (relay/broadcasts): WeChat delivers at most 4 a calendar month to a follower of a service account;
    // the relay counts what it sent so the reach estimate says who would be filtered.
    text(
      'wxm_MassMonth',
      label('Mass Messages Month', '群发计数月份'),
      label('The month (yyyy-mm, Beijing time) Mass Messages This Month counts.', '“本月群发数”所统计的月份（yyyy-mm，北京时间）。'),
      7,
    ),
    int(
      'wxm_MassCount',
      label('Mass Messages This Month', '本月群发数'),
      label('Mass messages sent to the follower in that month (WeChat delivers at most 4).', '该月发给此粉丝的群发数（微信最多送达 4 条）。'),
      0,
      2147483647,
    ),
  ],
  keys: [
    {
      schemaName: 'wxm_follower_openid_account',
      displayName: label('OpenID and Account', 'OpenID 与公众号'),
      columns: ['wxm_openid', 'wxm_officialaccountid'],
    },
  ],
};

export default follower;
