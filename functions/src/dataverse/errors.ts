/** The gateway's single error type: callers branch on `kind` (see DataverseErrorKind). */
import type { DataverseErrorInfo, DataverseErrorKind } from './types.js';

export class DataverseError extends Error implements DataverseErrorInfo {
  constructor(
    readonly kind: DataverseErrorKind,
    readonly status: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DataverseError';
  }
}
