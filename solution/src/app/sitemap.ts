/**
 * Navigation of the app: conversations first (daily work), the audience (followers, tags, codes, bindings), outreach
 * (mass sends, template messages, notifications, auto replies, menus, materials), analytics, accounts, then settings.
 * Entries of issue-10 and issue-11 tables appear once their table file exists (dsl/present.ts).
 */
import { label } from '../dsl/labels.js';
import { dashboardExists, present } from '../dsl/present.js';
import type { SiteMapDef, SubAreaDef } from '../dsl/types-components.js';

const tableOf = (sub: SubAreaDef) => ('table' in sub ? sub.table : undefined);

/** The Follower Analytics dashboard (solution/src/dashboards/; charts of wxm_dailystat), shown once its file exists. */
const analytics = dashboardExists('wxm_dashboard_followers')
  ? [
      {
        id: 'wxm_group_analytics',
        title: label('Analytics', '数据分析'),
        subAreas: [{ id: 'wxm_subarea_followeranalytics', title: label('Follower Analytics', '粉丝分析'), dashboard: 'wxm_dashboard_followers' }],
      },
    ]
  : [];

/**
 * Outreach (issue 11): every table that reaches followers. Each entry appears once its table file exists, and the
 * group once it has an entry, so the solution packs at every commit. Add a page (not a table) with `webResource`.
 */
const outreachSubAreas = present<SubAreaDef>(
  [
    { id: 'wxm_subarea_broadcasts', title: label('Broadcasts', '群发'), table: 'wxm_broadcast' },
    // Each WeChat call of a broadcast (a chunk) with its clientmsgid, msg_id and counts: for administrators checking a send.
    { id: 'wxm_subarea_broadcastsends', title: label('Broadcast Sends', '群发批次'), table: 'wxm_broadcastsend' },
    { id: 'wxm_subarea_templatemessages', title: label('Template Messages', '模板消息'), table: 'wxm_templatemessage' },
    // The template composer (webresources/src/pages/composer) without a record: a view's followers.
    { id: 'wxm_subarea_sendtemplate', title: label('Send Template Message', '发送模板消息'), webResource: 'wxm_/pages/composer.html' },
    { id: 'wxm_subarea_templates', title: label('Templates', '消息模板'), table: 'wxm_template' },
    { id: 'wxm_subarea_subscriptionmessages', title: label('Subscription Notifications', '订阅通知'), table: 'wxm_subscriptionmessage' },
    { id: 'wxm_subarea_subscriptiontemplates', title: label('Subscription Templates', '订阅通知模板'), table: 'wxm_subscriptiontemplate' },
    { id: 'wxm_subarea_subscriptionconsents', title: label('Subscription Consents', '订阅授权记录'), table: 'wxm_subscriptionconsent' },
    { id: 'wxm_subarea_autoreplies', title: label('Auto Replies', '自动回复'), table: 'wxm_autoreply' },
    { id: 'wxm_subarea_menus', title: label('Menus', '自定义菜单'), table: 'wxm_menu' },
    { id: 'wxm_subarea_materials', title: label('Materials', '素材'), table: 'wxm_material' },
  ],
  tableOf,
);
const outreach = outreachSubAreas.length > 0 ? [{ id: 'wxm_group_outreach', title: label('Outreach', '营销触达'), subAreas: outreachSubAreas }] : [];

const siteMap: SiteMapDef = {
  uniqueName: 'wxm_WechatMarketing',
  name: label('Wechat Marketing', '微信营销'),
  areas: [
    {
      id: 'wxm_area_wechatmarketing',
      title: label('Wechat Marketing', '微信营销'),
      groups: [
        {
          id: 'wxm_group_conversations',
          title: label('Conversations', '会话'),
          subAreas: [{ id: 'wxm_subarea_messages', title: label('Messages', '消息'), table: 'wxm_message' }],
        },
        {
          id: 'wxm_group_audience',
          title: label('Audience', '受众'),
          subAreas: present<SubAreaDef>(
            [
              { id: 'wxm_subarea_followers', title: label('Followers', '粉丝'), table: 'wxm_follower' },
              { id: 'wxm_subarea_tags', title: label('Tags', '标签'), table: 'wxm_tag' },
              { id: 'wxm_subarea_qrcodes', title: label('QR Codes', '渠道二维码'), table: 'wxm_qrcode' },
              { id: 'wxm_subarea_referralprograms', title: label('Referral Programs', '裂变活动'), table: 'wxm_referralprogram' },
              { id: 'wxm_subarea_bindings', title: label('Bindings', '绑定关系'), table: 'wxm_binding' },
              // The binding QR code page (webresources/src/pages/binding): bind my WeChat, or a contact's or a lead's.
              { id: 'wxm_subarea_bindwechat', title: label('Bind WeChat', '绑定微信'), webResource: 'wxm_/pages/binding.html' },
            ],
            tableOf,
          ),
        },
        ...outreach,
        ...analytics,
        {
          id: 'wxm_group_accounts',
          title: label('Accounts', '公众号'),
          subAreas: [{ id: 'wxm_subarea_officialaccounts', title: label('Official Accounts', '公众号'), table: 'wxm_officialaccount' }],
        },
        {
          id: 'wxm_group_settings',
          title: label('Settings', '设置'),
          subAreas: [
            { id: 'wxm_subarea_starttouse', title: label('Start To Use', '开通服务'), webResource: 'wxm_/pages/starttouse.html' },
            { id: 'wxm_subarea_signedservices', title: label('Signed Services', '已注册的服务'), table: 'wxm_signedservice' },
          ],
        },
      ],
    },
  ],
};

export default siteMap;
