/**
 * Every port the relay's composition root gets from storage, whichever backend built it
 * (`createAzureStorage` in Azure and local runs, `createMemoryStorage` in unit tests).
 */
import type { ParkedDeliveries } from '../relay/ports/delivery.js';
import type { AuthorizerRegistry, KeyValueStore, Queue } from '../relay/ports/storage.js';
import type { SignedServiceRegistry } from '../relay/ports/signed-services.js';
import type { AuthorizerRefreshTokenStore, RefreshLock, TokenStore, VerifyTicketStore } from '../wechat/tokens/ports.js';

export interface RelayStorage {
  /** Component and authorizer access tokens (values sealed at rest). */
  tokens: TokenStore;
  /** One refresher per token key across instances. */
  refreshLock: RefreshLock;
  verifyTickets: VerifyTicketStore;
  /** authorizer_refresh_token per authorizer appid, sealed at rest, never deleted. */
  refreshTokens: AuthorizerRefreshTokenStore;
  authorizers: AuthorizerRegistry;
  /** Short-lived shared values: authorization states, binding tokens, pre_auth_codes, pre-connect statuses. */
  kv: KeyValueStore;
  /** Signed Services known per org and the account each one is bound to. */
  signedServices: SignedServiceRegistry;
  /** Messages of accounts not bound to a Signed Service yet. */
  parked: ParkedDeliveries;
  /** A queue by its logical name (the same instance for the same name). */
  queue<T>(name: string): Queue<T>;
  /** Resolves when storage answers; rejects with StorageUnavailableError otherwise (for /api/health). */
  ping(): Promise<void>;
}
