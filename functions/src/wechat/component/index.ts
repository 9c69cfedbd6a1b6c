export {
  parseComponentEvent, type AuthorizedEvent, type ComponentEvent, type UnauthorizedEvent,
  type UnknownComponentEvent, type VerifyTicketEvent,
} from './events.js';
