/** How a follower found the account; externalValue is WeChat's subscribe_scene from user/info. */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const subscribeScene: OptionSetDef = {
  name: 'wxm_subscribescene',
  codeName: 'SubscribeScene',
  displayName: label('Subscribe Scene', '关注渠道'),
  description: label('How the follower came to follow the account, as WeChat reports it.', '粉丝关注公众号的渠道（来自微信）。'),
  options: [
    { value: 472610000, name: 'Search', label: label('Search', '公众号搜索'), externalValue: 'ADD_SCENE_SEARCH' },
    { value: 472610001, name: 'AccountMigration', label: label('Account Migration', '公众号迁移'), externalValue: 'ADD_SCENE_ACCOUNT_MIGRATION' },
    { value: 472610002, name: 'ProfileCard', label: label('Business Card Share', '名片分享'), externalValue: 'ADD_SCENE_PROFILE_CARD' },
    { value: 472610003, name: 'QrCode', label: label('QR Code', '扫描二维码'), externalValue: 'ADD_SCENE_QR_CODE' },
    { value: 472610004, name: 'ProfileLink', label: label('Article Link', '图文页内名称点击'), externalValue: 'ADD_SCENE_PROFILE_LINK' },
    { value: 472610005, name: 'ProfileItem', label: label('Article Menu', '图文页右上角菜单'), externalValue: 'ADD_SCENE_PROFILE_ITEM' },
    { value: 472610006, name: 'Paid', label: label('Paid Follow', '支付后关注'), externalValue: 'ADD_SCENE_PAID' },
    { value: 472610007, name: 'Advertisement', label: label('WeChat Ads', '微信广告'), externalValue: 'ADD_SCENE_WECHAT_ADVERTISEMENT' },
    { value: 472610008, name: 'Reprint', label: label('Reprint', '他人转载'), externalValue: 'ADD_SCENE_REPRINT' },
    { value: 472610009, name: 'LiveStream', label: label('Live Stream', '视频号直播'), externalValue: 'ADD_SCENE_LIVESTREAM' },
    { value: 472610010, name: 'Channels', label: label('Channels', '视频号'), externalValue: 'ADD_SCENE_CHANNELS' },
    { value: 472610099, name: 'Other', label: label('Other', '其他'), externalValue: 'ADD_SCENE_OTHERS' },
  ],
};

export default subscribeScene;
