export { createComponentApi, type ComponentApi, type ComponentApiOptions } from './api.js';
export { buildAuthorizationUrl, type AuthorizationUrlInput } from './authorization-url.js';
export {
  parseComponentEvent,
  type AuthorizedEvent,
  type ComponentEvent,
  type UnauthorizedEvent,
  type UnknownComponentEvent,
  type VerifyTicketEvent,
} from './events.js';
export type { AuthorizerInfo, AuthorizerTokenResult, ComponentAccessTokenResult, QueryAuthResult } from './types.js';
