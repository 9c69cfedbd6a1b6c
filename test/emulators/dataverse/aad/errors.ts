/**
 * Error answers shaped like Microsoft Entra ID's token endpoint: `error`, `error_description` starting with the
 * AADSTS code, `error_codes`, `timestamp`, `trace_id`, `correlation_id`, `error_uri`.
 * Shape: https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow#error-response
 * Codes: https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 * The message texts follow what Entra ID answers (as quoted in public issue threads); they are not contractual.
 */
import { randomUUID } from 'node:crypto';

export interface AadErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

export class AadError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    readonly description: string,
  ) {
    super(`AADSTS${code}: ${description}`);
    this.name = 'AadError';
  }

  body(nowMs: number, correlationId = randomUUID()): AadErrorBody {
    const timestamp = new Date(nowMs)
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z');
    const traceId = randomUUID();
    return {
      error: this.error,
      error_description: `${this.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [this.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${this.code}`,
    };
  }
}

export const tenantNotFound = (tenant: string) =>
  new AadError(
    400,
    'invalid_tenant',
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  );

export const applicationNotFound = (clientId: string, tenant: string) =>
  new AadError(
    400,
    'unauthorized_client',
    700016,
    `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  );

export const invalidClientSecret = (clientId: string) =>
  new AadError(
    401,
    'invalid_client',
    7000215,
    `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  );

export const missingClientSecret = () =>
  new AadError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");

export const missingParameter = (name: string) =>
  new AadError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`);

export const unsupportedGrantType = () =>
  new AadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type. This emulator issues client_credentials tokens only.');

export const invalidScope = (scope: string) =>
  new AadError(
    400,
    'invalid_scope',
    1002012,
    `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  );
