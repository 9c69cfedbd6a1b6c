/**
 * Whom the page binds, from how it was opened:
 * - embedded on a form as an HTML web resource with "Pass record object-type code and unique identifier as
 *   parameters": `?typename=contact&id=%7B…%7D` (https://learn.microsoft.com/power-apps/developer/model-driven-apps/web-resources#passing-parameters-to-html-web-resources);
 * - opened by `Xrm.Navigation.navigateTo({ pageType: 'webresource', webResourceName, data: 'contact=<id>' })`
 *   or a link with `?data=contact%3D<id>` (lead=…, or user=me);
 * - from the sitemap (no record): the signed-in user ("bind my WeChat"), or a contact or lead chosen on the page.
 * A user other than the signed-in one is refused: whoever scans a user's code gets that user's notifications.
 */
export type PersonKind = 'contact' | 'lead' | 'systemuser';

export interface Target {
  kind: PersonKind;
  /** Lower-case GUID without braces. */
  id: string;
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

export function guidOf(value: string | null | undefined): string | undefined {
  const m = GUID.exec((value ?? '').trim());
  return m ? m[1]!.toLowerCase() : undefined;
}

const KINDS: Record<string, PersonKind> = { contact: 'contact', lead: 'lead', systemuser: 'systemuser', user: 'systemuser' };

export type Opened = { target: Target; fixed: boolean } | { refused: 'not-me' } | { refused: 'bad-record' };

/** `userId` is the signed-in user's id (userSettings.userId). */
export function openedFor(query: URLSearchParams, userId: string): Opened {
  const me: Target = { kind: 'systemuser', id: userId };
  const data = new URLSearchParams(query.get('data') ?? '');
  const pairs: [string, string][] = [];
  if (query.get('typename')) pairs.push([query.get('typename')!.toLowerCase(), query.get('id') ?? '']);
  for (const [key, value] of data) pairs.push([key.toLowerCase(), value]);
  const [first] = pairs;
  if (!first) return { target: me, fixed: false };
  const kind = KINDS[first[0]];
  if (!kind) return { refused: 'bad-record' };
  const id = kind === 'systemuser' && first[1].toLowerCase() === 'me' ? userId : guidOf(first[1]);
  if (!id) return { refused: 'bad-record' };
  if (kind === 'systemuser' && id !== userId) return { refused: 'not-me' };
  return { target: { kind, id }, fixed: true };
}
