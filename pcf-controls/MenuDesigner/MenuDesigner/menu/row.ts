/**
 * What the designer reads and writes through context.webAPI: the saved menu row (is it conditional, its tag, its
 * state and reason, the definition as saved), the account's auto-reply rules for menu clicks (which rule answers a
 * key), and the Publish / Import requests it stamps on the row for the relay.
 * https://learn.microsoft.com/power-apps/developer/component-framework/reference/webapi
 */
import { AutoReply, AutoReplyKind, Menu, Tag } from '../../../../solution/generated/schema';

const C = Menu.columns;
const lookup = (column: string) => `_${column}_value`;

export interface WebApiLike {
  retrieveRecord(entityType: string, id: string, options?: string): Promise<Record<string, unknown>>;
  retrieveMultipleRecords(entityType: string, options?: string, maxPageSize?: number): Promise<{ entities: Record<string, unknown>[] }>;
  updateRecord(entityType: string, id: string, data: Record<string, unknown>): Promise<unknown>;
}

export interface SavedMenu {
  accountId: string | undefined;
  accountName: string | undefined;
  conditional: boolean;
  tagName: string | undefined;
  wechatTagId: number | undefined;
  state: number | undefined;
  stateLabel: string | undefined;
  failureReason: string | undefined;
  publishedOn: string | undefined;
  definition: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const FORMATTED = '@OData.Community.Display.V1.FormattedValue';

export async function readSavedMenu(webApi: WebApiLike, id: string): Promise<SavedMenu> {
  const select = [C.Definition, C.Conditional, lookup(C.OfficialAccountId), lookup(C.TagId), C.State, C.FailureReason, C.PublishedOn].join(',');
  const row = await webApi.retrieveRecord(Menu.logicalName, id, `?$select=${select}`);
  const tagId = str(row[lookup(C.TagId)]);
  let wechatTagId: number | undefined;
  if (tagId) {
    const tag: Record<string, unknown> = await webApi
      .retrieveRecord(Tag.logicalName, tagId, `?$select=${Tag.columns.WechatTagId}`)
      .catch((): Record<string, unknown> => ({}));
    wechatTagId = typeof tag[Tag.columns.WechatTagId] === 'number' ? (tag[Tag.columns.WechatTagId] as number) : undefined;
  }
  return {
    accountId: str(row[lookup(C.OfficialAccountId)]),
    accountName: str(row[`${lookup(C.OfficialAccountId)}${FORMATTED}`]),
    conditional: row[C.Conditional] === true,
    tagName: str(row[`${lookup(C.TagId)}${FORMATTED}`]),
    wechatTagId,
    state: typeof row[C.State] === 'number' ? (row[C.State] as number) : undefined,
    stateLabel: str(row[`${C.State}${FORMATTED}`]),
    failureReason: str(row[C.FailureReason]),
    publishedOn: str(row[`${C.PublishedOn}${FORMATTED}`]) ?? str(row[C.PublishedOn]),
    definition: str(row[C.Definition]) ?? '',
  };
}

/** Menu-click rules of the account: key → rule name (the first active rule of a key, as the relay answers). */
export async function readClickRules(webApi: WebApiLike, accountId: string): Promise<Map<string, string>> {
  const A = AutoReply.columns;
  const filter = `${lookup(A.OfficialAccountId)} eq ${accountId} and ${A.Kind} eq ${AutoReplyKind.MenuClick} and statecode eq 0`;
  const { entities } = await webApi.retrieveMultipleRecords(AutoReply.logicalName, `?$select=${A.Name},${A.MenuKey}&$filter=${filter}&$orderby=${A.Name} asc`);
  const rules = new Map<string, string>();
  for (const e of entities) {
    const key = str(e[A.MenuKey])?.trim();
    if (key && !rules.has(key)) rules.set(key, str(e[A.Name]) ?? key);
  }
  return rules;
}

export async function requestPublish(webApi: WebApiLike, id: string, now: Date): Promise<void> {
  await webApi.updateRecord(Menu.logicalName, id, { [C.PublishRequestedOn]: now.toISOString() });
}

export async function requestImport(webApi: WebApiLike, id: string, now: Date): Promise<void> {
  await webApi.updateRecord(Menu.logicalName, id, { [C.ImportRequestedOn]: now.toISOString() });
}
