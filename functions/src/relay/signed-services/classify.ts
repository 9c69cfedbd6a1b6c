/**
 * Turns what the gateway reports while checking a Signed Service into a reason an admin can act on, or
 * `undefined` when the failure is temporary (Dataverse or Azure AD busy): then the task is retried instead.
 *
 * AAD codes: https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 * Dataverse codes: https://learn.microsoft.com/power-apps/developer/data-platform/reference/web-service-error-codes
 */
import { DataverseError } from '../../dataverse/errors.js';
import type { ReasonCode } from './reasons.js';

/** The application has no user in the organization (Dataverse 0x80072560 on WhoAmI). */
const USER_NOT_IN_ORG = ['0x80072560', '0x8004f509'];

export function reasonFor(err: unknown): ReasonCode | undefined {
  if (!(err instanceof DataverseError)) return undefined;
  switch (err.kind) {
    case 'auth':
      if (/AADSTS7000215|AADSTS7000222|invalid_client/.test(err.code + err.message)) return 'invalid-secret';
      if (/AADSTS700016|unauthorized_client/.test(err.code + err.message)) return 'app-not-found';
      if (/AADSTS90002|AADSTS900023|AADSTS90023/.test(err.code + err.message)) return 'tenant-not-found';
      return err.status === 401 ? 'app-user-missing' : 'invalid-secret';
    case 'forbidden':
      return USER_NOT_IN_ORG.includes(err.code.toLowerCase()) ? 'app-user-missing' : 'role-missing';
    case 'not-found':
      return 'environment-unreachable';
    case 'invalid':
      // The gateway refuses Signed Service fields it cannot use before any request is made.
      if (/CloudMismatch/.test(err.code)) return 'cloud-mismatch';
      // Loopback, link-local, storage endpoints, http, ports, IP literals: refused before any request.
      if (/EnvironmentUrlNotAllowed/.test(err.code)) return 'environment-not-allowed';
      if (/InvalidEnvironmentUrl|InvalidTenantId|InvalidClientId|InvalidCloud/.test(err.code)) return 'invalid-fields';
      if (/MissingClientSecret/.test(err.code)) return 'missing-fields';
      return undefined;
    case 'transient':
      // A name that does not resolve is the admin's typo, not an outage.
      return /ENOTFOUND|EAI_AGAIN|getaddrinfo|ERR_INVALID_URL/.test(err.code + err.message) ? 'environment-unreachable' : undefined;
    default:
      return undefined;
  }
}
