/**
 * An account connected to an org (the account row's Create hint, as relay/autoreplies/import-console.ts uses it):
 * the menu live in WeChat (get_current_selfmenu_info: made through the API or in the MP console) becomes a wxm_menu
 * row of the account, state Imported, so the customer sees and keeps what followers see today. Once per account (a
 * claim in the shared store) and never beside menu rows the account already has.
 * https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Getting_Custom_Menu_Configurations.html
 */
import { WechatApiError } from '../../wechat/index.js';
import { requireGuid } from '../delivery/keys.js';
import type { DataverseHint } from '../webhook/hint.js';
import { fromLiveMenu } from './import-menu.js';
import type { MenuDeps } from './menu-deps.js';
import { createImportedMenu } from './menu-row.js';

/** The name of the row made from the live menu (both languages: the customer's users may read either). */
export const IMPORTED_MENU_NAME = 'Live menu (imported) 当前菜单（导入）';

export async function importLiveMenu(hint: DataverseHint, deps: MenuDeps): Promise<'imported' | 'skipped'> {
  const access = await deps.orgs.open(hint.organizationId);
  if (!access) return 'skipped';
  const accountId = requireGuid('account id', hint.rowId);
  const appid = await access.appidOf(accountId);
  if (!appid) return 'skipped';
  const claim = `menu-import:${hint.organizationId}:${accountId}`;
  if (!(await deps.kv.putIfAbsent(claim, String(deps.clock.now())))) return 'skipped';
  try {
    const live = await deps.wechat.current(appid);
    if (!live.open || live.button.length === 0) return 'skipped';
    const imported = fromLiveMenu(live);
    const id = await createImportedMenu(access.org, accountId, IMPORTED_MENU_NAME, imported.definition, imported.note, deps.clock.now());
    if (!id) return 'skipped';
    deps.logger.info('live menu imported at authorization', { authorizerAppid: appid, buttons: live.button.length });
    return 'imported';
  } catch (err) {
    if (err instanceof WechatApiError) {
      // No menu permission (48001) or another refusal: nothing to import; the Import button can try again later.
      deps.logger.warn('live menu not imported at authorization', { authorizerAppid: appid, errcode: err.errcode });
      return 'skipped';
    }
    await deps.kv.delete(claim);
    throw err;
  }
}
