/**
 * The Dataverse gateway: generic Web API operations against one customer's environment, through that customer's
 * own application user (see README.md). Knows nothing of WeChat.
 */
export { createDataverseGateway, DEFAULT_MAX_CONCURRENT_PER_ORG, type BoundedDataverseGateway, type DataverseGatewayOptions } from './gateway.js';
export { allowedOrgOrigin, isAllowedOrgOrigin, parseOriginList, STRICT_ORG_ORIGINS, type OrgOriginPolicy } from './org-origin.js';
export { createTokenProvider, DEFAULT_CACHE_LIMITS, type TokenProvider, type TokenProviderOptions } from './token/token-provider.js';
export { fetchNetworkModule, withLoginBase, type FetchLike } from './token/network.js';
export { DEFAULT_AUTHORITY_HOSTS, environmentOrigin, scopeFor, validateCredentials } from './clouds.js';
export { alternateKey, lookupKey, keySegment } from './keys.js';
export { DataverseError } from './errors.js';
export { MAX_BATCH_OPERATIONS } from './batch/run.js';
export { DEFAULT_THROTTLE_POLICY, type DataverseLogger, type ThrottlePolicy } from './throttle.js';
export type * from './types.js';
