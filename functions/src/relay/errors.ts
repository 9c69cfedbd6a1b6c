/**
 * Coded errors raised by the relay's use cases. Only the Functions registration layer maps them to HTTP
 * (functions/http-errors.ts); use cases never think in status codes.
 */

export type RejectReason = 'missing-parameter' | 'signature' | 'timestamp' | 'receive-id' | 'decrypt' | 'malformed-xml' | 'forbidden-xml' | 'too-large';

/** A callback that must not be processed. Logged with its reason, never with its content. */
export class CallbackRejected extends Error {
  constructor(
    readonly reason: RejectReason,
    detail: string,
  ) {
    super(`Callback rejected (${reason}): ${detail}`);
    this.name = 'CallbackRejected';
  }
}

/** Our own storage (queue, tables) failed: WeChat must retry, so the caller answers 5xx. */
export class StorageUnavailable extends Error {
  constructor(operation: string, cause: unknown) {
    super(`Storage unavailable during ${operation}`, { cause });
    this.name = 'StorageUnavailable';
  }
}

/** A request from a browser that cannot proceed; `messageKey` selects the bilingual text shown. */
export class AuthorizationFailed extends Error {
  constructor(
    readonly messageKey: AuthorizationFailure,
    detail?: string,
  ) {
    super(`Authorization failed: ${messageKey}${detail ? ` (${detail})` : ''}`);
    this.name = 'AuthorizationFailed';
  }
}

export type AuthorizationFailure =
  | 'invalid-original-id'
  | 'invalid-return-url'
  | 'missing-state'
  | 'invalid-state'
  | 'expired-state'
  | 'missing-auth-code'
  | 'auth-code-rejected'
  | 'original-id-mismatch'
  | 'wechat-unavailable'
  /** returnUrl is not on a Dynamics 365 org origin (or an allow-listed sandbox origin). */
  | 'return-url-not-allowed'
  /** orgUrl names another origin than returnUrl. */
  | 'org-mismatch'
  /** The callback came to a browser without the cookie /authorize set for this state. */
  | 'browser-mismatch'
  /** The state was already used (a reload of the result page). */
  | 'state-used'
  /** Another instance is still exchanging the same code. */
  | 'exchange-pending';
