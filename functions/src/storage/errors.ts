/**
 * Coded errors raised by the storage adapters. Messages name the operation and the key kind, never a secret,
 * token or ciphertext: they may end up in logs.
 */

export type StorageErrorCode =
  | 'invalid-secret-key'
  | 'sealed-value-malformed'
  | 'sealed-value-tampered'
  | 'lock-timeout'
  | 'invalid-key'
  | 'invalid-value'
  | 'message-too-large'
  | 'contention'
  | 'invalid-config'
  | 'unavailable';

export class StorageError extends Error {
  override readonly name: string = 'StorageError';
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** RELAY_SECRET_KEY is missing or not 32 bytes, or a sealed value cannot be opened. */
export class SecretBoxError extends StorageError {
  override readonly name = 'SecretBoxError';
}

/** The refresh lock could not be taken within its acquire timeout. */
export class LockTimeoutError extends StorageError {
  override readonly name = 'LockTimeoutError';
  constructor(
    readonly lockKey: string,
    readonly waitedMs: number,
    readonly attempts: number,
  ) {
    super('lock-timeout', `lock "${lockKey}" not acquired after ${waitedMs} ms (${attempts} attempts)`);
  }
}

/** Optimistic concurrency kept failing (another writer won every round). */
export class StorageContentionError extends StorageError {
  override readonly name = 'StorageContentionError';
  constructor(operation: string, attempts: number) {
    super('contention', `${operation}: still conflicting after ${attempts} attempts`);
  }
}

/** The storage service could not be reached or answered with an unexpected error. */
export class StorageUnavailableError extends StorageError {
  override readonly name = 'StorageUnavailableError';
}
