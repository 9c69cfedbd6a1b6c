/**
 * Alternate-key segments for the Web API: `wxm_appid='wx…'` or `wxm_openid='o…',_wxm_officialaccountid_value=<guid>`.
 * Strings are single-quoted with `'` doubled; GUIDs, numbers and booleans are bare. A lookup column in a key is
 * written `_<column>_value`. Caveat: a GUID-shaped value is always written bare (Edm.Guid), so a text column whose
 * value looks like a GUID cannot be addressed through this helper.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/retrieve-entity-using-web-api#retrieve-using-an-alternate-key
 * https://learn.microsoft.com/power-apps/developer/data-platform/use-alternate-key-reference-record
 */
import { DataverseError } from './errors.js';
import { GUID_PATTERN as GUID } from '../kernel/guid.js';

const COLUMN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function alternateKey(parts: Record<string, string | number | boolean>): string {
  const entries = Object.entries(parts);
  if (entries.length === 0) throw new DataverseError('invalid', 0, 'InvalidKey', 'An alternate key needs at least one column.');
  return entries.map(([column, value]) => `${checkColumn(column)}=${literal(value)}`).join(',');
}

/** The key name of a lookup column: `wxm_officialaccountid` → `_wxm_officialaccountid_value`. */
export function lookupKey(column: string): string {
  return `_${column}_value`;
}

/**
 * A key as it goes into a URL path: values percent-encoded (a `/`, `?`, `#` or space in a value would otherwise
 * change the URL), the `=` and `,` that structure the key left as they are.
 */
export function keySegment(key: string): string {
  return encodeURIComponent(key).replace(/%3D/gi, '=').replace(/%2C/gi, ',');
}

function checkColumn(column: string): string {
  if (!COLUMN.test(column)) throw new DataverseError('invalid', 0, 'InvalidKey', `'${column}' is not a column name.`);
  return column;
}

function literal(value: string | number | boolean): string {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new DataverseError('invalid', 0, 'InvalidKey', `${value} cannot be a key value.`);
  if (typeof value !== 'string') return String(value);
  if (GUID.test(value)) return value.toLowerCase();
  return `'${value.replace(/'/g, "''")}'`;
}
