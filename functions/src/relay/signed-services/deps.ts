/** Everything the Signed Service use cases need (wired in app/). */
import type { Clock } from '../../kernel/clock.js';
import type { DataverseGateway } from '../../dataverse/types.js';
import type { BindingTokens } from '../authorization/binding-tokens.js';
import type { AuthorizerRegistry, SecretBox } from '../ports/storage.js';
import type { Logger } from '../ports/logger.js';
import type { PreConnectStatuses } from './pre-connect-status.js';
import type { SignedServiceRegistry } from '../ports/signed-services.js';

export interface SignedServiceDeps {
  /** Refuses environment URLs outside the allow list before any request (the relay's one door to Dataverse). */
  gateway: DataverseGateway;
  registry: SignedServiceRegistry;
  /** Short-lived statuses of Signed Services that failed before WhoAmI ever succeeded (nothing is registered). */
  statuses: PreConnectStatuses;
  secretBox: SecretBox;
  bindingTokens: BindingTokens;
  authorizers: AuthorizerRegistry;
  /** Re-queues messages that arrived while the account had no binding; resolves to how many. */
  releaseParked(authorizerAppid: string): Promise<number>;
  clock: Clock;
  logger: Logger;
}
