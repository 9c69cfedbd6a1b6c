/**
 * What the relay remembers of each Signed Service (a customer's application user) and which account is bound
 * to which one. The client secret is kept sealed (AES-256-GCM with RELAY_SECRET_KEY); everything else is what
 * an operator of the relay needs to route and to explain a status.
 */
import type { DataverseCloud } from '../../dataverse/types.js';
import type { ReasonCode } from '../signed-services/reasons.js';

export type SignedServiceState = 'connected' | 'failed' | 'pending' | 'revoked';

export interface SignedServiceRecord {
  /** Dataverse organization id (from the webhook, confirmed by WhoAmI). */
  organizationId: string;
  /** wxm_signedservice row id. */
  signedServiceId: string;
  state: SignedServiceState;
  reason: ReasonCode;
  environmentUrl?: string;
  cloud?: DataverseCloud;
  tenantId?: string;
  clientId?: string;
  /** Present only while connected. */
  sealedSecret?: string;
  /** The account the row names now (wxm_appid), when it is bound through this Signed Service. */
  authorizerAppid?: string;
  /** wxm_officialaccount row id in the customer's org. */
  officialAccountId?: string;
  /**
   * Every account bound through this Signed Service (a second account joins when Start To Use writes its appid
   * and binding token into the connected row). Older records have only authorizerAppid: see accountsOf.
   */
  accounts?: BoundAccountRef[];
  /** With reason 'change-not-applied': why the change the row asked for failed (the connection is untouched). */
  changeReason?: ReasonCode;
  contactMatchColumn?: string;
  updatedAt: number;
}

export interface BoundAccountRef {
  appid: string;
  officialAccountId: string;
}

/** The accounts bound through a Signed Service, for records written before `accounts` existed too. */
export function accountsOf(record: SignedServiceRecord | undefined): BoundAccountRef[] {
  if (!record) return [];
  if (record.accounts) return record.accounts.map((a) => ({ ...a }));
  return record.authorizerAppid && record.officialAccountId ? [{ appid: record.authorizerAppid, officialAccountId: record.officialAccountId }] : [];
}

export interface AccountBinding {
  organizationId: string;
  signedServiceId: string;
  /** wxm_officialaccount row id of this account in that org. */
  officialAccountId?: string;
}

export interface SignedServiceRegistry {
  get(organizationId: string, signedServiceId: string): Promise<SignedServiceRecord | undefined>;
  listForOrg(organizationId: string): Promise<SignedServiceRecord[]>;
  /** Connected Signed Services whose environment URL has this host (Start To Use opened from that org). */
  findConnectedByHost(host: string): Promise<SignedServiceRecord[]>;
  put(record: SignedServiceRecord): Promise<void>;
  delete(organizationId: string, signedServiceId: string): Promise<void>;
  bindingOf(authorizerAppid: string): Promise<AccountBinding | undefined>;
  /** One account writes to one org at a time: binding again moves it. */
  bind(authorizerAppid: string, binding: AccountBinding): Promise<void>;
  /** Removes the binding only if it still points at `binding` (a newer binding elsewhere stays). */
  unbind(authorizerAppid: string, binding: AccountBinding): Promise<void>;
}
