/** Where a menu row stands against WeChat: a draft, published (live), refused, or imported from what is live. */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const menuState: OptionSetDef = {
  name: 'wxm_menustate',
  codeName: 'MenuState',
  displayName: label('Menu State', '菜单状态'),
  description: label('Whether WeChat shows the menu as saved here.', '微信中是否显示此处保存的菜单。'),
  options: [
    { value: 472610000, name: 'Draft', label: label('Draft', '草稿') },
    { value: 472610001, name: 'Published', label: label('Published', '已发布') },
    { value: 472610002, name: 'Failed', label: label('Failed', '失败') },
    { value: 472610003, name: 'Imported', label: label('Imported', '已导入') },
  ],
};

export default menuState;
