/** Navigation of the app: conversations first (daily work), accounts, then settings. */
import { label } from '../dsl/labels.js';
import type { SiteMapDef } from '../dsl/types-components.js';

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
          subAreas: [
            { id: 'wxm_subarea_messages', title: label('Messages', '消息'), table: 'wxm_message' },
            { id: 'wxm_subarea_followers', title: label('Followers', '粉丝'), table: 'wxm_follower' },
          ],
        },
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
