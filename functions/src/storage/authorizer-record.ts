/** Validation and copying of AuthorizerRecord shared by the table and memory registries. */
import type { AuthorizerRecord } from '../relay/ports/storage.js';
import { StorageError } from './errors.js';
import { requireEpochMs, requireKey } from './validate.js';

export function checkAuthorizerRecord(record: AuthorizerRecord): AuthorizerRecord {
  if (!record || typeof record !== 'object') throw new StorageError('invalid-value', 'authorizer record is required');
  requireKey('authorizer appid', record.appid);
  if (typeof record.originalId !== 'string') throw new StorageError('invalid-value', 'authorizer originalId must be a string');
  if (typeof record.nickName !== 'string') throw new StorageError('invalid-value', 'authorizer nickName must be a string');
  if (typeof record.isMiniProgram !== 'boolean') {
    throw new StorageError('invalid-value', 'authorizer isMiniProgram must be a boolean');
  }
  if (record.status !== 'authorized' && record.status !== 'unauthorized') {
    throw new StorageError('invalid-value', "authorizer status must be 'authorized' or 'unauthorized'");
  }
  if (!Array.isArray(record.funcScopes) || !record.funcScopes.every((id) => Number.isInteger(id))) {
    throw new StorageError('invalid-value', 'authorizer funcScopes must be an array of integers');
  }
  for (const field of ['serviceType', 'verifyType'] as const) {
    const value = record[field];
    if (value !== undefined && !Number.isInteger(value)) {
      throw new StorageError('invalid-value', `authorizer ${field} must be an integer when present`);
    }
  }
  requireEpochMs('authorizer authorizedAt', record.authorizedAt);
  requireEpochMs('authorizer updatedAt', record.updatedAt);
  return copyAuthorizerRecord(record);
}

/** A detached copy with optional fields omitted when undefined (as the table returns them). */
export function copyAuthorizerRecord(record: AuthorizerRecord): AuthorizerRecord {
  const copy: AuthorizerRecord = {
    appid: record.appid,
    originalId: record.originalId,
    nickName: record.nickName,
    isMiniProgram: record.isMiniProgram,
    funcScopes: [...record.funcScopes],
    status: record.status,
    authorizedAt: record.authorizedAt,
    updatedAt: record.updatedAt,
  };
  if (record.serviceType !== undefined) copy.serviceType = record.serviceType;
  if (record.verifyType !== undefined) copy.verifyType = record.verifyType;
  return copy;
}

export function byAppid(a: AuthorizerRecord, b: AuthorizerRecord): number {
  return a.appid < b.appid ? -1 : a.appid > b.appid ? 1 : 0;
}
