/**
 * An account connected to an org (the account row's Create hint, as relay/autoreplies/import-console.ts uses it),
 * and again when it authorizes once more (the relay's 'account-authorized-again' task): the menu live in WeChat
 * (get_current_selfmenu_info: made through the API or in the MP console) becomes a wxm_menu row of the account,
 * state Imported, so the customer sees and keeps what followers see today. Never twice: not when a default menu row
 * of the account already holds those buttons (menu-row.ts); one instance at a time per account (a lease).
 * https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Getting_Custom_Menu_Configurations.html
 */
import { createHash } from 'node:crypto';
import { WechatApiError } from '../../wechat/index.js';
import { requireGuid } from '../delivery/keys.js';
import type { DataverseHint } from '../webhook/hint.js';
import { fromLiveMenu } from './import-menu.js';
import type { MenuDeps } from './menu-deps.js';
import { canonicalMenu, createImportedMenu } from './menu-row.js';

/** The name of the row made from the live menu (both languages: the customer's users may read either). */
export const IMPORTED_MENU_NAME = 'Live menu (imported) 当前菜单（导入）';

const LEASE_MS = 10 * 60_000;
/** Live menus remembered per account as imported (digests of their canonical buttons). */
const REMEMBER_MAX = 50;

function parseList(value: string | undefined): string[] {
  try {
    const parsed: unknown = value ? JSON.parse(value) : [];
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export async function importLiveMenu(hint: Pick<DataverseHint, 'organizationId' | 'rowId'>, deps: MenuDeps): Promise<'imported' | 'skipped'> {
  const access = await deps.orgs.open(hint.organizationId);
  if (!access) return 'skipped';
  const accountId = requireGuid('account id', hint.rowId);
  const appid = await access.appidOf(accountId);
  if (!appid) return 'skipped';
  const lease = `menu-import-lease:${hint.organizationId}:${accountId}`;
  if (!(await deps.kv.putIfAbsent(lease, String(deps.clock.now()), deps.clock.now() + LEASE_MS))) return 'skipped';
  try {
    const live = await deps.wechat.current(appid);
    if (!live.open || live.button.length === 0) return 'skipped';
    const imported = fromLiveMenu(live);
    // Buttons imported before stay imported once, even if an admin since edited or deleted that row.
    const memoryKey = `menu-imported:${hint.organizationId}:${accountId}`;
    const remembered = parseList(await deps.kv.get(memoryKey));
    const digest = createHash('sha256').update(canonicalMenu(imported.definition)).digest('base64url');
    if (remembered.includes(digest)) return 'skipped';
    const id = await createImportedMenu(access.org, accountId, IMPORTED_MENU_NAME, imported.definition, imported.note, deps.clock.now());
    await deps.kv.put(memoryKey, JSON.stringify([...remembered, digest].slice(-REMEMBER_MAX)));
    if (!id) return 'skipped';
    deps.logger.info('live menu imported at authorization', { authorizerAppid: appid, buttons: live.button.length });
    return 'imported';
  } catch (err) {
    if (err instanceof WechatApiError) {
      // No menu permission (48001) or another refusal: nothing to import; the Import button can try again later.
      deps.logger.warn('live menu not imported at authorization', { authorizerAppid: appid, errcode: err.errcode });
      return 'skipped';
    }
    throw err;
  } finally {
    await deps.kv.delete(lease);
  }
}
