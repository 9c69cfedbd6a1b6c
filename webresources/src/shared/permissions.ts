/**
 * Permission sets (WeChat func_info ids) in both languages, from the relay's own list, so the page, the
 * forms and the relay always agree on what is required and what each set is called.
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorization_info.html
 */
import { describePermission, REQUIRED_PERMISSION_IDS } from '../../../functions/src/relay/authorization/permissions.js';
import type { Language } from '../strings/index.js';

export { REQUIRED_PERMISSION_IDS };

/** The name in the reader's language first, then in the other: admins often work in both. */
export function permissionName(id: number, language: Language): string {
  const { en, zh } = describePermission(id);
  return language === 'zh' ? `${zh} · ${en}` : `${en} · ${zh}`;
}

/** `"1,2, 7"` → [1, 2, 7]; anything that is not a positive integer is ignored. */
export function parsePermissionIds(text: string | null | undefined): number[] {
  return (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => /^\d+$/.test(part))
    .map(Number)
    .filter((id) => id > 0);
}

export function missingRequired(granted: readonly number[]): number[] {
  const have = new Set(granted);
  return REQUIRED_PERMISSION_IDS.filter((id) => !have.has(id));
}
