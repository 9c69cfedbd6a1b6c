/**
 * wxm_menu rows ⇄ the menu use cases: the row as read (every value from Dataverse, never from a hint), its tag, the
 * claim of a request (the row's ETag), and the writes of the outcome.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api
 */
import { EntitySets, Menu, MenuState, Tag } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { DataverseOrg, Row } from '../../dataverse/types.js';
import { requireGuid } from '../delivery/keys.js';

const C = Menu.columns;
const SET = EntitySets.Menu;

export interface MenuRow {
  id: string;
  etag: string;
  accountId: string | undefined;
  name: string;
  definition: string | undefined;
  conditional: boolean;
  tagId: string | undefined;
  wechatMenuId: string | undefined;
  publishRequestedOn: unknown;
  publishHandledOn: unknown;
  importRequestedOn: unknown;
  importedOn: unknown;
}

const SELECT = [
  C.Id,
  C.Name,
  lookupKey(C.OfficialAccountId),
  C.Definition,
  C.Conditional,
  lookupKey(C.TagId),
  C.WechatMenuId,
  C.PublishRequestedOn,
  C.PublishHandledOn,
  C.ImportRequestedOn,
  C.ImportedOn,
];

const str = (row: Row, name: string): string | undefined => (typeof row[name] === 'string' && row[name] !== '' ? (row[name] as string) : undefined);

export async function readMenu(org: DataverseOrg, id: string): Promise<MenuRow | undefined> {
  const row = await org.retrieve(SET, requireGuid('menu id', id), SELECT);
  if (!row) return undefined;
  return {
    id: String(row[C.Id]),
    etag: typeof row['@odata.etag'] === 'string' ? row['@odata.etag'] : '*',
    accountId: str(row, lookupKey(C.OfficialAccountId)),
    name: str(row, C.Name) ?? '',
    definition: str(row, C.Definition),
    conditional: row[C.Conditional] === true,
    tagId: str(row, lookupKey(C.TagId)),
    wechatMenuId: str(row, C.WechatMenuId),
    publishRequestedOn: row[C.PublishRequestedOn],
    publishHandledOn: row[C.PublishHandledOn],
    importRequestedOn: row[C.ImportRequestedOn],
    importedOn: row[C.ImportedOn],
  };
}

/** Whole seconds: Dataverse keeps date and time columns to the second. */
const at = (value: unknown): number => (typeof value === 'string' ? Math.floor(Date.parse(value) / 1000) : NaN);
/** A request is pending when it is newer than the last one handled (or none was handled yet). */
export const pending = (requested: unknown, handled: unknown): boolean => !Number.isNaN(at(requested)) && !(at(handled) >= at(requested));

/** The conditional menu's tag: its name, account and WeChat id. */
export async function readTag(
  org: DataverseOrg,
  tagId: string,
): Promise<{ name: string; accountId: string | undefined; wechatTagId: number | undefined } | undefined> {
  const T = Tag.columns;
  const row = await org.retrieve(EntitySets.Tag, requireGuid('tag id', tagId), [T.Name, lookupKey(T.OfficialAccountId), T.WechatTagId]);
  if (!row) return undefined;
  return {
    name: str(row, T.Name) ?? '',
    accountId: str(row, lookupKey(T.OfficialAccountId)),
    wechatTagId: typeof row[T.WechatTagId] === 'number' ? (row[T.WechatTagId] as number) : undefined,
  };
}

/** Claims the publish request: only the writer whose ETag still matches marks it handled (false: someone else did). */
export function claimPublish(org: DataverseOrg, menu: MenuRow): Promise<boolean> {
  return org.update(SET, requireGuid('menu id', menu.id), { [C.PublishHandledOn]: menu.publishRequestedOn }, menu.etag);
}

export function claimImport(org: DataverseOrg, menu: MenuRow): Promise<boolean> {
  return org.update(SET, requireGuid('menu id', menu.id), { [C.ImportedOn]: menu.importRequestedOn }, menu.etag);
}

/** Gives a claimed request back (WeChat never answered): the retried task finds it pending again. */
export async function releasePublish(org: DataverseOrg, menu: MenuRow): Promise<void> {
  await org.update(SET, requireGuid('menu id', menu.id), { [C.PublishHandledOn]: menu.publishHandledOn ?? null });
}

export async function recordPublished(org: DataverseOrg, id: string, now: number, wechatMenuId: string | null): Promise<void> {
  await org.update(SET, requireGuid('menu id', id), {
    [C.State]: MenuState.Published,
    [C.PublishedOn]: new Date(now).toISOString(),
    [C.WechatMenuId]: wechatMenuId,
    [C.FailureReason]: null,
  });
}

export async function recordFailed(org: DataverseOrg, id: string, reason: string): Promise<void> {
  await org.update(SET, requireGuid('menu id', id), { [C.State]: MenuState.Failed, [C.FailureReason]: reason.slice(0, 4000) });
}

export async function recordImported(org: DataverseOrg, id: string, definition: string, note: string | null): Promise<void> {
  await org.update(SET, requireGuid('menu id', id), { [C.Definition]: definition, [C.State]: MenuState.Imported, [C.FailureReason]: note });
}

/** The row of the live menu made at authorization, unless the account has menu rows already. */
/**
 * The live menu as an Imported row of the account, unless a default (non-conditional) menu row of the account
 * already holds the same buttons (imported before, or published from here): importing again never duplicates.
 */
export async function createImportedMenu(
  org: DataverseOrg,
  accountId: string,
  name: string,
  definition: string,
  note: string | null,
  now: number,
): Promise<string | undefined> {
  const filter = `${lookupKey(C.OfficialAccountId)} eq ${requireGuid('account id', accountId)}`;
  const rows = await org.retrieveMultiple(SET, { select: [C.Id, C.Definition, C.Conditional], filter });
  const live = canonicalMenu(definition);
  const held = rows.filter((r) => r[C.Conditional] !== true).map((r) => r[C.Definition]);
  if (held.some((d) => typeof d === 'string' && canonicalMenu(d) === live)) return undefined;
  return org.create(SET, {
    [C.Name]: name,
    'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${requireGuid('account id', accountId)})`,
    [C.Definition]: definition,
    [C.Conditional]: false,
    [C.State]: MenuState.Imported,
    [C.ImportedOn]: new Date(now).toISOString(),
    [C.FailureReason]: note,
  });
}

/** A definition compared by content: keys sorted, empty sub_button lists dropped, JSON spacing ignored. */
export function canonicalMenu(definition: string): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (typeof v !== 'object' || v === null) return v;
    const entries = Object.entries(v as Record<string, unknown>).filter(([k, x]) => !(k === 'sub_button' && Array.isArray(x) && x.length === 0));
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, sort(x)]));
  };
  try {
    return JSON.stringify(sort(JSON.parse(definition)));
  } catch {
    return definition.trim();
  }
}
