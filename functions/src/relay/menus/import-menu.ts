/**
 * What is live (get_current_selfmenu_info) as a wxm_menu definition: the API's buttons as they are; buttons made in
 * the MP console keep their type and value so the designer shows them and explains why they cannot be published
 * as they are (menu-rules.ts); the note on the row says so in both languages.
 * https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Getting_Custom_Menu_Configurations.html
 */
import type { LiveMenu } from '../../wechat/official-account/menu.js';
import { checkMenu, problemsText } from './menu-rules.js';

export function fromLiveMenu(live: LiveMenu): { definition: string; note: string | null } {
  if (!live.open || live.button.length === 0) {
    return { definition: '[]', note: 'The account has no menu switched on in WeChat.\n该公众号在微信中没有启用菜单。' };
  }
  const problems = checkMenu(live.button, { conditional: false });
  return { definition: JSON.stringify(live.button), note: problems.length > 0 ? problemsText(problems) : null };
}
