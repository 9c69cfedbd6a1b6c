/**
 * Dataverse row ids and organization ids are GUIDs in their canonical 8-4-4-4-12 hex form.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/guid
 */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID_PATTERN.test(value);
}
