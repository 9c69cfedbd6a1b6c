/** Input checks shared by every adapter, so bad input fails the same way in memory and in Azure. */
import { StorageError } from './errors.js';

export function requireKey(kind: string, key: unknown): string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new StorageError('invalid-key', `${kind} must be a non-empty string`);
  }
  return key;
}

export function requireText(kind: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new StorageError('invalid-value', `${kind} must be a non-empty string`);
  }
  return value;
}

export function requireEpochMs(kind: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new StorageError('invalid-value', `${kind} must be a finite number`);
  }
  return value;
}
