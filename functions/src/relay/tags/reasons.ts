/**
 * Why a tag change did not reach WeChat, in words an operator understands (English, then Chinese, in one column as
 * the other rows of this product do). The limits are checked before WeChat is called (limits.ts) and WeChat's own
 * codes give the same texts, so a refusal reads the same whichever side found it.
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
import { describeWechatError } from '../../wechat/index.js';

export interface Reason {
  errcode: number;
  en: string;
  zh: string;
}

const TEXTS: Record<number, { en: string; zh: string }> = {
  45056: {
    en: 'The account already has 100 tags, the most WeChat allows. Delete a tag first.',
    zh: '该公众号已有 100 个标签，达到微信上限。请先删除一个标签。',
  },
  45157: {
    en: 'Another tag of this account already has this name (or the name is empty or 星标组). Choose another name.',
    zh: '该公众号已有同名标签（或名称为空、为“星标组”）。请换一个名称。',
  },
  45158: {
    en: 'The name is longer than WeChat allows: at most 30 bytes, i.e. 30 Latin letters or 10 Chinese characters.',
    zh: '名称超过微信上限：最多 30 个字节，即 30 个英文字母或 10 个汉字。',
  },
  45058: {
    en: 'This is one of WeChat’s reserved tags (ids 0, 1, 2 such as 星标组); it cannot be renamed or deleted.',
    zh: '这是微信保留的标签（编号 0、1、2，例如“星标组”），不能改名或删除。',
  },
  45159: {
    en: 'WeChat no longer has this tag (it was deleted in the MP console?). Run the tag sync to see WeChat’s tags.',
    zh: '微信中已没有此标签（可能已在公众平台删除）。请运行标签同步查看微信中的标签。',
  },
  45057: {
    en: 'The tag is on more than 100,000 followers, and WeChat does not delete such a tag. Untag followers until 100,000 or fewer remain, then delete it.',
    zh: '该标签下粉丝超过 10 万，微信不允许直接删除。请先为部分粉丝取消此标签，至 10 万以下后再删除。',
  },
  45059: {
    en: 'A follower already has 20 tags, the most WeChat allows; that follower was not tagged and the pairing was removed.',
    zh: '有粉丝已有 20 个标签，达到微信上限；该粉丝未被打上此标签，关联已移除。',
  },
  40003: {
    en: 'A follower is not a follower of this account in WeChat; that follower was not tagged.',
    zh: '有粉丝不是该公众号在微信中的粉丝；该粉丝未被打上此标签。',
  },
  48001: {
    en: 'The account did not grant user management (permission set 2), or it is not verified: WeChat refuses tag APIs. Authorize again with 用户管理 ticked.',
    zh: '公众号未授予用户管理权限（权限集 2）或未认证：微信拒绝标签接口。请重新授权并勾选“用户管理”。',
  },
};

export function tagReason(errcode: number): Reason {
  const text = TEXTS[errcode] ?? describeWechatError(errcode);
  return { errcode, en: text.en, zh: text.zh };
}

/** Reasons that are ours, not WeChat's (errcode 0). */
export const NOT_CONNECTED: Reason = {
  errcode: 0,
  en: 'This Official Account is not connected to this environment (Signed Service), so the tag cannot reach WeChat.',
  zh: '该公众号未通过“已注册的服务”连接到此环境，标签无法同步到微信。',
};

export const OTHER_ACCOUNT: Reason = {
  errcode: 0,
  en: 'A follower of another Official Account was paired with this tag; WeChat tags only followers of the tag’s own account, so the pairing was removed.',
  zh: '有其他公众号的粉丝与此标签关联；微信只能为标签所属公众号的粉丝打标签，关联已移除。',
};

export const NOT_IN_WECHAT_YET: Reason = {
  errcode: 0,
  en: 'The tag is not in WeChat yet (see its sync state), so followers paired with it were not tagged. Fix the tag, then pair them again.',
  zh: '此标签尚未在微信中创建（见同步状态），关联的粉丝未被打上标签。请先修正标签，再重新关联。',
};

export const NO_MARKETING_LISTS: Reason = {
  errcode: 0,
  en: 'This environment has no marketing lists (Dynamics 365 Sales is not installed). Use a saved view of followers or contacts as the audience instead.',
  zh: '此环境没有营销列表（未安装 Dynamics 365 Sales）。请改用粉丝或联系人的系统视图作为受众。',
};

export const NOT_DELETED_RESTORED = (reason: Reason): Reason => ({
  errcode: reason.errcode,
  en: `Not deleted in WeChat, so the row was put back: ${reason.en} Followers return with the next tag sync.`,
  zh: `微信中未删除，因此已恢复此行：${reason.zh}粉丝将在下次标签同步时恢复。`,
});

/** One column, both languages: the code first, so a search by code finds it. */
export function reasonText(reason: Reason): string {
  const code = reason.errcode ? `WeChat ${reason.errcode}: ` : '';
  const zhCode = reason.errcode ? `微信 ${reason.errcode}：` : '';
  return `${code}${reason.en}\n${zhCode}${reason.zh}`.slice(0, 2000);
}
