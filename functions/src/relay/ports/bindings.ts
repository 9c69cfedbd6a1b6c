/**
 * Which customer's Dataverse an authorized account writes to. A binding exists once a Signed Service in that
 * customer's org has connected (credentials checked with the org's own application user) and claimed the
 * account with its binding token. Everything written for an account goes through its binding: one tenant's
 * messages never reach another tenant's Dataverse.
 */
import type { DataverseOrg } from '../../dataverse/types.js';

export interface BoundAccount {
  authorizerAppid: string;
  /** The customer's environment, reached with the customer's own application user. */
  org: DataverseOrg;
  /** Dataverse organization id (from WhoAmI when the Signed Service connected). */
  organizationId: string;
  /** wxm_signedservice row id in that org. */
  signedServiceId: string;
  /** wxm_officialaccount row id in that org (created by the relay when binding). */
  officialAccountId: string;
  /**
   * Contact column that holds a follower's unionid or openid, when the admin configured one on the Signed
   * Service: followers are then linked to the matching Contact.
   */
  contactMatchColumn?: string;
}

export interface AccountBindings {
  /** The binding of a connected account, or undefined (not bound, revoked, or its Signed Service failed). */
  resolve(authorizerAppid: string): Promise<BoundAccount | undefined>;
}
