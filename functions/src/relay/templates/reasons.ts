/**
 * Why a template message was not sent or not delivered, or a template not added or deleted, in English then
 * Chinese (wxm_failurereason holds both: whoever reads it finds their language). Refusals found before WeChat is
 * called, WeChat's own answers (40037, 47003, 43004, 45009, 45026, 48001, …) and the TEMPLATESENDJOBFINISH Status.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
import { describeWechatError } from '../../wechat/index.js';
import type { TemplateValueProblem } from './rules.js';

export interface Bilingual {
  en: string;
  zh: string;
}

export type SendRefusal =
  | { code: 'no-template' }
  | { code: 'template-not-synced' }
  | { code: 'account-not-connected' }
  | { code: 'cannot-send-templates'; why: Bilingual[] }
  | { code: 'other-account' }
  | { code: 'no-recipient' }
  | { code: 'several-recipients' }
  | { code: 'not-bound'; kind: string }
  | { code: 'bound-elsewhere'; kind: string }
  | { code: 'follower-other-account' }
  | { code: 'not-following' }
  | { code: 'blocked' }
  | { code: 'values-not-json' }
  | { code: 'values-break-rules'; problems: TemplateValueProblem[] }
  | { code: 'daily-quota'; limit: number };

export const reasonText = (b: Bilingual): string => `${b.en}\n${b.zh}`;

export function explainSendRefusal(r: SendRefusal): Bilingual {
  switch (r.code) {
    case 'no-template':
      return { en: 'Not sent: choose the template of the message.', zh: '未发送：请选择消息使用的模板。' };
    case 'template-not-synced':
      return {
        en: 'Not sent: the template is not in WeChat yet (no Template ID). Sync templates on the Official Account, or wait until the template is added.',
        zh: '未发送：该模板尚未在微信中创建（无模板 ID）。请在公众号上同步模板，或等待模板添加完成。',
      };
    case 'account-not-connected':
      return {
        en: 'Not sent: this Official Account is not connected to this environment (Signed Service).',
        zh: '未发送：该公众号未通过“已注册的服务”连接到此环境。',
      };
    case 'cannot-send-templates':
      return {
        en: `Not sent: this Official Account cannot send template messages: ${r.why.map((w) => w.en).join('; ')}.`,
        zh: `未发送：该公众号无法发送模板消息：${r.why.map((w) => w.zh).join('；')}。`,
      };
    case 'other-account':
      return {
        en: 'Not sent: the template belongs to another Official Account (WeChat answers 40037: a template id works only for its own account).',
        zh: '未发送：该模板属于其他公众号（微信返回 40037：模板 ID 只能用于其所属公众号）。',
      };
    case 'no-recipient':
      return { en: 'Not sent: choose a follower, or a contact, lead or user bound to one.', zh: '未发送：请选择粉丝，或已绑定粉丝的联系人、潜在顾客或用户。' };
    case 'several-recipients':
      return {
        en: 'Not sent: choose one recipient only (a follower, or one contact, lead or user).',
        zh: '未发送：只能选择一个接收者（粉丝，或一个联系人、潜在顾客或用户）。',
      };
    case 'not-bound':
      return {
        en: `Not sent: the ${r.kind} is not bound to a follower of this Official Account (bind them with a binding QR code or web authorization).`,
        zh: `未发送：该${zhKind(r.kind)}未绑定此公众号的粉丝（可通过绑定二维码或网页授权绑定）。`,
      };
    case 'bound-elsewhere':
      return {
        en: `Not sent: the ${r.kind} is bound to followers of other Official Accounts only; choose the template of one of those accounts.`,
        zh: `未发送：该${zhKind(r.kind)}仅绑定了其他公众号的粉丝；请选择这些公众号的模板。`,
      };
    case 'follower-other-account':
      return { en: "Not sent: the follower does not follow the template's Official Account.", zh: '未发送：该粉丝不属于模板所属的公众号。' };
    case 'not-following':
      return {
        en: 'Not sent: the follower no longer follows the Official Account (WeChat answers 43004).',
        zh: '未发送：该粉丝已取消关注公众号（微信返回 43004）。',
      };
    case 'blocked':
      return {
        en: 'Not sent: the follower blocks template messages from this account (WeChat reported "failed:user block"); clear Blocks Template Messages on the follower if they accept them again.',
        zh: '未发送：该粉丝已拒收此公众号的模板消息（微信推送“failed:user block”）；如粉丝重新接收，请在粉丝记录上清除“已拒收模板消息”。',
      };
    case 'values-not-json':
      return {
        en: 'Not sent: Values must be JSON, one text per field, e.g. {"thing1":"已解决"}.',
        zh: '未发送：字段内容必须是 JSON，每个字段一个文本，例如 {"thing1":"已解决"}。',
      };
    case 'values-break-rules':
      return {
        en: `Not sent: WeChat would change or drop these values (rules since 2023-05-04):\n${r.problems.map((p) => `- ${p.reason.en}`).join('\n')}`,
        zh: `未发送：以下内容会被微信修改或丢弃（2023-05-04 起的规则）：\n${r.problems.map((p) => `- ${p.reason.zh}`).join('\n')}`,
      };
    case 'daily-quota':
      return {
        en: `Not sent: the account reached today's template message quota (${r.limit.toLocaleString('en-US')} a day, Beijing time); send again tomorrow.`,
        zh: `未发送：该公众号今日的模板消息额度（每天 ${r.limit} 条，北京时间）已用完；请明天再发送。`,
      };
  }
}

function zhKind(kind: string): string {
  return kind === 'contact' ? '联系人' : kind === 'lead' ? '潜在顾客' : '用户';
}

/** WeChat's errcodes on template calls, explained for the row; others fall back to the shared table. */
const NOT_DONE = {
  send: { en: 'Not sent', zh: '未发送' },
  add: { en: 'Not added', zh: '未添加' },
  delete: { en: 'Not deleted', zh: '未删除' },
  sync: { en: 'Not synced', zh: '未同步' },
} as const;

export function explainTemplateError(errcode: number, action: keyof typeof NOT_DONE): Bilingual {
  const not = NOT_DONE[action];
  switch (errcode) {
    case 40037:
      return action === 'add'
        ? { en: `${not.en}: WeChat does not know this library short id (40037).`, zh: `${not.zh}：微信模板库中没有此模板编号（40037）。` }
        : {
            en: `${not.en}: the template id is not one of this Official Account's templates (40037); sync the templates and choose one of this account.`,
            zh: `${not.zh}：该模板 ID 不属于此公众号（40037）；请同步模板并选择此公众号的模板。`,
          };
    case 47003:
      return action === 'add'
        ? {
            en: `${not.en}: a keyword name is not one of the library template's keywords (47003).`,
            zh: `${not.zh}：关键词名称不在该模板库模板的关键词中（47003）。`,
          }
        : {
            en: `${not.en}: WeChat refused a value (47003: each field needs one line of text).`,
            zh: `${not.zh}：微信拒绝了字段内容（47003：每个字段需为一行文本）。`,
          };
    case 43004:
      return { en: `${not.en}: the follower no longer follows the Official Account (43004).`, zh: `${not.zh}：该粉丝已取消关注公众号（43004）。` };
    case 40003:
      return {
        en: `${not.en}: WeChat does not know this follower's OpenID for this account (40003).`,
        zh: `${not.zh}：微信无法识别此粉丝在该公众号下的 OpenID（40003）。`,
      };
    case 45009:
      return {
        en: `${not.en}: the account reached today's quota for this WeChat API (45009); it resets at midnight Beijing time.`,
        zh: `${not.zh}：该公众号今日此接口的调用额度已用完（45009），北京时间零点重置。`,
      };
    case 45026:
      return {
        en: `${not.en}: the account already has 25 templates, WeChat's limit (45026); delete one first.`,
        zh: `${not.zh}：该公众号已有 25 个模板，达到微信上限（45026）；请先删除一个。`,
      };
    case 48001:
      return {
        en: `${not.en}: WeChat refused: the account lacks permission set 7 or is not a verified service account (48001).`,
        zh: `${not.zh}：微信拒绝：该公众号未授予权限集 7，或不是已认证的服务号（48001）。`,
      };
    default: {
      const d = describeWechatError(errcode);
      return { en: `${not.en}: WeChat answered ${errcode} (${d.en}).`, zh: `${not.zh}：微信返回 ${errcode}（${d.zh}）。` };
    }
  }
}

/** The TEMPLATESENDJOBFINISH Status, for a message WeChat did not deliver. */
export function explainJobStatus(status: string): Bilingual {
  if (status === 'failed:user block') {
    return {
      en: 'Not delivered: the follower blocks template messages from this account ("failed:user block"); no template message is sent to them again.',
      zh: '未送达：该粉丝已拒收此公众号的模板消息（“failed:user block”）；此后不再向其发送模板消息。',
    };
  }
  return {
    en: `Not delivered: WeChat reported "${status}" (a system failure on WeChat's side); create the message again to retry.`,
    zh: `未送达：微信推送“${status}”（微信系统原因）；如需重试请重新创建消息。`,
  };
}
