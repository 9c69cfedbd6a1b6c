/** Where the subscription popup was answered; externalValue is WeChat's PopupScene. */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const popupScene: OptionSetDef = {
  name: 'wxm_popupscene',
  codeName: 'PopupScene',
  displayName: label('Popup Scene', '订阅场景'),
  description: label('Where the user answered the subscription popup (WeChat PopupScene).', '用户在何处响应订阅弹窗（微信 PopupScene）。'),
  options: [
    { value: 472610000, name: 'MiniProgram', label: label('Mini Program', '小程序'), externalValue: '0' },
    { value: 472610001, name: 'WebPage', label: label('Web page (H5)', 'H5 页面'), externalValue: '1' },
    { value: 472610002, name: 'Article', label: label('Article', '图文消息'), externalValue: '2' },
    { value: 472610099, name: 'Other', label: label('Other', '其他') },
  ],
};

export default popupScene;
