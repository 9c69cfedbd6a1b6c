/**
 * 授权事件接收URL: component_verify_ticket every 10 minutes, and authorization changes. Everything is
 * persisted (ticket stored, follow-up task queued, revocation recorded) before WeChat gets `success`.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/component_verify_ticket.html
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorize_event.html
 */
import { parseComponentEvent, WechatMessageError, WechatXmlError, type ComponentEvent } from '../../wechat/index.js';
import type { VerifyTicketStore } from '../../wechat/tokens/ports.js';
import type { Clock } from '../../kernel/clock.js';
import type { RelayTask } from '../envelope.js';
import { CallbackRejected } from '../errors.js';
import { persist } from '../persist.js';
import type { AuthorizerRegistry, Queue } from '../ports/storage.js';
import type { Logger } from '../ports/logger.js';
import { openEncryptedCallback, type EncryptedCallback, type OpenOptions } from './open-callback.js';

export interface ComponentCallbackDeps {
  componentAppid: string;
  open: OpenOptions;
  tickets: VerifyTicketStore;
  tasks: Queue<RelayTask>;
  authorizers: AuthorizerRegistry;
  /** This instance's authorizer cache (authorizer-cache.ts): a revocation drops the account's record at once. */
  authorizerCache?: { forget(appid: string): void };
  clock: Clock;
  logger: Logger;
}

/** Returns the body to answer WeChat with (always `success` once handled). */
export async function handleComponentCallback(input: EncryptedCallback, deps: ComponentCallbackDeps): Promise<string> {
  const { plaintext } = openEncryptedCallback(input, deps.open);
  const event = parseEvent(plaintext);

  switch (event.infoType) {
    case 'component_verify_ticket':
      await persist('store verify ticket', () => deps.tickets.put(deps.componentAppid, { ticket: event.ticket, createTime: Number(event.createTime) }));
      deps.logger.info('component_verify_ticket stored', { createTime: event.createTime });
      break;
    case 'authorized':
    case 'updateauthorized':
      // api_query_auth is a network call to WeChat: do it from the queue, not inside WeChat's 5 seconds.
      await persist('queue authorization task', () =>
        deps.tasks.enqueue({
          v: 1,
          type: 'exchange-authorization-code',
          authorizerAppid: event.authorizerAppid,
          authorizationCode: event.authorizationCode,
          infoType: event.infoType,
        }),
      );
      deps.logger.info('authorization event queued', { infoType: event.infoType, authorizerAppid: event.authorizerAppid });
      break;
    case 'unauthorized': {
      // Before the read, so it sees storage, and so this instance stops storing the account's messages now.
      deps.authorizerCache?.forget(event.authorizerAppid);
      const record = await persist('read authorizer', () => deps.authorizers.get(event.authorizerAppid));
      if (record) {
        await persist('record revocation', () => deps.authorizers.put({ ...record, status: 'unauthorized', updatedAt: deps.clock.now() }));
      }
      deps.logger.warn('account revoked the authorization', { authorizerAppid: event.authorizerAppid, known: Boolean(record) });
      break;
    }
    default:
      // Other InfoTypes (e.g. notify_third_fasteregister) are acknowledged and logged, not guessed at.
      deps.logger.info('component event ignored', { infoType: event.infoType });
  }
  return 'success';
}

/** Appids and codes go into task messages and WeChat API calls: they must look like what WeChat sends. */
const APPID = /^[A-Za-z0-9_-]{1,64}$/;

/** A signed event WeChat could not have sent (a field missing, empty or malformed) is bad input: 400, nothing queued. */
function parseEvent(plaintext: string): ComponentEvent {
  let event: ComponentEvent;
  try {
    event = parseComponentEvent(plaintext);
  } catch (err) {
    if (err instanceof WechatMessageError || err instanceof WechatXmlError) throw new CallbackRejected('malformed-xml', err.message);
    throw err;
  }
  if (event.infoType === 'authorized' || event.infoType === 'updateauthorized' || event.infoType === 'unauthorized') {
    if (!APPID.test(event.authorizerAppid)) throw new CallbackRejected('malformed-xml', 'AuthorizerAppid is not an appid');
  }
  if ((event.infoType === 'authorized' || event.infoType === 'updateauthorized') && event.authorizationCode.trim() === '') {
    throw new CallbackRejected('malformed-xml', 'the component event has an empty AuthorizationCode');
  }
  if (event.infoType === 'component_verify_ticket' && event.ticket.trim() === '') {
    throw new CallbackRejected('malformed-xml', 'the component event has an empty ComponentVerifyTicket');
  }
  return event;
}
