/**
 * The pages an admin sees after WeChat's authorization page: the result (everything needed for the Signed
 * Service, with copy buttons) or a clear bilingual explanation of what went wrong.
 */
import type { AuthorizationFailure } from '../relay/errors.js';
import type { AuthorizationResult } from '../relay/authorization/complete.js';
import { html, page, raw, type Raw } from './html.js';

const FAILURES: Record<AuthorizationFailure, [zh: string, en: string]> = {
  'invalid-original-id': ['原始 ID 格式不正确：应为 gh_ 加 12 位字符，可在公众号后台“设置与开发 → 基本设置”中找到。', 'The original ID is not valid: it is gh_ followed by 12 characters, shown in the Official Account admin under Settings → Basic settings.'],
  'invalid-return-url': ['返回地址无效。', 'The return address is not a valid URL.'],
  'missing-state': ['缺少授权状态参数，请从 Dynamics 365 的“开通服务”重新开始。', 'The authorization state is missing. Start again from Start To Use in Dynamics 365.'],
  'invalid-state': ['授权状态无效（可能被篡改），未保存任何内容。请重新开始。', 'The authorization state is not valid (it may have been altered). Nothing was stored. Please start again.'],
  'expired-state': ['授权已超时，未保存任何内容。请从“开通服务”重新开始。', 'The authorization took too long and expired. Nothing was stored. Start again from Start To Use.'],
  'missing-auth-code': ['微信未返回授权码，未保存任何内容。', 'WeChat returned no authorization code. Nothing was stored.'],
  'auth-code-rejected': ['微信拒绝了该授权码（可能已过期或已使用）。请重新授权。', 'WeChat refused the authorization code (it may have expired or been used). Please authorize again.'],
  'original-id-mismatch': ['授权的公众号与您填写的原始 ID 不一致，未保存任何内容。请确认原始 ID 后使用正确的公众号扫码。', 'The account you authorized is not the one whose original ID you entered. Nothing was stored. Check the original ID and scan with the right account.'],
  'wechat-unavailable': ['暂时无法连接微信，请稍后重试。', 'WeChat could not be reached. Please try again in a moment.'],
};

/**
 * The hop to WeChat's authorization page. WeChat accepts that page only when it is opened from a page on the
 * platform's 授权发起页域名 (it checks the referrer), so a bare 302 from this route would carry the Dynamics
 * page as referrer and be refused. This page, on the relay's own domain, goes on by itself and offers a
 * button should scripts be blocked.
 */
export function renderAuthorizationHop(wechatUrl: string): string {
  return page(
    '前往微信授权 · Continue to WeChat',
    html`<h1>前往微信授权 <span class="en">· Continue to WeChat</span></h1>
<p>正在打开微信公众平台授权页面，请使用公众号管理员的微信扫码确认。<br><span class="en">Opening WeChat's authorization page: confirm with the WeChat of the account's administrator.</span></p>
<p><a id="wechat-authorize" class="next" href="${wechatUrl}">前往授权 · Authorize</a></p>
<script>location.replace(document.getElementById('wechat-authorize').href);</script>`,
    { referrer: 'origin' },
  );
}

export function renderAuthorizationError(reason: AuthorizationFailure): string {
  const [zh, en] = FAILURES[reason];
  return page(
    '授权未完成 · Authorization not completed',
    html`<h1>授权未完成 <span class="en">· Authorization not completed</span></h1>
<p class="error">${zh}<br><span class="en">${en}</span></p>`,
  );
}

export function renderAuthorizationResult(result: AuthorizationResult): string {
  const type = result.accountType === 'miniprogram' ? '小程序 · Mini Program' : result.serviceType === 2 ? '服务号 · Service account' : '订阅号 · Subscription account';
  const row = (zh: string, en: string, value: string, copy = false): Raw =>
    html`<dt>${zh} <span class="en">${en}</span></dt><dd><code>${value}</code>${copy ? html`<button type="button" data-copy="${value}">复制 Copy</button>` : raw('')}</dd>`;
  const missing = result.missing.length
    ? html`<p class="warn">以下必需权限未授予，相关功能将不可用 <span class="en">These required permissions were not granted; the features that need them will not work</span>:
${result.missing.map((p) => html`<br>· ${p.zh} <span class="en">${p.en}</span> (${p.id})`)}</p>`
    : html`<p>所有必需权限均已授予。<span class="en">All required permissions were granted.</span></p>`;
  const next = result.returnUrl ? html`<a class="next" href="${returnLink(result)}">返回 Dynamics 365 继续 · Back to Dynamics 365</a>` : raw('');
  return page(
    '授权成功 · Authorized',
    html`<h1>授权成功 <span class="en">· Authorization complete</span></h1>
<dl>
${row('AppId', 'AppId', result.appid, true)}
${row('原始 ID', 'Original ID', result.originalId, true)}
${row('名称', 'Name', result.nickName)}
${row('类型', 'Type', type)}
${row('认证', 'Verification', result.verified ? '已认证 · Verified' : '未认证 · Not verified')}
${row('已授权权限', 'Granted', result.granted.map((p) => `${p.zh} ${p.en}`).join(', ') || '—')}
${row('设置令牌', 'Binding token', result.bindingToken, true)}
${row('服务器地址', 'Server address', result.serverAddress, true)}
</dl>
${missing}
${nextStep(result)}
${next}
<script>
document.addEventListener('click', function (e) {
  var b = e.target.closest('button[data-copy]');
  if (b && navigator.clipboard) navigator.clipboard.writeText(b.getAttribute('data-copy'));
});
</script>`,
  );
}

function nextStep(result: AuthorizationResult): Raw {
  if (result.boundTo) {
    return html`<p>该公众号已连接到您的 Dynamics 365 环境 <code>${result.boundTo}</code>，粉丝的消息将写入该环境，无需其他步骤。
<br><span class="en">This account is now connected to your Dynamics 365 environment <code>${result.boundTo}</code>: followers' messages are written there. Nothing else to do.</span></p>`;
  }
  return html`<p>下一步：在 Dynamics 365 的 Wechat Marketing → 设置 → 已注册的服务 中新建一条记录，填入 AppId 和设置令牌（仅能使用一次）。
<br><span class="en">Next: in Dynamics 365, open Wechat Marketing → Settings → Signed Services, create a record and enter the AppId and the binding token (it works once).</span></p>`;
}

/** Results travel in the fragment so they never reach a server log on the way back. */
function returnLink(result: AuthorizationResult): string {
  const fragment = new URLSearchParams({
    appid: result.appid,
    originalId: result.originalId,
    name: result.nickName,
    bindingToken: result.bindingToken,
    serverAddress: result.serverAddress,
    missing: result.missing.map((p) => p.id).join(','),
    ...(result.boundTo && { boundTo: result.boundTo }),
  });
  return `${(result.returnUrl ?? '').split('#')[0]}#${fragment.toString()}`;
}
