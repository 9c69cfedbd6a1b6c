/**
 * Permission sets (WeChat func_info ids) in both languages. The lists (required, optional, exclusive), the names and
 * the parsing of wxm_Permissions are the relay's own modules, bundled into the page and the forms: one source, so the
 * page, the forms and the relay always agree on what is required and what each set is called.
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorization_info.html
 */
import { parsePermissionList } from '../../../functions/src/relay/accounts/capabilities.js';
import { describePermission, missingPermissions, REQUIRED_PERMISSION_IDS } from '../../../functions/src/relay/authorization/permissions.js';
import type { Language } from '../strings/index.js';

export { REQUIRED_PERMISSION_IDS };

/** The name in the reader's language first, then in the other: admins often work in both. */
export function permissionName(id: number, language: Language): string {
  const { en, zh } = describePermission(id);
  return language === 'zh' ? `${zh} · ${en}` : `${en} · ${zh}`;
}

/** `"1,2, 7"` → [1, 2, 7]; anything that is not a positive integer is ignored. */
export const parsePermissionIds: (text: string | null | undefined) => number[] = parsePermissionList;

/** Required sets not in `granted`, in the relay's order. */
export function missingRequired(granted: readonly number[]): number[] {
  return missingPermissions(granted).map((p) => p.id);
}
