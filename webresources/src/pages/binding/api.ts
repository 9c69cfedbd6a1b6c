/**
 * What the page reads and writes, with the user's own session (Xrm.WebApi): the accounts, the person's name,
 * a binding code (a wxm_qrcode row with purpose Binding that the relay turns into a WeChat QR code), the binding
 * its scan makes, and the person's bindings (removing one deletes its row). The relay re-reads the code row with
 * the org's application user and acts on it alone; nothing here talks to the relay or to WeChat.
 */
import { Binding, BindingMethod, Follower, OfficialAccount, QrCode, QrPurpose, RowSyncState } from '@wxm/solution/schema';
import type { PersonKind, Target } from './target.js';
import type { BindingXrm } from './xrm-binding.js';

/** A few minutes: long enough to scan, short enough to be useless once seen. */
export const CODE_SECONDS = 300;

export interface Account {
  id: string;
  name: string;
}

const PEOPLE: Record<PersonKind, { entitySet: string; bindColumn: string; codeNavigation: string; bindingColumn: string }> = {
  contact: {
    entitySet: 'contacts',
    bindColumn: QrCode.columns.BindContactId,
    codeNavigation: QrCode.navigation.BindContactId,
    bindingColumn: Binding.columns.ContactId,
  },
  lead: { entitySet: 'leads', bindColumn: QrCode.columns.BindLeadId, codeNavigation: QrCode.navigation.BindLeadId, bindingColumn: Binding.columns.LeadId },
  systemuser: {
    entitySet: 'systemusers',
    bindColumn: QrCode.columns.BindUserId,
    codeNavigation: QrCode.navigation.BindUserId,
    bindingColumn: Binding.columns.SystemUserId,
  },
};

const str = (row: Record<string, unknown>, name: string): string | undefined =>
  typeof row[name] === 'string' && row[name] !== '' ? (row[name] as string) : undefined;
const lookup = (column: string) => `_${column}_value`;

export async function listAccounts(xrm: BindingXrm): Promise<Account[]> {
  const A = OfficialAccount.columns;
  const { entities } = await xrm.WebApi.retrieveMultipleRecords(
    OfficialAccount.logicalName,
    `?$select=${A.Id},${A.Name},${A.AppId}&$filter=statecode eq 0&$orderby=${A.Name} asc`,
  );
  return entities.map((e) => ({ id: String(e[A.Id]), name: str(e, A.Name) ?? str(e, A.AppId) ?? String(e[A.Id]) }));
}

export async function personName(xrm: BindingXrm, target: Target): Promise<string> {
  const row = await xrm.WebApi.retrieveRecord(target.kind, target.id, '?$select=fullname');
  return str(row, 'fullname') ?? target.id;
}

export async function createBindingCode(xrm: BindingXrm, input: { account: Account; target: Target; name: string }): Promise<string> {
  const p = PEOPLE[input.target.kind];
  const C = QrCode.columns;
  // No scene: the relay makes an unguessable one (bind_ + 256 random bits) when it creates the code in WeChat.
  const created = await xrm.WebApi.createRecord(QrCode.logicalName, {
    [C.Name]: input.name.slice(0, 100),
    [`${QrCode.navigation.OfficialAccountId}@odata.bind`]: `/${OfficialAccount.entitySetName}(${input.account.id})`,
    [C.Purpose]: QrPurpose.Binding,
    [C.Permanent]: false,
    [C.ExpireSeconds]: CODE_SECONDS,
    [`${p.codeNavigation}@odata.bind`]: `/${p.entitySet}(${input.target.id})`,
  });
  return created.id.replace(/[{}]/g, '').toLowerCase();
}

export type CodeState = { kind: 'pending' } | { kind: 'failed'; reason: string } | { kind: 'ready'; image: string; expiresOn: Date };

export async function readCode(xrm: BindingXrm, id: string): Promise<CodeState> {
  const C = QrCode.columns;
  const row = await xrm.WebApi.retrieveRecord(QrCode.logicalName, id, `?$select=${C.State},${C.Image},${C.ImageUrl},${C.ExpiresOn},${C.FailureReason}`);
  if (row[C.State] === RowSyncState.Failed) return { kind: 'failed', reason: str(row, C.FailureReason) ?? '' };
  const base64 = str(row, C.Image);
  const image = base64 ? `data:image/png;base64,${base64}` : str(row, C.ImageUrl);
  const expires = str(row, C.ExpiresOn);
  if (row[C.State] !== RowSyncState.Synced || !image || !expires) return { kind: 'pending' };
  return { kind: 'ready', image, expiresOn: new Date(expires) };
}

export interface BindingRow {
  id: string;
  followerId: string;
  boundOn?: Date;
  method: 'scan' | 'web' | undefined;
}

const BINDING_SELECT = [Binding.columns.Id, Binding.columns.BoundOn, Binding.columns.Method, lookup(Binding.columns.FollowerId)].join(',');

function bindingRow(e: Record<string, unknown>): BindingRow {
  const boundOn = str(e, Binding.columns.BoundOn);
  const method = e[Binding.columns.Method] === BindingMethod.QrScan ? 'scan' : e[Binding.columns.Method] === BindingMethod.WebAuthorization ? 'web' : undefined;
  return {
    id: String(e[Binding.columns.Id]),
    followerId: String(e[lookup(Binding.columns.FollowerId)]),
    method,
    ...(boundOn && { boundOn: new Date(boundOn) }),
  };
}

/** The binding a code's scan made (its proof is `qr:<code id>`, relay/binding/people.ts), or undefined. */
export async function bindingOfCode(xrm: BindingXrm, codeId: string): Promise<BindingRow | undefined> {
  const { entities } = await xrm.WebApi.retrieveMultipleRecords(
    Binding.logicalName,
    `?$select=${BINDING_SELECT}&$filter=${Binding.columns.Source} eq 'qr:${codeId}'`,
  );
  return entities[0] ? bindingRow(entities[0]) : undefined;
}

/** The person's bindings, newest first (a person has a few; 50 is more than a page shows). */
export async function bindingsOf(xrm: BindingXrm, target: Target): Promise<BindingRow[]> {
  const { entities } = await xrm.WebApi.retrieveMultipleRecords(
    Binding.logicalName,
    `?$select=${BINDING_SELECT}&$filter=${lookup(PEOPLE[target.kind].bindingColumn)} eq ${target.id} and statecode eq 0&$orderby=${Binding.columns.BoundOn} desc&$top=50`,
  );
  return entities.map(bindingRow);
}

export interface FollowerName {
  name?: string;
  openid: string;
}

export async function followerName(xrm: BindingXrm, followerId: string): Promise<FollowerName> {
  const F = Follower.columns;
  const row = await xrm.WebApi.retrieveRecord(Follower.logicalName, followerId, `?$select=${F.Name},${F.OpenId}`);
  const openid = str(row, F.OpenId) ?? '';
  const name = str(row, F.Name);
  // The relay names a follower by its openid until WeChat (web authorization) gives a name.
  return { openid, ...(name && name !== openid && { name }) };
}

/** Deleting the row is the whole removal: follower, person and spent code stay. */
export async function removeBinding(xrm: BindingXrm, id: string): Promise<void> {
  await xrm.WebApi.deleteRecord(Binding.logicalName, id);
}
