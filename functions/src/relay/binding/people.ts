/**
 * Who a binding names, and the binding row that says so. Shared by the two proofs (a binding QR scan, web
 * authorization). Built-in tables from the Microsoft references:
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/contact
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/lead
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/systemuser
 */
import { Binding, BindingMethod, EntitySets } from '@wxm/solution/schema';
import type { Row } from '../../dataverse/types.js';
import { bind, followerRef, requireGuid } from '../delivery/keys.js';

export type PersonKind = 'contact' | 'lead' | 'systemuser';
export interface Person {
  kind: PersonKind;
  id: string;
}

const PEOPLE: Record<PersonKind, { entitySet: string; navigation: string; en: string; zh: string }> = {
  contact: { entitySet: 'contacts', navigation: 'wxm_ContactId', en: 'Contact', zh: '联系人' },
  lead: { entitySet: 'leads', navigation: 'wxm_LeadId', en: 'Lead', zh: '潜在顾客' },
  systemuser: { entitySet: 'systemusers', navigation: 'wxm_SystemUserId', en: 'User', zh: '用户' },
};

export const BINDING_METHOD = { scan: BindingMethod.QrScan, web: BindingMethod.WebAuthorization } as const;

/** The one proof a binding came from: its alternate key, so the same proof never binds twice. */
export const qrProof = (qrcodeId: string): string => `qr:${requireGuid('qr code id', qrcodeId)}`;
export const webProof = (stateId: string): string => `oauth:${stateId}`;

export interface BindingInput {
  accountId: string;
  openid: string;
  person: Person;
  method: (typeof BINDING_METHOD)[keyof typeof BINDING_METHOD];
  proof: string;
  at: Date;
  /** The user who made the code: the binding is created owned by them (the relay's role holds Assign on wxm_binding). */
  owner?: string;
}

/** wxm_binding by its alternate key. */
export function bindingKey(proof: string): string {
  return `${Binding.columns.Source}='${proof.replace(/'/g, "''")}'`;
}

export function bindingRow(b: BindingInput): Row {
  const p = PEOPLE[b.person.kind];
  const openidTail = b.openid.slice(-6);
  return {
    [Binding.columns.Name]: `${p.en} ${b.person.id.slice(0, 8)} ↔ WeChat …${openidTail}`,
    [bind('wxm_FollowerId')]: followerRef(b.accountId, b.openid),
    [bind(p.navigation)]: `/${p.entitySet}(${requireGuid(`${b.person.kind} id`, b.person.id)})`,
    [Binding.columns.BoundOn]: b.at.toISOString(),
    [Binding.columns.Method]: b.method,
    [Binding.columns.Source]: b.proof,
    ...(b.owner && { 'ownerid@odata.bind': `/systemusers(${requireGuid('owner id', b.owner)})` }),
  };
}

export const BINDINGS_ENTITY_SET = EntitySets.Binding;
