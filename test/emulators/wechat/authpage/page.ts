/**
 * HTML of the simulated authorization page (公众号/小程序授权给第三方平台). Plain forms and links, so a browser test
 * (or fetch) can click "authorize"; Chinese first, English second, like WeChat's bilingual pages.
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Authorization_Process_Technical_Description.html
 */
import { escapeHtml } from '../http/io.js';
import type { SimAccount } from '../state/accounts.js';

/** Names of the permission sets (func_info ids) shown next to the checkboxes. */
const SCOPE_NAMES: Readonly<Record<number, string>> = {
  1: '消息管理 Messages',
  2: '用户管理 Users',
  3: '帐号服务 Account services',
  4: '网页服务 Web services',
  5: '微信小店 WeChat store',
  6: '多客服 Customer service',
  7: '群发与通知 Mass send and notifications',
  8: '卡券 Cards',
  9: '扫一扫 Scan',
  10: '连WIFI Wi-Fi',
  11: '素材管理 Media',
  12: '摇周边 Shake nearby',
  13: '门店 Stores',
  15: '自定义菜单 Menu',
  16: '认证信息 Verification info',
  22: '城市服务 City services',
  23: '广告管理 Ads',
  24: '开放平台帐号管理 Open Platform accounts',
  26: '电子发票 e-Invoices',
};

function layout(title: string, body: string, mobile: boolean): string {
  const viewport = mobile ? '<meta name="viewport" content="width=device-width, initial-scale=1">' : '';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">${viewport}<title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:${mobile ? '100%' : '720px'};margin:2em auto;padding:0 1em;color:#222}
.account{border:1px solid #ddd;border-radius:6px;padding:1em;margin:1em 0}.error{color:#c00}
button,.authorize-link{background:#07c160;color:#fff;border:0;border-radius:4px;padding:.5em 1.2em;text-decoration:none}</style>
</head><body>${body}</body></html>`;
}

export function errorPage(reason: string, message: string, mobile = false): string {
  return layout(
    '授权失败 Authorization failed',
    `<main data-error="${escapeHtml(reason)}"><h1>授权失败 Authorization failed</h1><p class="error" id="error">${escapeHtml(message)}</p></main>`,
    mobile,
  );
}

export interface LoginPageModel {
  componentName: string;
  accounts: SimAccount[];
  /** The query the approve form must carry forward (component_appid, pre_auth_code, redirect_uri, auth_type, biz_appid). */
  carry: URLSearchParams;
  approvePath: string;
  mobile: boolean;
}

function accountBlock(model: LoginPageModel, account: SimAccount): string {
  const hidden = [...model.carry.entries(), ['appid', account.appid], ['scopes_submitted', '1']]
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name as string)}" value="${escapeHtml(value as string)}">`)
    .join('');
  const scopes = account.funcScopes
    .map((id) => `<label><input type="checkbox" name="scope" value="${id}" checked> ${escapeHtml(SCOPE_NAMES[id] ?? `权限集 ${id}`)}</label><br>`)
    .join('');
  const link = new URLSearchParams(model.carry);
  link.set('appid', account.appid);
  const kind = account.isMiniProgram ? '小程序 Mini Program' : account.serviceType === 2 ? '服务号 Service account' : '订阅号 Subscription account';
  return `<section class="account" data-appid="${escapeHtml(account.appid)}">
<h2>${escapeHtml(account.nickName)}</h2><p>${escapeHtml(kind)} · ${escapeHtml(account.originalId)} · ${escapeHtml(account.appid)}</p>
<form method="get" action="${escapeHtml(model.approvePath)}">${hidden}<fieldset><legend>授权权限集 Permission sets</legend>${scopes}</fieldset>
<button type="submit" id="authorize-${escapeHtml(account.appid)}">授权 Authorize</button></form>
<p><a class="authorize-link" id="authorize-all-${escapeHtml(account.appid)}" href="${escapeHtml(`${model.approvePath}?${link.toString()}`)}">一键授权全部权限 Authorize all</a></p>
</section>`;
}

export function loginPage(model: LoginPageModel): string {
  const list =
    model.accounts.length === 0
      ? '<p id="no-accounts">没有可授权的帐号 No account can be authorized here.</p>'
      : model.accounts.map((a) => accountBlock(model, a)).join('');
  return layout(
    '授权给第三方平台 Authorize a third-party platform',
    `<main><h1>将帐号授权给「${escapeHtml(model.componentName)}」</h1>
<p>Authorize the third-party platform "${escapeHtml(model.componentName)}" to manage your account. 请选择要授权的帐号 Choose the account to authorize:</p>
${list}</main>`,
    model.mobile,
  );
}
