/**
 * Why a subscription template was not added or a subscription message not sent, in English then Chinese (the row's
 * wxm_FailureReason holds both). Refusals found before WeChat is called, and WeChat's answers to addtemplate, bizsend
 * and subscribe/send.
 * https://developers.weixin.qq.com/doc/offiaccount/Subscription_Messages/api.html
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html
 */
import { describeWechatError } from '../../wechat/index.js';
import type { Bilingual, ValueProblem } from './rules.js';

export type Refusal =
  | { code: 'no-account' }
  | { code: 'account-not-connected' }
  | { code: 'cannot-send'; why: Bilingual[] }
  | { code: 'no-library-title' }
  | { code: 'keyword-count'; count: number }
  | { code: 'no-template' }
  | { code: 'template-not-added' }
  | { code: 'no-follower' }
  | { code: 'several-people' }
  | { code: 'not-bound'; kind: { en: string; zh: string } }
  | { code: 'bound-elsewhere'; kind: { en: string; zh: string } }
  | { code: 'follower-other-account' }
  | { code: 'no-consent' }
  | { code: 'consent-used' }
  | { code: 'values-json' }
  | { code: 'values'; problems: ValueProblem[] }
  | { code: 'page-not-url' };

export function explainRefusal(r: Refusal, action: 'add' | 'send'): Bilingual {
  const not = action === 'add' ? { en: 'Not added', zh: '未添加' } : { en: 'Not sent', zh: '未发送' };
  const say = (en: string, zh: string): Bilingual => ({ en: `${not.en}: ${en}`, zh: `${not.zh}：${zh}` });
  switch (r.code) {
    case 'no-account':
      return say('choose the account the template belongs to.', '请选择模板所属的账号。');
    case 'account-not-connected':
      return say('this account is not connected to this environment (Signed Service).', '该账号未通过“已注册的服务”连接到此环境。');
    case 'cannot-send':
      return say(
        `this account cannot use subscription notifications: ${r.why.map((w) => w.en).join('; ')}.`,
        `该账号无法使用订阅通知：${r.why.map((w) => w.zh).join('；')}。`,
      );
    case 'no-library-title':
      return say("enter the library title id (tid) from WeChat's public template library.", '请填写微信公共模板库中的标题 ID（tid）。');
    case 'keyword-count':
      return say(
        `a template takes 2 to 5 keyword ids of the title, separated by commas (this one has ${r.count}).`,
        `模板需要该标题的 2 至 5 个关键词 ID，用逗号分隔（当前 ${r.count} 个）。`,
      );
    case 'no-template':
      return say('choose the subscription template to send.', '请选择要发送的订阅模板。');
    case 'template-not-added':
      return say('the template is not in WeChat yet (no WeChat template id): add or sync it first.', '该模板尚未添加到微信（无微信模板 ID）：请先添加或同步。');
    case 'no-follower':
      return say(
        'choose the follower who receives it, or a contact, lead or user bound to followers.',
        '请选择接收的粉丝，或与粉丝绑定的联系人、潜在顾客或用户。',
      );
    case 'several-people':
      return say('choose one contact, lead or user per message.', '每条消息只能选择一个联系人、潜在顾客或用户。');
    case 'not-bound':
      return say(`this ${r.kind.en} is not bound to any WeChat follower (wxm_binding).`, `此${r.kind.zh}未与任何微信粉丝绑定。`);
    case 'bound-elsewhere':
      return say(
        `this ${r.kind.en} is bound to followers of other accounts only, not of the template's account.`,
        `此${r.kind.zh}仅与其他账号的粉丝绑定，未与该模板所属账号的粉丝绑定。`,
      );
    case 'follower-other-account':
      return say('the follower and the template belong to different accounts.', '粉丝与模板属于不同的账号。');
    case 'no-consent':
      return say(
        'the follower has not accepted this template (no Accepted subscription consent). WeChat sends only to users who subscribed.',
        '该粉丝未同意接收此模板（无“已同意”的订阅授权）。微信只向已订阅的用户发送。',
      );
    case 'consent-used':
      return say(
        "the follower's one-time subscriptions to this Mini Program template are used up: each accept allows one message.",
        '该用户对此小程序模板的一次性订阅已用完：每次同意只能发送一条。',
      );
    case 'values-json':
      return say('Values must be a JSON object such as {"thing1": "高等数学"}.', '字段值必须是 JSON 对象，例如 {"thing1": "高等数学"}。');
    case 'values':
      return say(`${r.problems.map((p) => p.reason.en).join('; ')}.`, `${r.problems.map((p) => p.reason.zh).join('；')}。`);
    case 'page-not-url':
      return say('an Official Account notification opens a web page: Opens must be an http(s) URL.', '公众号订阅通知跳转网页：“跳转”必须是 http(s) 网址。');
  }
}

/** Errcodes operators meet, with what to do; the rest from the protocol module's texts. */
const WECHAT_TEXTS: Record<number, Bilingual> = {
  43101: { en: 'the user has not subscribed to this template or withdrew it', zh: '用户未订阅此模板或已取消订阅' },
  47003: { en: 'a value breaks its rule', zh: '模板参数不符合规则' },
  40037: { en: 'the template id is not one of this account', zh: '模板 ID 不属于该账号' },
  40003: { en: 'the openid is not a user of this account', zh: 'openid 不是该账号的用户' },
  41030: { en: 'the page is not in the released Mini Program', zh: '页面不存在于已发布的小程序中' },
  48001: { en: 'the account has not granted permission set 89 (订阅通知) to Wechat Marketing', zh: '账号未向微信营销授予权限集 89（订阅通知）' },
  200012: { en: 'the account already has 50 templates, the maximum', zh: '该账号模板数已达上限 50 个' },
  200014: { en: "WeChat does not know the library title id (tid) for this account's categories", zh: '微信中该账号类目下不存在此模板库标题 ID（tid）' },
  200020: { en: 'WeChat refused the keyword ids (kidList)', zh: '微信拒绝了关键词 ID 列表（kidList）' },
};

export function explainWechatError(errcode: number, errmsg: string | undefined, action: 'add' | 'send'): Bilingual {
  const t = WECHAT_TEXTS[errcode] ?? describeWechatError(errcode);
  const detail = errcode === 47003 && errmsg ? ` (${errmsg.replace(/\s*rid:.*$/, '')})` : '';
  return action === 'add'
    ? { en: `Not added: WeChat answered ${errcode}: ${t.en}${detail}`, zh: `未添加：微信返回错误 ${errcode}：${t.zh}${detail}` }
    : { en: `Not sent: WeChat answered ${errcode}: ${t.en}${detail}`, zh: `未发送：微信返回错误 ${errcode}：${t.zh}${detail}` };
}

export const reasonText = (b: Bilingual): string => `${b.en}\n${b.zh}`.slice(0, 2000);
