/**
 * A wxm_menu row deleted (webhook hint, Delete): a conditional menu it published is deleted in WeChat too
 * (menu/delconditional), so followers of its tag fall back to the next matching menu. The row is gone, so the relay
 * acts on its own memory of what it published for that row (written at publish time, per org and row), never on
 * the hint. A default menu's row is not carried over to WeChat: menu/delete would delete every conditional menu with
 * it, which the designer explains; the account keeps its menu until another is published.
 * https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Personalized_menu_interface.html
 */
import { WechatApiError } from '../../wechat/index.js';
import type { DataverseHint } from '../webhook/hint.js';
import type { MenuDeps } from './menu-deps.js';
import { MENU_TABLE } from './publish-menu.js';

export const isMenuDeleteHint = (hint: Pick<DataverseHint, 'table' | 'message'>): boolean => hint.table === MENU_TABLE && hint.message === 'Delete';

const memoryKey = (organizationId: string, rowId: string) => `menu-live:${organizationId}:${rowId.toLowerCase()}`;

/** What publish remembers of a conditional menu (the row may be deleted later). */
export async function rememberConditional(deps: MenuDeps, organizationId: string, rowId: string, appid: string, menuid: string): Promise<void> {
  await deps.kv.put(memoryKey(organizationId, rowId), JSON.stringify({ appid, menuid }));
}

export async function onMenuDeleted(hint: DataverseHint, deps: MenuDeps): Promise<'deleted' | 'skipped'> {
  const key = memoryKey(hint.organizationId, hint.rowId);
  const stored = await deps.kv.get(key);
  if (!stored) return 'skipped';
  const { appid, menuid } = JSON.parse(stored) as { appid: string; menuid: string };
  // Still this org's account (a later authorization elsewhere must not be touched from here).
  const access = await deps.orgs.open(hint.organizationId);
  if (!access) return 'skipped';
  try {
    await deps.wechat.deleteConditional(appid, menuid);
  } catch (err) {
    if (!(err instanceof WechatApiError)) throw err;
    // 65301: already gone (replaced, deleted with the default menu, or in the MP console).
    deps.logger.warn('conditional menu not deleted in WeChat', { authorizerAppid: appid, errcode: err.errcode });
  }
  await deps.kv.delete(key);
  deps.logger.info('conditional menu deleted with its row', { authorizerAppid: appid });
  return 'deleted';
}
