/**
 * A parametric QR code of an official account: a marketing channel, a follower's personal referral code, or a
 * single-use binding code. Saving a row makes the relay create the code in WeChat (qrcode/create) and write back
 * the ticket, url, image and expiry; scans through it are counted here and recorded on the follower (first and
 * latest channel). Scene strings are unique per account (alternate key).
 */
import { bool, choice, dateTime, int, lookup, memo, text } from '../dsl/columns.js';
import { label } from '../dsl/labels.js';
import type { TableDef } from '../dsl/types.js';

const count = (schemaName: string, en: string, zh: string, enDesc: string, zhDesc: string) =>
  int(schemaName, label(en, zh), label(enDesc, zhDesc), 0, 2147483647);

const qrcode: TableDef = {
  schemaName: 'wxm_QrCode',
  entitySetName: 'wxm_qrcodes',
  displayName: label('WeChat QR Code', '微信二维码'),
  pluralName: label('WeChat QR Codes', '微信二维码'),
  description: label(
    'A parametric QR code of an official account: channel, referral or binding code, with its scan counts.',
    '公众号的带参数二维码：渠道码、裂变推荐码或绑定码，以及扫码统计。',
  ),
  // User-owned (issue 10 item 6): an operator makes binding codes and sees only their own (Basic depth), so nobody
  // reads a colleague's live code and scans it into their binding; administrators and the relay work at Global.
  ownership: 'UserOwned',
  hasNotes: false,
  quickCreate: true,
  audit: true,
  primaryName: text(
    'wxm_Name',
    label('Channel Name', '渠道名称'),
    label('What the code is for, e.g. "Shanghai expo booth".', '二维码的用途，例如“上海展会展位”。'),
    100,
    {
      required: 'required',
    },
  ),
  columns: [
    lookup(
      'wxm_OfficialAccountId',
      label('Official Account', '公众号'),
      label('The official account the code belongs to.', '二维码所属的公众号。'),
      { table: 'wxm_officialaccount', relationship: 'wxm_officialaccount_wxm_qrcode', cascadeDelete: 'Restrict' },
      { required: 'required' },
    ),
    choice('wxm_Purpose', label('Purpose', '用途'), label('Channel, referral or binding code.', '渠道码、裂变推荐码或绑定码。'), 'wxm_qrpurpose'),
    bool(
      'wxm_Permanent',
      label('Permanent', '永久二维码'),
      label('No: temporary (at most 30 days); Yes: permanent (at most 100,000 per account).', '否：临时（最长 30 天）；是：永久（每个账号最多 100,000 个）。'),
      {
        yes: label('Permanent', '永久'),
        no: label('Temporary', '临时'),
        defaultValue: false,
      },
    ),
    int(
      'wxm_ExpireSeconds',
      label('Expires After (Seconds)', '有效期（秒）'),
      label('Lifetime of a temporary code; at most 2,592,000 (30 days).', '临时二维码的有效期，最长 2,592,000 秒（30 天）。'),
      60,
      2592000,
    ),
    dateTime('wxm_ExpiresOn', label('Expires On', '过期时间'), label('When WeChat stops accepting the temporary code.', '微信停止识别此临时二维码的时间。')),
    text(
      'wxm_Scene',
      label('Scene', '场景值'),
      label('The scene string WeChat reports on a scan (1-64 characters; generated when empty).', '扫码时微信回传的场景值（1-64 个字符；留空时自动生成）。'),
      64,
    ),
    text('wxm_Ticket', label('Ticket', '二维码凭证'), label("WeChat's ticket for the code.", '微信返回的二维码 ticket。'), 200),
    text('wxm_Url', label('Content URL', '二维码内容'), label('The URL the QR image encodes.', '二维码图片所编码的网址。'), 500),
    text(
      'wxm_ImageUrl',
      label('Image URL', '图片地址'),
      label('Where WeChat serves the QR image (showqrcode).', '微信提供二维码图片的地址（showqrcode）。'),
      1000,
    ),
    // The DSL has no image column type yet: the PNG is kept as base64 text.
    memo(
      'wxm_Image',
      label('Image (PNG, Base64)', '图片（PNG，Base64）'),
      label('The QR code image as fetched from WeChat.', '从微信获取的二维码图片。'),
      100000,
    ),
    choice('wxm_State', label('Sync State', '同步状态'), label('Whether WeChat created the code.', '微信是否已创建此二维码。'), 'wxm_rowsyncstate'),
    text(
      'wxm_FailureReason',
      label('Failure Reason', '失败原因'),
      label('Why the code was not created (English, then Chinese).', '二维码未创建的原因（英文，其后中文）。'),
      2000,
    ),
    lookup('wxm_CampaignId', label('Campaign', '市场活动'), label('The campaign the channel serves.', '渠道所属的市场活动。'), {
      table: 'campaign',
      relationship: 'wxm_campaign_wxm_qrcode',
      cascadeDelete: 'RemoveLink',
    }),
    lookup('wxm_EmployeeId', label('Employee', '员工'), label('The employee whose personal channel this is.', '此渠道所属的员工。'), {
      table: 'systemuser',
      relationship: 'wxm_systemuser_wxm_qrcode',
      cascadeDelete: 'RemoveLink',
    }),
    lookup('wxm_ReferrerId', label('Referrer', '推荐人'), label('The follower whose referral code this is.', '此推荐码所属的粉丝。'), {
      table: 'wxm_follower',
      relationship: 'wxm_follower_wxm_qrcode_referrer',
      cascadeDelete: 'Cascade',
    }),
    lookup('wxm_ReferralProgramId', label('Referral Program', '裂变活动'), label('The referral program that issued the code.', '发放此推荐码的裂变活动。'), {
      table: 'wxm_referralprogram',
      relationship: 'wxm_referralprogram_wxm_qrcode',
      cascadeDelete: 'RemoveLink',
    }),
    count('wxm_ScanCount', 'Scans', '扫码次数', 'Scans of the code (follows and scans by followers).', '扫码次数（关注与已关注用户扫码）。'),
    count('wxm_NewFollowerCount', 'New Followers', '新增粉丝', 'Users who followed the account through the code.', '通过此二维码关注公众号的用户数。'),
    count('wxm_StillFollowing', 'Still Following', '留存粉丝', 'Of the new followers, those who still follow.', '新增粉丝中仍在关注的用户数。'),
    lookup('wxm_BindContactId', label('Binds Contact', '绑定联系人'), label('A binding code: the contact it binds.', '绑定码：要绑定的联系人。'), {
      table: 'contact',
      relationship: 'wxm_contact_wxm_qrcode_bind',
      cascadeDelete: 'Cascade',
    }),
    lookup('wxm_BindLeadId', label('Binds Lead', '绑定潜在顾客'), label('A binding code: the lead it binds.', '绑定码：要绑定的潜在顾客。'), {
      table: 'lead',
      relationship: 'wxm_lead_wxm_qrcode_bind',
      cascadeDelete: 'Cascade',
    }),
    lookup('wxm_BindUserId', label('Binds User', '绑定用户'), label('A binding code: the user it binds.', '绑定码：要绑定的用户。'), {
      table: 'systemuser',
      relationship: 'wxm_systemuser_wxm_qrcode_bind',
      cascadeDelete: 'Cascade',
    }),
    dateTime('wxm_UsedOn', label('Used On', '使用时间'), label('A binding code: when it was spent.', '绑定码：被使用的时间。')),
  ],
  keys: [
    {
      schemaName: 'wxm_qrcode_account_scene',
      displayName: label('Account and Scene', '公众号与场景值'),
      columns: ['wxm_officialaccountid', 'wxm_scene'],
    },
  ],
};

export default qrcode;
