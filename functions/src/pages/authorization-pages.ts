/**
 * The pages an admin sees around WeChat's authorization page: the hop to it, and a clear bilingual
 * explanation of what went wrong. The result page is in result-page.ts.
 */
import type { AuthorizationFailure } from '../relay/errors.js';
import { FAILURES } from './failure-texts.js';
import { html, page, type RelayPage } from './html.js';

export { renderAuthorizationResult, RESULT_MESSAGE_TYPE } from './result-page.js';

/** Goes on to WeChat's page by itself; the link stays for when scripts are blocked. */
const HOP_SCRIPT = "location.replace(document.getElementById('wechat-authorize').href);";

/**
 * The hop to WeChat's authorization page. WeChat accepts that page only when it is opened from a page on the
 * platform's 授权发起页域名 (it checks the referrer's host), so a bare 302 from this route would carry the
 * Dynamics page as referrer and be refused. This page, on the relay's own domain, sends its origin only.
 */
export function renderAuthorizationHop(wechatUrl: string, org: string): RelayPage {
  const host = new URL(org).host;
  return page(
    '前往微信授权 · Continue to WeChat',
    html`<h1>前往微信授权 <span class="en">· Continue to WeChat</span></h1>
<p class="org" id="org">为 Dynamics 365 环境 <strong>${host}</strong> 授权账号<br><span class="en">Authorizing an account for the Dynamics 365 environment <strong>${host}</strong></span></p>
<p>正在打开微信公众平台授权页面，请使用公众号管理员的微信扫码确认。<br><span class="en">Opening WeChat's authorization page: confirm with the WeChat of the account's administrator.</span></p>
<p><a id="wechat-authorize" class="next" href="${wechatUrl}">前往授权 · Authorize</a></p>`,
    { referrer: 'strict-origin', scripts: [HOP_SCRIPT] },
  );
}

export function renderAuthorizationError(reason: AuthorizationFailure): RelayPage {
  const [zh, en] = FAILURES[reason];
  return page(
    '授权未完成 · Authorization not completed',
    html`<h1>授权未完成 <span class="en">· Authorization not completed</span></h1>
<p class="error" id="reason" data-reason="${reason}">${zh}<br><span class="en">${en}</span></p>`,
  );
}
