/**
 * The result page after WeChat: everything the Signed Service needs (copy buttons), which org the binding
 * token is for (the host, prominently), and "Back to Dynamics 365": it hands the result to the Start To Use
 * page that opened this tab by postMessage, addressed to the org's origin only, so no other site can read it
 * and the token never travels in a URL. The link itself is Start To Use's address with nothing added.
 * https://developer.mozilla.org/docs/Web/API/Window/postMessage
 */
import type { AuthorizationResult } from '../relay/authorization/complete.js';
import { html, page, raw, type Raw, type RelayPage } from './html.js';

/** `data.type` of the message Start To Use receives (webresources/src/pages/starttouse/message.ts). */
export const RESULT_MESSAGE_TYPE = 'wxm-authorization';
/** `data.type` Start To Use answers with, so this tab can close. */
export const RECEIVED_MESSAGE_TYPE = 'wxm-authorization-received';

const RESULT_SCRIPT = `(function () {
  var main = document.getElementById('result');
  var message = JSON.parse(main.getAttribute('data-message'));
  var target = main.getAttribute('data-target-origin');
  var status = document.getElementById('delivery');
  function say(state) { status.setAttribute('data-state', state); status.textContent = status.getAttribute('data-' + state); status.hidden = false; }
  if (!window.opener) say('no-opener');
  document.addEventListener('click', function (e) {
    var b = e.target && e.target.closest ? e.target.closest('button[data-copy]') : null;
    if (b && navigator.clipboard) navigator.clipboard.writeText(b.getAttribute('data-copy'));
  });
  window.addEventListener('message', function (e) {
    if (e.origin !== target || e.source !== window.opener || !e.data || e.data.type !== '${RECEIVED_MESSAGE_TYPE}') return;
    say('received');
    window.close();
  });
  document.getElementById('back').addEventListener('click', function (e) {
    if (!window.opener) return;
    e.preventDefault();
    window.opener.postMessage(message, target);
    say('sending');
    setTimeout(function () { if (status.getAttribute('data-state') === 'sending') say('unanswered'); }, 3000);
  });
})();`;

export function renderAuthorizationResult(result: AuthorizationResult): RelayPage {
  const host = new URL(result.org).host;
  const type =
    result.accountType === 'miniprogram' ? '小程序 · Mini Program' : result.serviceType === 2 ? '服务号 · Service account' : '订阅号 · Subscription account';
  const row = (field: string, zh: string, en: string, value: string, copy = false): Raw =>
    html`<dt>${zh} <span class="en">${en}</span></dt><dd data-field="${field}"><code>${value}</code>${copy ? html`<button type="button" data-copy="${value}">复制 Copy</button>` : raw('')}</dd>`;
  const missing = result.missing.length
    ? html`<p class="warn" id="missing">以下必需权限未授予，相关功能将不可用 <span class="en">These required permissions were not granted; the features that need them will not work</span>:
${result.missing.map((p) => html`<br>· ${p.zh} <span class="en">${p.en}</span> (${p.id})`)}</p>`
    : html`<p id="all-granted">所有必需权限均已授予。<span class="en">All required permissions were granted.</span></p>`;
  const message = {
    type: RESULT_MESSAGE_TYPE,
    appid: result.appid,
    originalId: result.originalId,
    name: result.nickName,
    bindingToken: result.bindingToken,
    serverAddress: result.serverAddress,
    missing: result.missing.map((p) => p.id),
    org: result.org,
  };
  return page(
    '授权成功 · Authorized',
    html`<main id="result" data-message="${JSON.stringify(message)}" data-target-origin="${result.org}">
<h1>授权成功 <span class="en">· Authorization complete</span></h1>
<p class="org" id="org">绑定令牌仅适用于 Dynamics 365 环境<br><strong>${host}</strong><br><span class="en">The binding token works only in the Dynamics 365 environment <strong>${host}</strong></span></p>
<dl>
${row('appid', 'AppId', 'AppId', result.appid, true)}
${row('originalId', '原始 ID', 'Original ID', result.originalId, true)}
${row('name', '名称', 'Name', result.nickName)}
${row('type', '类型', 'Type', type)}
${row('verification', '认证', 'Verification', result.verified ? '已认证 · Verified' : '未认证 · Not verified')}
${row('granted', '已授权权限', 'Granted', result.granted.map((p) => `${p.zh} ${p.en}`).join(', ') || '—')}
${row('bindingToken', '绑定令牌', 'Binding token', result.bindingToken, true)}
${row('serverAddress', '服务器地址', 'Server address', result.serverAddress, true)}
</dl>
${missing}
<p>下一步：返回 ${host} 的“开通服务”，连接此环境；或在该环境的“已注册的服务”中填入 AppId 和绑定令牌（仅能使用一次）。
<br><span class="en">Next: back in Start To Use on ${host}, connect the environment; or enter the AppId and the binding token (it works once) in a Signed Service of that environment.</span></p>
<p><a id="back" class="next" href="${result.returnUrl}">返回 Dynamics 365（${host}）继续 · Back to Dynamics 365 (${host})</a></p>
<p id="delivery" hidden data-sending="正在交给“开通服务”… · Handing the result to Start To Use…"
 data-received="已交给“开通服务”，可以关闭此标签页。 · Start To Use has the result: you can close this tab."
 data-unanswered="“开通服务”没有回应：请复制上面的绑定令牌，或重新打开“开通服务”。 · Start To Use did not answer: copy the binding token above, or open Start To Use again."
 data-no-opener="此标签页不是由“开通服务”打开的：请先复制上面的绑定令牌。 · This tab was not opened by Start To Use: copy the binding token above first."></p>
</main>`,
    { scripts: [RESULT_SCRIPT] },
  );
}
