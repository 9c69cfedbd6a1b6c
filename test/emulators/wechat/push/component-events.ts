/**
 * Pushes to the component's 授权事件接收URL: component_verify_ticket, and the authorization changes
 * (authorized / updateauthorized / unauthorized). The receive id in the ciphertext is the component appid.
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/component_verify_ticket.html
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/authorize_event.html
 */
import type { SimState } from '../state/simulator-state.js';
import type { PushResult } from '../types.js';
import { buildXml } from '../xml.js';
import { deliver, sealPush } from './deliver.js';

async function pushToComponent(state: SimState, plaintext: string): Promise<PushResult> {
  const [result] = await deliver(state, sealPush(state, plaintext, { kind: 'component' }), plaintext);
  return result as PushResult;
}

/** Issues a fresh ticket (older ones stay valid for their 12 h) and pushes it. */
export async function pushVerifyTicket(state: SimState): Promise<PushResult & { ticket: string }> {
  const ticket = state.tickets.issue();
  state.stats.ticketsPushed += 1;
  const plaintext = buildXml({
    AppId: state.component.appid,
    CreateTime: state.nowSeconds(),
    InfoType: 'component_verify_ticket',
    ComponentVerifyTicket: ticket,
  });
  return { ...(await pushToComponent(state, plaintext)), ticket };
}

export interface AuthorizationEvent {
  infoType: 'authorized' | 'updateauthorized';
  authorizerAppid: string;
  authorizationCode: string;
  /** Unix seconds at which the code expires. */
  expiredTime: number;
  preAuthCode?: string;
}

export async function pushAuthorizationEvent(state: SimState, event: AuthorizationEvent): Promise<PushResult> {
  const plaintext = buildXml({
    AppId: state.component.appid,
    CreateTime: state.nowSeconds(),
    InfoType: event.infoType,
    AuthorizerAppid: event.authorizerAppid,
    AuthorizationCode: event.authorizationCode,
    AuthorizationCodeExpiredTime: event.expiredTime,
    PreAuthCode: event.preAuthCode,
  });
  return pushToComponent(state, plaintext);
}

export async function pushUnauthorized(state: SimState, authorizerAppid: string): Promise<PushResult> {
  const plaintext = buildXml({
    AppId: state.component.appid,
    CreateTime: state.nowSeconds(),
    InfoType: 'unauthorized',
    AuthorizerAppid: authorizerAppid,
  });
  return pushToComponent(state, plaintext);
}
