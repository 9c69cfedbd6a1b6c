/**
 * A referral (fission, 裂变) program: each participating follower gets a personal temporary QR code; followers
 * arriving through it are counted on the referrer (wxm_Referrals, wxm_ReferralsFollowing), and reaching the
 * threshold tags the referrer with the reward tag (a Power Automate flow can also trigger on the count column).
 */
import { int, lookup, text } from '../dsl/columns.js';
import { label } from '../dsl/labels.js';
import type { TableDef } from '../dsl/types.js';

const referralProgram: TableDef = {
  schemaName: 'wxm_ReferralProgram',
  entitySetName: 'wxm_referralprograms',
  displayName: label('WeChat Referral Program', '微信裂变活动'),
  pluralName: label('WeChat Referral Programs', '微信裂变活动'),
  description: label(
    'Gives followers personal referral codes and rewards those who bring enough new followers.',
    '为粉丝发放专属推荐码，并奖励带来足够新粉丝的推荐人。',
  ),
  ownership: 'OrganizationOwned',
  hasNotes: false,
  quickCreate: false,
  audit: true,
  primaryName: text('wxm_Name', label('Name', '名称'), label('Name of the program.', '活动名称。'), 100, { required: 'required' }),
  columns: [
    lookup(
      'wxm_OfficialAccountId',
      label('Official Account', '公众号'),
      label('The official account running the program.', '开展活动的公众号。'),
      { table: 'wxm_officialaccount', relationship: 'wxm_officialaccount_wxm_referralprogram', cascadeDelete: 'Restrict' },
      { required: 'required' },
    ),
    int(
      'wxm_Threshold',
      label('Threshold', '达标人数'),
      label('New followers a referrer must bring to earn the reward.', '推荐人获得奖励需带来的新粉丝数。'),
      1,
      100000,
    ),
    text(
      'wxm_RewardTag',
      label('Reward Tag', '奖励标签'),
      label('Name of the WeChat tag given to a referrer who reaches the threshold.', '推荐人达标后获得的微信标签名称。'),
      30,
    ),
    int(
      'wxm_ExpiryDays',
      label('Code Lifetime (Days)', '推荐码有效期（天）'),
      label('Lifetime of each personal referral code; at most 30 days.', '每个专属推荐码的有效期，最长 30 天。'),
      1,
      30,
    ),
  ],
  keys: [],
};

export default referralProgram;
