/**
 * Publish and Import on a wxm_menu row (webhook hint on wxm_publishrequestedon / wxm_importrequestedon): re-read the
 * row with the org's own application user, act on what it asks for now (a request newer than the last one handled,
 * claimed by the row's ETag so a repeated hint or a second instance never publishes twice), and write the outcome
 * back. Publish checks the menu against WeChat's limits first (menu-rules.ts: buttons, bytes, types; for a
 * conditional menu its tag's WeChat id, a default menu live, 3 redirect domains) and the 1,000 creations a day,
 * then calls menu/create or menu/addconditional; a conditional menu published again replaces its previous one
 * (WeChat has no edit: the new one is added, then the old one deleted). Import reads get_current_selfmenu_info.
 * https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Creating_Custom-Defined_Menu.html
 * https://developers.weixin.qq.com/doc/offiaccount/Custom_Menus/Personalized_menu_interface.html
 */
import { Menu } from '@wxm/solution/schema';
import { WechatApiError } from '../../wechat/index.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import type { DataverseHint } from '../webhook/hint.js';
import { fromLiveMenu } from './import-menu.js';
import { rememberConditional } from './menu-deleted.js';
import type { MenuDeps } from './menu-deps.js';
import { checkMenu, MENU_LIMITS, parseDefinition, problemsText, toWechatButtons, type MenuProblem } from './menu-rules.js';
import {
  claimImport,
  claimPublish,
  pending,
  readMenu,
  readTag,
  recordFailed,
  recordImported,
  recordPublished,
  releasePublish,
  type MenuRow,
} from './menu-row.js';
import { explainRefusal, explainWechatError, reasonText, type MenuRefusal } from './reasons.js';

/** The table whose Update step (filtered on the request columns) routes here. */
export const MENU_TABLE: string = Menu.logicalName;

export const isMenuHint = (hint: Pick<DataverseHint, 'table' | 'message'>): boolean => hint.table === MENU_TABLE && hint.message !== 'Delete';

export type MenuOutcome = 'published' | 'imported' | 'refused' | 'failed' | 'skipped';

const BEIJING_OFFSET_MS = 8 * 3600_000;
const beijingDay = (ms: number): string => new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);

export async function onMenuHint(hint: DataverseHint, deps: MenuDeps): Promise<MenuOutcome> {
  const access = await deps.orgs.open(hint.organizationId);
  if (!access) {
    deps.logger.warn('menu hint from an org without a connected signed service; ignored', { organizationId: hint.organizationId });
    return 'skipped';
  }
  const { org } = access;
  const menu = await readMenu(org, hint.rowId);
  if (!menu) return 'skipped';
  const importAsked = pending(menu.importRequestedOn, menu.importedOn);
  const publishAsked = pending(menu.publishRequestedOn, menu.publishHandledOn);
  if (!importAsked && !publishAsked) return 'skipped';
  const appid = menu.accountId ? await access.appidOf(menu.accountId) : undefined;
  // Import first: "import, then publish" in one save publishes what was imported.
  if (importAsked) {
    if (!(await claimImport(org, menu))) return 'skipped';
    if (!appid) {
      await recordFailed(org, menu.id, reasonText(explainRefusal({ code: menu.accountId ? 'account-not-connected' : 'no-account' })));
      return 'refused';
    }
    const outcome = await importInto(org, menu, appid, deps);
    if (!publishAsked || outcome !== 'imported') return outcome;
    const again = await readMenu(org, menu.id);
    if (!again) return outcome;
    return publish(org, hint.organizationId, again, appid, deps);
  }
  return publish(org, hint.organizationId, menu, appid, deps);
}

async function importInto(org: DataverseOrg, menu: MenuRow, appid: string, deps: MenuDeps): Promise<MenuOutcome> {
  try {
    const live = await deps.wechat.current(appid);
    const imported = fromLiveMenu(live);
    await recordImported(org, menu.id, imported.definition, imported.note);
    deps.logger.info('live menu imported', { authorizerAppid: appid, buttons: live.button.length });
    return 'imported';
  } catch (err) {
    if (!(err instanceof WechatApiError)) throw err;
    await recordFailed(org, menu.id, reasonText(explainWechatError(err.errcode)));
    return 'failed';
  }
}

async function publish(org: DataverseOrg, organizationId: string, menu: MenuRow, appid: string | undefined, deps: MenuDeps): Promise<MenuOutcome> {
  if (!(await claimPublish(org, menu))) return 'skipped';
  const refuse = async (reason: string, code: string): Promise<MenuOutcome> => {
    await recordFailed(org, menu.id, reason);
    deps.logger.info('menu refused before WeChat was called', { reason: code });
    return 'refused';
  };
  const refusal = async (r: MenuRefusal) => refuse(reasonText(explainRefusal(r)), r.code);
  if (!menu.accountId) return refusal({ code: 'no-account' });
  if (!appid) return refusal({ code: 'account-not-connected' });
  const parsed = parseDefinition(menu.definition);
  if ('problem' in parsed) return refuse(problemsText([parsed.problem]), 'definition');

  let tagId: number | undefined;
  if (menu.conditional) {
    if (!menu.tagId) return refusal({ code: 'no-tag' });
    const tag = await readTag(org, menu.tagId);
    if (!tag || tag.accountId !== menu.accountId) return refusal({ code: 'tag-other-account', tag: tag?.name ?? menu.tagId });
    if (tag.wechatTagId === undefined) return refusal({ code: 'tag-not-in-wechat', tag: tag.name });
    tagId = tag.wechatTagId;
  }
  let problems: MenuProblem[];
  try {
    // A default menu must be live before a conditional one (made here or in the MP console: both count).
    const defaultLive = menu.conditional ? (await deps.wechat.current(appid)).open : undefined;
    problems = checkMenu(parsed.buttons, { conditional: menu.conditional, tagId, defaultLive });
  } catch (err) {
    if (!(err instanceof WechatApiError)) {
      await releasePublish(org, menu);
      throw err;
    }
    await recordFailed(org, menu.id, reasonText(explainWechatError(err.errcode)));
    return 'failed';
  }
  if (problems.length > 0) return refuse(problemsText(problems), 'limits');

  const limit = deps.creationsPerDay ?? MENU_LIMITS.creationsPerDay;
  const counter = `menu-creations:${appid}:${beijingDay(deps.clock.now())}`;
  const used = Number((await deps.kv.get(counter)) ?? 0);
  if (used >= limit) return refusal({ code: 'daily-quota', limit });

  const buttons = toWechatButtons(parsed.buttons);
  let menuid: string | null = null;
  try {
    if (tagId === undefined) await deps.wechat.create(appid, buttons);
    else menuid = await deps.wechat.addConditional(appid, buttons, String(tagId));
  } catch (err) {
    if (!(err instanceof WechatApiError)) {
      await releasePublish(org, menu);
      throw err;
    }
    await recordFailed(org, menu.id, reasonText(explainWechatError(err.errcode)));
    deps.logger.warn('menu refused by WeChat', { authorizerAppid: appid, errcode: err.errcode });
    return 'failed';
  }
  await deps.kv.put(counter, String(used + 1), deps.clock.now() + 2 * 86400_000);
  // Recorded before the old conditional menu goes: a failure below never makes WeChat hold a menu the row forgot.
  await recordPublished(org, menu.id, deps.clock.now(), menuid);
  if (menuid) await rememberConditional(deps, organizationId, menu.id, appid, menuid);
  if (menuid && menu.wechatMenuId && menu.wechatMenuId !== menuid) {
    try {
      await deps.wechat.deleteConditional(appid, menu.wechatMenuId);
    } catch (err) {
      // Already gone (deleted with the default menu, or in the MP console): nothing to replace.
      if (!(err instanceof WechatApiError)) throw err;
    }
  }
  deps.logger.info('menu published', { authorizerAppid: appid, conditional: menu.conditional });
  return 'published';
}
