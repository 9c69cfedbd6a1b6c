/**
 * Builds each use case's dependencies from the runtime, the settings and this invocation's logger.
 */
import type { RelaySettings } from '../config/settings.js';
import type { ExchangeDeps } from '../relay/authorization/exchange-code.js';
import { QUEUES, type InboundEnvelope } from '../relay/envelope.js';
import type { OutboundDeps } from '../relay/outbound/send-outbound.js';
import type { Logger } from '../relay/ports.js';
import type { SignedServiceDeps } from '../relay/signed-services/deps.js';
import { PreConnectStatuses } from '../relay/signed-services/pre-connect-status.js';
import type { TaskDeps } from '../relay/tasks/handle-task.js';
import { requeueParked } from '../relay/delivery/requeue-parked.js';
import type { RelayRuntime } from './runtime.js';
import { wireWechat, type WechatWiring } from './wechat-wiring.js';

export interface InvocationDeps {
  wechat: WechatWiring;
  exchange: ExchangeDeps;
  signedServices: SignedServiceDeps;
  outbound: OutboundDeps;
  tasks: TaskDeps;
}

export function invocationDeps(settings: RelaySettings, rt: RelayRuntime, logger: Logger, fetchImpl?: typeof fetch): InvocationDeps {
  const wechat = wireWechat(settings, rt, logger, fetchImpl);
  const { clock } = rt;
  const exchange: ExchangeDeps = {
    component: wechat.authorization, authorizers: rt.storage.authorizers, kv: rt.kv, clock, logger,
    // Whichever path exchanged the code (redirect or event), the account's kept pre_auth_code may be used up.
    onExchanged: (originalId) => rt.preAuthCodes.forget(originalId),
  };
  const inbound = rt.storage.queue<InboundEnvelope>(QUEUES.inbound);
  const signedServices: SignedServiceDeps = {
    gateway: rt.gateway,
    registry: rt.signedServices,
    statuses: new PreConnectStatuses(rt.kv, clock),
    secretBox: rt.secretBox,
    bindingTokens: rt.bindingTokens,
    authorizers: rt.storage.authorizers,
    // Messages that arrived before the account was bound go back on the queue, oldest first.
    releaseParked: (appid) => requeueParked(appid, { parked: rt.parked, inbound, logger }),
    clock,
    logger,
  };
  const outbound: OutboundDeps = {
    gateway: rt.gateway,
    registry: rt.signedServices,
    secretBox: rt.secretBox,
    customerService: wechat.customerService,
    clock,
    logger,
  };
  return {
    wechat,
    exchange,
    signedServices,
    outbound,
    tasks: { ...exchange, signedServices, outbound },
  };
}
