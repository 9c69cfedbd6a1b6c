/**
 * WeChat's tag limits, checked before WeChat is called so the row says why at once and no quota is spent on a
 * call WeChat would refuse. WeChat's codes remain the truth (its answers are mapped the same way in reasons.ts).
 * Names: WeChat counts 30 *bytes* (its error 45158 says 字节; the docs' table says 30 characters): the stricter
 * reading is checked, as UTF-8 bytes, which is what WeChat receives.
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/User_Tag_Management.html
 */
import type { WechatTag } from '../../wechat/official-account/tags.js';

export const MAX_TAGS_PER_ACCOUNT = 100;
export const MAX_TAG_NAME_BYTES = 30;
export const MAX_TAGS_PER_FOLLOWER = 20;
export const MAX_DELETABLE_FOLLOWERS = 100_000;
export const RESERVED_TAG_IDS: readonly number[] = [0, 1, 2];
export const STAR_TAG_NAME = '星标组';

export const isReserved = (id: number): boolean => RESERVED_TAG_IDS.includes(id);

/** The errcode WeChat would answer for this name, or undefined when the name is fine (duplicates: see below). */
export function nameProblem(name: string): number | undefined {
  if (name.trim() === '' || name === STAR_TAG_NAME) return 45157;
  if (Buffer.byteLength(name, 'utf8') > MAX_TAG_NAME_BYTES) return 45158;
  return undefined;
}

/** Tags the account created (the reserved ones do not count towards the 100). */
export const createdTags = (tags: readonly WechatTag[]): WechatTag[] => tags.filter((t) => !isReserved(t.id));
