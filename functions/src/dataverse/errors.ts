/** The gateway's single error type: callers branch on `kind` (see DataverseErrorKind). */
import type { DataverseErrorInfo, DataverseErrorKind } from './types.js';

export class DataverseError extends Error implements DataverseErrorInfo {
  /** For `throttled`: the wait Dataverse (or Entra ID) asked for, in seconds. */
  readonly retryAfterSeconds?: number;

  constructor(
    readonly kind: DataverseErrorKind,
    readonly status: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DataverseError';
    if (options?.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** The error a batch outcome describes (the same object when it already is one). */
  static from(info: DataverseErrorInfo): DataverseError {
    if (info instanceof DataverseError) return info;
    return new DataverseError(
      info.kind,
      info.status,
      info.code,
      info.message,
      info.retryAfterSeconds === undefined ? undefined : { retryAfterSeconds: info.retryAfterSeconds },
    );
  }

  /** The plain shape batch outcomes carry. */
  info(): DataverseErrorInfo {
    const { kind, status, code, message, retryAfterSeconds } = this;
    return retryAfterSeconds === undefined ? { kind, status, code, message } : { kind, status, code, message, retryAfterSeconds };
  }
}
