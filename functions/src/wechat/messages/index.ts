export { dedupeKey } from './dedupe.js';
export { WechatMessageError } from './errors.js';
export { parseInbound } from './parse-inbound.js';
export { buildPassiveReply, MAX_NEWS_ARTICLES, type NewsArticle, type PassiveReply, type PassiveReplyAddress } from './passive-reply.js';
export type * from './types.js';
