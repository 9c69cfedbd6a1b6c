/**
 * Why a QR code row was not made, in English then Chinese (wxm_FailureReason holds both: whoever reads it finds
 * their language). Refusals found before WeChat is called, and WeChat's own answers to qrcode/create.
 * https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html
 */
import { describeWechatError } from '../../wechat/index.js';

export interface Bilingual {
  en: string;
  zh: string;
}

export type Refusal =
  | { code: 'no-account' }
  | { code: 'account-not-connected' }
  | { code: 'cannot-make-codes'; why: Bilingual[] }
  | { code: 'scene-reused'; scene: string }
  | { code: 'scene-too-long'; length: number }
  | { code: 'scene-reserved'; prefix: string }
  | { code: 'binding-scene-guessable' }
  | { code: 'expiry-too-long'; seconds: number; max: number }
  | { code: 'expiry-too-short'; seconds: number }
  | { code: 'must-be-temporary'; purpose: 'referral' | 'binding' }
  | { code: 'permanent-limit'; limit: number }
  | { code: 'referral-incomplete' }
  | { code: 'referral-other-account' }
  | { code: 'binding-without-person' }
  /** A channel or referral code saved by someone without the Wechat Marketing Administrator role (creator-roles.ts). */
  | { code: 'creator-not-administrator'; purpose: 'channel' | 'referral' }
  /** A binding code of a user saved by someone else: whoever scans it would get that user's notifications. */
  | { code: 'user-code-of-another' }
  /** Dataverse refused the relay reading the creator's roles (its role lacks prvReadRole or prvReadTeam). */
  | { code: 'creator-unreadable' };

const round = (n: number) => Math.round(n * 10) / 10;
/** A lifetime in the unit a person would use: days, hours or minutes. */
function lifetime(seconds: number): Bilingual {
  const en = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds >= 86400) return { en: en(round(seconds / 86400), 'day'), zh: `${round(seconds / 86400)} 天` };
  if (seconds >= 3600) return { en: en(round(seconds / 3600), 'hour'), zh: `${round(seconds / 3600)} 小时` };
  return { en: en(round(seconds / 60), 'minute'), zh: `${round(seconds / 60)} 分钟` };
}

export function explainRefusal(r: Refusal): Bilingual {
  switch (r.code) {
    case 'no-account':
      return { en: 'Not created: choose the Official Account the code belongs to.', zh: '未创建：请选择二维码所属的公众号。' };
    case 'account-not-connected':
      return {
        en: 'Not created: this Official Account is not connected to this environment (Signed Service).',
        zh: '未创建：该公众号未通过“已注册的服务”连接到此环境。',
      };
    case 'cannot-make-codes':
      return {
        en: `Not created: this Official Account cannot make parametric QR codes: ${r.why.map((w) => w.en).join('; ')}.`,
        zh: `未创建：该公众号无法生成带参数二维码：${r.why.map((w) => w.zh).join('；')}。`,
      };
    case 'scene-reused':
      return {
        en: `Not created: the scene "${r.scene}" is already used by another QR code of this account. Leave Scene empty to get a new one.`,
        zh: `未创建：场景值“${r.scene}”已被该公众号的其他二维码使用。清空场景值即可自动生成新的场景值。`,
      };
    case 'scene-too-long':
      return { en: `Not created: a scene has at most 64 characters (this one has ${r.length}).`, zh: `未创建：场景值最多 64 个字符（当前 ${r.length} 个）。` };
    case 'scene-reserved':
      return {
        en: `Not created: scenes starting with "${r.prefix}" are reserved (binding codes and WeChat's own prefix). Choose another scene.`,
        zh: `未创建：以“${r.prefix}”开头的场景值为保留值（绑定码及微信自身前缀），请换一个场景值。`,
      };
    case 'binding-scene-guessable':
      return {
        en: 'Not created: a binding code needs an unguessable scene. Leave Scene empty and the relay makes one.',
        zh: '未创建：绑定码需要无法猜测的场景值。请清空场景值，由系统自动生成。',
      };
    case 'expiry-too-long':
      return {
        en: `Not created: the code would live ${lifetime(r.seconds).en} (${r.seconds} seconds); at most ${lifetime(r.max).en} (${r.max} seconds) are allowed for this code.`,
        zh: `未创建：有效期为 ${lifetime(r.seconds).zh}（${r.seconds} 秒）；此类二维码最长 ${lifetime(r.max).zh}（${r.max} 秒）。`,
      };
    case 'expiry-too-short':
      return { en: `Not created: a lifetime of ${r.seconds} seconds is too short (at least 60).`, zh: `未创建：有效期 ${r.seconds} 秒过短（至少 60 秒）。` };
    case 'must-be-temporary':
      return r.purpose === 'referral'
        ? {
            en: 'Not created: referral codes are temporary (at most 30 days). Choose Temporary.',
            zh: '未创建：裂变推荐码只能是临时二维码（最长 30 天）。请选择“临时”。',
          }
        : { en: 'Not created: binding codes are temporary and short-lived. Choose Temporary.', zh: '未创建：绑定码只能是短时有效的临时二维码。请选择“临时”。' };
    case 'permanent-limit':
      return {
        en: `Not created: this account already has ${r.limit.toLocaleString('en-US')} permanent QR codes, WeChat's maximum. Use a temporary code.`,
        zh: `未创建：该公众号已有 ${r.limit} 个永久二维码，已达微信上限。请使用临时二维码。`,
      };
    case 'referral-incomplete':
      return {
        en: 'Not created: a referral code needs its Referrer (a follower) and its Referral Program.',
        zh: '未创建：裂变推荐码需要填写推荐人（粉丝）和裂变活动。',
      };
    case 'referral-other-account':
      return {
        en: 'Not created: the referrer and the referral program must belong to the same Official Account as the code.',
        zh: '未创建：推荐人和裂变活动必须与二维码属于同一公众号。',
      };
    case 'binding-without-person':
      return {
        en: 'Not created: a binding code names exactly one contact, lead or user to bind.',
        zh: '未创建：绑定码须且只能指定一个要绑定的联系人、潜在顾客或用户。',
      };
    case 'creator-not-administrator':
      return r.purpose === 'referral'
        ? {
            en: 'Not created: referral codes are made for users with the Wechat Marketing Administrator role. Operators make binding codes only.',
            zh: '未创建：只有拥有“微信营销管理员”角色的用户才能生成裂变推荐码。运营人员只能生成绑定码。',
          }
        : {
            en: 'Not created: channel codes are made for users with the Wechat Marketing Administrator role. Operators make binding codes only.',
            zh: '未创建：只有拥有“微信营销管理员”角色的用户才能生成渠道码。运营人员只能生成绑定码。',
          };
    case 'creator-unreadable':
      return {
        en: 'Not created: the relay may not read the security roles of who saved this code (its role needs Read on Security Role and Team: import the latest Wechat Marketing solution), then create the code again.',
        zh: '未创建：中继服务无权读取保存此二维码的用户的安全角色（其角色需要“安全角色”和“团队”的读取权限：请导入最新的微信营销解决方案），然后重新创建此二维码。',
      };
    case 'user-code-of-another':
      return {
        en: "Not created: a user's WeChat can be bound only by that user. Ask them to open Bind WeChat themselves.",
        zh: '未创建：用户的微信只能由其本人绑定。请让该用户本人打开“绑定微信”页面。',
      };
  }
}

/** qrcode/create errcodes operators meet, with what to do; the rest from the protocol module's texts. */
const WECHAT_TEXTS: Record<number, Bilingual> = {
  48001: {
    en: 'the account has not granted permission set 3 (账号服务) to Wechat Marketing, or is not a verified service account',
    zh: '公众号未向微信营销授予权限集 3（账号服务），或不是已认证的服务号',
  },
  45029: { en: 'the account already has 100,000 permanent QR codes', zh: '该公众号的永久二维码已达 100,000 个上限' },
  45009: { en: "today's quota of 100,000 QR code creations is used up; try again tomorrow", zh: '今日 100,000 次二维码生成额度已用完，请明天再试' },
  40053: { en: 'WeChat refused the scene (1 to 64 characters)', zh: '微信拒绝了该场景值（1 至 64 个字符）' },
  47001: { en: 'WeChat refused the lifetime (at most 2,592,000 seconds)', zh: '微信拒绝了该有效期（最长 2,592,000 秒）' },
};

export function explainWechatError(errcode: number): Bilingual {
  const t = WECHAT_TEXTS[errcode] ?? describeWechatError(errcode);
  return { en: `Not created: WeChat answered ${errcode}: ${t.en}`, zh: `未创建：微信返回错误 ${errcode}：${t.zh}` };
}

/** The one column: English first, then Chinese (the column's description says so). */
export const reasonText = (b: Bilingual): string => `${b.en}\n${b.zh}`.slice(0, 2000);
