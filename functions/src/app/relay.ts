/**
 * The composition root: settings + runtime (storage, Dataverse gateway) + WeChat protocol → the use cases the
 * Functions handlers call. The runtime is opened once per process; the cheap protocol objects are wired per
 * invocation so their logs land in that invocation's log.
 */
import type { RelaySettings } from '../config/settings.js';
import { completeAuthorization, type AuthorizationResult, type CompleteInput } from '../relay/authorization/complete.js';
import { startAuthorization, type StartedAuthorization, type StartInput } from '../relay/authorization/start.js';
import { handleAccountCallback, type AccountCallbackResult } from '../relay/callbacks/account-callback.js';
import { handleComponentCallback } from '../relay/callbacks/component-callback.js';
import type { EncryptedCallback } from '../relay/callbacks/open-callback.js';
import { verifyCallbackUrl, type UrlVerification } from '../relay/callbacks/url-verification.js';
import { QUEUES, type InboundEnvelope, type RelayTask } from '../relay/envelope.js';
import { StorageUnavailable } from '../relay/errors.js';
import { checkHealth, checkHealthSummary, type HealthReport, type HealthSummary } from '../relay/maintenance/health.js';
import { refreshTokens, type RefreshReport } from '../relay/maintenance/refresh-tokens.js';
import type { Logger } from '../relay/ports.js';
import { PreConnectStatuses } from '../relay/signed-services/pre-connect-status.js';
import { signedServiceStatusView, type SignedServiceStatusView } from '../relay/signed-services/status-view.js';
import { handleRelayTask, type TaskOutcome } from '../relay/tasks/handle-task.js';
import { acceptHint } from '../relay/webhook/accept-hint.js';
import { persist } from '../relay/persist.js';
import { WebhookKeys } from '../relay/webhook/webhook-key.js';
import { deliverInbound } from '../relay/delivery/deliver-inbound.js';
import { deliverWithOutageBackoff, type RetriedOutcome } from '../relay/delivery/retry-later.js';
import { createDeliveryProcess, wireDelivery } from './delivery-wiring.js';
import { WechatCrypto } from '../wechat/index.js';
import { systemClock } from '../kernel/clock.js';
import { invocationDeps } from './deps.js';
import { redactingLogger, sinkLogger, type LogSink } from './logging.js';
import { openRuntime, type RelayRuntime, type RuntimeOptions } from './runtime.js';
import { unreachableHealth } from './unreachable.js';
import { MAX_CALLBACK_BYTES } from '../kernel/limits.js';

export type { SignedServiceStatusView };

export interface BoundRelay {
  logger: Logger;
  componentCallback(input: EncryptedCallback): Promise<string>;
  accountCallback(authorizerAppid: string, input: EncryptedCallback): Promise<AccountCallbackResult>;
  verifyUrl(input: UrlVerification): string;
  startAuthorization(input: StartInput): Promise<StartedAuthorization>;
  completeAuthorization(input: CompleteInput): Promise<AuthorizationResult>;
  handleTask(task: RelayTask): Promise<TaskOutcome>;
  /** Queue wechat-inbound: one envelope into the customer's Dataverse (throws → retry, then poison). */
  deliverInbound(message: unknown): Promise<RetriedOutcome>;
  /** A Dataverse hint with the key it came with (x-wxm-webhook-key): 400 bad body, 401 not that org's key. */
  acceptWebhook(body: string, webhookKey: string | null): Promise<'queued' | 'ignored'>;
  signedServiceStatus(organizationId: string, signedServiceId: string): Promise<SignedServiceStatusView | undefined>;
  refreshTokens(): Promise<RefreshReport>;
  purgeLedger(): Promise<number>;
  /** Everything an operator needs (GET /api/health/details, function key). */
  health(): Promise<HealthReport>;
  /** ok / degraded / unavailable only (GET /api/health, anonymous): one storage read. */
  healthSummary(): Promise<HealthSummary>;
}

export interface Relay {
  readonly settings: RelaySettings;
  forInvocation(sink: LogSink): BoundRelay;
  /** Storage, registry and gateway, once ready (tests and the sandbox inspect them). */
  runtime(): Promise<RelayRuntime>;
}


export function createRelay(settings: RelaySettings, options: RuntimeOptions = {}): Relay {
  let runtime: Promise<RelayRuntime> | undefined;
  const ready = () =>
    (runtime ??= openRuntime(settings, options).catch((err: unknown) => {
      runtime = undefined; // storage may come back: try again on the next invocation
      throw err;
    }));
  const crypto = new WechatCrypto({ token: settings.component.token, encodingAesKey: settings.component.encodingAesKey, receiveId: settings.component.appid });
  const clock = options.clock ?? systemClock;
  const secrets = [settings.component.appsecret, settings.component.encodingAesKey, settings.component.token, settings.secretKey.toString('base64'), settings.functionKey];
  const open = { crypto, clock, clockSkewSeconds: settings.clockSkewSeconds, maxBodyBytes: MAX_CALLBACK_BYTES };
  // One per process: coalesces concurrent deliveries to the same org into shared $batch requests.
  const delivery = createDeliveryProcess();
  // Each org's webhook key is derived from RELAY_SECRET_KEY and that org's id; nothing is stored.
  const webhookKeys = new WebhookKeys(settings.secretKey);

  return {
    settings,
    runtime: ready,
    forInvocation(sink) {
      const logger = redactingLogger(sinkLogger(sink), secrets);
      const withRuntime = async <T>(fn: (rt: RelayRuntime) => Promise<T>): Promise<T> => {
        let rt: RelayRuntime;
        try {
          rt = await ready();
        } catch (err) {
          throw new StorageUnavailable('open storage', err); // nothing was stored: WeChat must retry
        }
        return fn(rt);
      };
      const deps = (rt: RelayRuntime) => invocationDeps(settings, rt, logger, options.fetch);
      const queues = (rt: RelayRuntime) => ({ inbound: rt.storage.queue<InboundEnvelope>(QUEUES.inbound), tasks: rt.storage.queue<RelayTask>(QUEUES.tasks) });
      return {
        logger,
        componentCallback: (input) =>
          withRuntime((rt) =>
            handleComponentCallback(input, {
              componentAppid: settings.component.appid, open, tickets: rt.storage.verifyTickets, tasks: queues(rt).tasks,
              authorizers: rt.storage.authorizers, clock, logger,
            }),
          ),
        accountCallback: (authorizerAppid, input) =>
          withRuntime((rt) =>
            handleAccountCallback(authorizerAppid, input, {
              open, crypto, authorizers: rt.storage.authorizers, ledger: rt.storage.ledger, ...queues(rt), clock, logger,
            }),
          ),
        verifyUrl: (input) => verifyCallbackUrl(input, crypto),
        startAuthorization: (input) =>
          withRuntime((rt) =>
            startAuthorization(input, {
              component: deps(rt).wechat.authorization, state: rt.state, preAuthCodes: rt.preAuthCodes, publicUrl: settings.publicUrl,
              orgOrigins: { extraOrigins: settings.allowedOrgOrigins },
            }),
          ),
        completeAuthorization: (input) =>
          withRuntime((rt) =>
            completeAuthorization(input, { ...deps(rt).exchange, state: rt.state, bindingTokens: rt.bindingTokens, preAuthCodes: rt.preAuthCodes, publicUrl: settings.publicUrl }),
          ),
        handleTask: (task) => withRuntime((rt) => handleRelayTask(task, deps(rt).tasks)),
        deliverInbound: (message) =>
          withRuntime((rt) =>
            deliverWithOutageBackoff(message, (m) => deliverInbound(m, wireDelivery(delivery, rt, deps(rt).wechat, logger, options.fetch)), {
              inbound: queues(rt).inbound,
              logger,
            }),
          ),
        acceptWebhook: (body, webhookKey) =>
          withRuntime((rt) => acceptHint(body, webhookKey, { tasks: queues(rt).tasks, secretBox: rt.secretBox, webhookKeys, logger })),
        signedServiceStatus: (organizationId, signedServiceId) =>
          withRuntime((rt) =>
            // A storage failure is 503 (the form shows "checking" and asks again), never a 500.
            persist('read signed service status', () =>
              signedServiceStatusView(organizationId, signedServiceId, { registry: rt.signedServices, statuses: new PreConnectStatuses(rt.kv, clock) }),
            ),
          ),
        refreshTokens: () => withRuntime((rt) => refreshTokens({ tokens: deps(rt).wechat.maintenance, authorizers: rt.storage.authorizers, logger })),
        purgeLedger: () => withRuntime((rt) => rt.storage.ledger.purgeExpired()),
        health: async () => {
          let rt: RelayRuntime;
          try {
            rt = await ready();
          } catch {
            return checkHealth(unreachableHealth(settings.component.appid, clock));
          }
          return checkHealth({
            componentAppid: settings.component.appid,
            componentTokenKey: `component:${settings.component.appid}`,
            tickets: rt.storage.verifyTickets,
            tokens: rt.storage.tokens,
            authorizers: rt.storage.authorizers,
            queueDepths: async () => ({ [QUEUES.inbound]: await queues(rt).inbound.depth(), [QUEUES.tasks]: await queues(rt).tasks.depth() }),
            clock,
            pendingKeys: () => delivery.pendingKeys.report(),
          });
        },
        healthSummary: async () => {
          let rt: RelayRuntime;
          try {
            rt = await ready();
          } catch {
            return { status: 'unavailable' };
          }
          return checkHealthSummary({ componentAppid: settings.component.appid, tickets: rt.storage.verifyTickets, clock, pendingKeys: () => delivery.pendingKeys.report() });
        },
      };
    },
  };
}
