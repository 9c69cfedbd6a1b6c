/**
 * What the token providers need from the outside world. WeChat's protocol code defines these; storage/
 * implements them on Azure Tables + Blob leases (and in memory for unit tests). Nothing here knows Azure.
 */

/** A cached access token (component or authorizer). */
export interface StoredToken {
  value: string;
  /** Epoch ms at which WeChat stops accepting it (issue time + expires_in). */
  expiresAt: number;
}

/**
 * Shared token cache, keyed by e.g. `component:<appid>` or `authorizer:<appid>`.
 * Shared by every relay instance: never an in-process map in production.
 */
export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  put(key: string, token: StoredToken): Promise<void>;
  /**
   * Mark the token expired only if the stored value is still `value` (WxJava's rule): a token that another
   * instance already replaced must not be thrown away because an older request failed with it.
   */
  expireIfCurrent(key: string, value: string): Promise<void>;
}

/** One holder at a time across all instances (blob lease in Azure). */
export interface RefreshLock {
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/** The latest good component_verify_ticket per component appid. */
export interface VerifyTicketStore {
  get(componentAppid: string): Promise<VerifyTicket | undefined>;
  /** Keeps the ticket only when it is newer (by createTime) than the stored one. */
  put(componentAppid: string, ticket: VerifyTicket): Promise<void>;
}

export interface VerifyTicket {
  ticket: string;
  /** CreateTime of the push, seconds since the epoch (as WeChat sends it). */
  createTime: number;
}

/**
 * The authorizer_refresh_token per authorizer appid. Implementations store it encrypted; it must never be
 * dropped (losing it forces the customer to re-authorize).
 */
export interface AuthorizerRefreshTokenStore {
  get(authorizerAppid: string): Promise<string | undefined>;
  put(authorizerAppid: string, refreshToken: string): Promise<void>;
}
