/**
 * Connects the use cases of relay-tasks (authorization exchange, Signed Services, outbound messages) to the
 * runtime, the WeChat ports and the caller's logger. Connection only.
 */
import type { ExchangeDeps } from '../relay/authorization/exchange-code.js';
import { refreshBoundAccount } from '../relay/authorization/refresh-bound.js';
import { requeueParked } from '../relay/delivery/requeue-parked.js';
import { QUEUES, type InboundEnvelope, type RelayTask } from '../relay/envelope.js';
import type { Logger } from '../relay/ports/logger.js';
import { PreConnectStatuses } from '../relay/signed-services/pre-connect-status.js';
import type { TaskDeps } from '../relay/tasks/handle-task.js';
import type { WechatPorts } from '../relay/adapters/wechat-ports.js';
import type { RelayRuntime } from './runtime.js';

export function exchangeDeps(rt: RelayRuntime, wechat: WechatPorts, logger: Logger): ExchangeDeps {
  return {
    component: wechat.authorization,
    authorizers: rt.storage.authorizers,
    kv: rt.storage.kv,
    clock: rt.clock,
    logger,
    // Whichever path exchanged the code (redirect or event), the account's kept pre_auth_code may be used up.
    onExchanged: (originalId) => rt.preAuthCodes.forget(originalId),
    // Authorized again (Update authorization, or sets changed in WeChat's console): the bound org's row learns the sets.
    onStored: (record) =>
      refreshBoundAccount(record, {
        registry: rt.storage.signedServices,
        gateway: rt.gateway,
        secretBox: rt.secretBox,
        clock: rt.clock,
        logger,
        tasks: rt.storage.queue<RelayTask>(QUEUES.tasks),
      }),
  };
}

/** Everything but the follower sync, which the composition root adds (relay/followers/wiring.ts). */
export function taskDeps(rt: RelayRuntime, wechat: WechatPorts, logger: Logger): Omit<TaskDeps, 'followers'> {
  const { storage, clock } = rt;
  const inbound = storage.queue<InboundEnvelope>(QUEUES.inbound);
  const signedServices = {
    gateway: rt.gateway,
    registry: storage.signedServices,
    statuses: new PreConnectStatuses(storage.kv, clock),
    secretBox: rt.secretBox,
    bindingTokens: rt.bindingTokens,
    authorizers: storage.authorizers,
    // Messages that arrived before the account was bound go back on the queue, oldest first.
    releaseParked: (appid: string) => requeueParked(appid, { parked: storage.parked, inbound, logger }),
    clock,
    logger,
  };
  const outbound = { gateway: rt.gateway, registry: storage.signedServices, secretBox: rt.secretBox, customerService: wechat.customerService, clock, logger };
  const quota = { gateway: rt.gateway, registry: storage.signedServices, secretBox: rt.secretBox, quota: wechat.quota, clock, logger };
  const lifecycle = {
    gateway: rt.gateway,
    registry: storage.signedServices,
    secretBox: rt.secretBox,
    authorizers: storage.authorizers,
    tokens: storage.tokens,
    kv: storage.kv,
    parked: storage.parked,
    tasks: storage.queue<RelayTask>(QUEUES.tasks),
    now: () => clock.now(),
    logger,
  };
  return { ...exchangeDeps(rt, wechat, logger), signedServices, outbound, quota, lifecycle };
}
