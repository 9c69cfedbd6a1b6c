/**
 * The record the composer was opened for:
 * - by the form button (composerbutton.ts) through `Xrm.Navigation.navigateTo({ pageType: 'webresource', data:
 *   'entity=contact&id=<id>' })`, which the page receives as `?data=entity%3Dcontact%26id%3D…`;
 * - embedded on a form with "Pass record object-type code and unique identifier as parameters": `?typename=contact&id={…}`
 *   (https://learn.microsoft.com/power-apps/developer/model-driven-apps/web-resources#passing-parameters-to-html-web-resources);
 * - from the sitemap: no record (the operator sends to a view's followers).
 * Pure.
 */
export interface RecordRef {
  /** Table logical name, e.g. contact, lead, incident, wxm_follower. */
  entity: string;
  /** Lower-case GUID without braces. */
  id: string;
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
const LOGICAL_NAME = /^[a-z][a-z0-9_]{0,63}$/;

export function guidOf(value: string | null | undefined): string | undefined {
  const m = GUID.exec((value ?? '').trim());
  return m ? m[1]!.toLowerCase() : undefined;
}

export type Opened = { record: RecordRef } | { record: undefined } | { refused: 'bad-record' };

export function openedFor(query: URLSearchParams): Opened {
  const data = new URLSearchParams(query.get('data') ?? '');
  const entity = (query.get('typename') ?? data.get('entity') ?? '').trim().toLowerCase();
  const rawId = query.get('typename') ? query.get('id') : data.get('id');
  if (!entity && !rawId) return { record: undefined };
  const id = guidOf(rawId);
  if (!LOGICAL_NAME.test(entity) || !id) return { refused: 'bad-record' };
  return { record: { entity, id } };
}

/** The record's address in the app: what the message's Details link opens. */
export function recordUrl(clientUrl: string, record: RecordRef): string {
  return `${clientUrl.replace(/\/+$/, '')}/main.aspx?pagetype=entityrecord&etn=${encodeURIComponent(record.entity)}&id=${record.id}`;
}

/** wxm_regarding: "table:id", as the template message table describes it. */
export const regardingOf = (record: RecordRef): string => `${record.entity}:${record.id}`;
