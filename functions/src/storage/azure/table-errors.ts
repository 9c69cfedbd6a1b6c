/**
 * Reading Azure Storage REST errors. The data-tables SDK leaves `err.code` undefined and puts the service code in
 * `err.details.odataError.code`; the HTTP status is in `err.statusCode` for all three SDKs.
 * Codes: https://learn.microsoft.com/rest/api/storageservices/table-service-error-codes
 */

export function statusOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'statusCode' in err) {
    const status = (err as { statusCode?: unknown }).statusCode;
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}

/** The service's error code (e.g. `EntityAlreadyExists`, `UpdateConditionNotSatisfied`, `LeaseAlreadyPresent`). */
export function serviceCodeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; details?: { odataError?: { code?: unknown }; errorCode?: unknown } };
  const code = e.details?.odataError?.code ?? e.details?.errorCode ?? e.code;
  return typeof code === 'string' ? code : undefined;
}

/** 404: entity, table, queue or blob not there. */
export const isNotFound = (err: unknown): boolean => statusOf(err) === 404;
/** 409: entity already exists, lease already present. */
export const isConflict = (err: unknown): boolean => statusOf(err) === 409;
/** 412: the ETag (If-Match) no longer matches. */
export const isPreconditionFailed = (err: unknown): boolean => statusOf(err) === 412;
