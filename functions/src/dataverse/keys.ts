/**
 * Alternate-key segments for the Web API: `wxm_appid='wx…'` or `wxm_openid='o…',_wxm_officialaccountid_value=<guid>`.
 * Strings are single-quoted with `'` doubled; GUIDs, numbers and booleans are bare. A lookup column in a key is
 * written `_<column>_value`.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/retrieve-entity-using-web-api#retrieve-using-an-alternate-key
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function alternateKey(parts: Record<string, string | number | boolean>): string {
  return Object.entries(parts)
    .map(([column, value]) => `${column}=${literal(value)}`)
    .join(',');
}

/** The key name of a lookup column: `wxm_officialaccountid` → `_wxm_officialaccountid_value`. */
export function lookupKey(column: string): string {
  return `_${column}_value`;
}

function literal(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  if (GUID.test(value)) return value.toLowerCase();
  return `'${value.replace(/'/g, "''")}'`;
}
