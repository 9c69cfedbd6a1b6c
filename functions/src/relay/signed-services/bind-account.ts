/**
 * Claims an authorized account for a connected Signed Service. An account already bound through this Signed
 * Service needs nothing more. Any other binding, a first one or a move from another org, happens only through a
 * valid binding token whose grant names this org (its `orgUrl` has the origin of the environment URL that just
 * passed WhoAmI) and this account; the token is used up at once, so a reused token binds nothing. After a move
 * the old org is told (move.ts) and receives nothing more for the account.
 */
import { SignedService } from '@wxm/solution/schema';
import type { DataverseOrg } from '../../dataverse/types.js';
import { upsertAccountRow } from './account-row.js';
import { text } from './credentials.js';
import type { SignedServiceDeps } from './deps.js';
import { markMovedAway } from './move.js';
import type { ReasonCode } from './reasons.js';
import type { AccountBinding, BoundAccountRef } from '../ports/signed-services.js';

const C = SignedService.columns;

export interface ClaimInput {
  organizationId: string;
  signedServiceId: string;
  appid: string;
  /** The row as re-read with credentials that passed WhoAmI for this org. */
  row: Record<string, unknown>;
  org: DataverseOrg;
  /** Origin of the environment URL that passed WhoAmI. */
  origin: string;
}

export async function claimAccount(input: ClaimInput, deps: SignedServiceDeps): Promise<{ account: BoundAccountRef } | { reason: ReasonCode }> {
  const { organizationId, signedServiceId, appid, row, org, origin } = input;
  const authorizer = await deps.authorizers.get(appid);
  if (!authorizer || authorizer.status !== 'authorized') return { reason: 'account-not-authorized' };

  const here = { organizationId, signedServiceId };
  const previous = await deps.registry.bindingOf(appid);
  const alreadyHere = previous?.organizationId === organizationId && previous.signedServiceId === signedServiceId;
  const token = text(row[C.BindingToken]);
  if (!alreadyHere) {
    const grant = token ? await deps.bindingTokens.peek(token) : undefined;
    if (!grant || grant.authorizerAppid !== appid || !namesOrg(grant.orgUrl, origin)) return { reason: 'binding-token-invalid' };
  }

  const officialAccountId = await upsertAccountRow(org, authorizer, deps.clock);
  // Used up before the binding is written: of two hints racing with one token, only one binds.
  if (!alreadyHere && !(token && (await deps.bindingTokens.redeem(token)))) return { reason: 'binding-token-invalid' };
  const binding: AccountBinding = { ...here, officialAccountId };
  await deps.registry.bind(appid, binding);
  if (previous && !alreadyHere) await markMovedAway(appid, previous, here, deps);
  return { account: { appid, officialAccountId } };
}

/** A grant names this org when its orgUrl has the same origin; a grant without one binds nowhere. */
function namesOrg(orgUrl: unknown, origin: string): boolean {
  if (typeof orgUrl !== 'string' || !orgUrl) return false;
  try {
    return new URL(orgUrl).origin.toLowerCase() === origin.toLowerCase();
  } catch {
    return false;
  }
}
