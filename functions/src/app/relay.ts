/**
 * The composition root: settings → the process-wide parts (Dataverse gateway, WeChat crypto, delivery batching,
 * webhook keys), the runtime opened lazily on first use (storage/open-once.ts: storage down → 503, retried on the
 * next call), and `services`, the use cases built once per process. Handlers call a service and pass their
 * invocation's logger as the last argument. Adding a use case: write it under relay/, add its entry to
 * `services` below, register its handler under functions/. Construction and connection only.
 */
import type { RelaySettings } from '../config/settings.js';
import { createDataverseGateway } from '../dataverse/index.js';
import { systemClock } from '../kernel/clock.js';
import { MAX_CALLBACK_BYTES } from '../kernel/limits.js';
import { wechatPorts } from '../relay/adapters/wechat-ports.js';
import type { FeatureWiring } from '../relay/adapters/feature-wiring.js';
import { completeAuthorization, type CompleteInput } from '../relay/authorization/complete.js';
import { startAuthorization, type StartInput } from '../relay/authorization/start.js';
import { handleAccountCallback } from '../relay/callbacks/account-callback.js';
import { CachedAuthorizers } from '../relay/callbacks/authorizer-cache.js';
import { IngestCommitter } from '../relay/callbacks/ingest-committer.js';
import { handleComponentCallback } from '../relay/callbacks/component-callback.js';
import type { EncryptedCallback } from '../relay/callbacks/open-callback.js';
import { verifyCallbackUrl, type UrlVerification } from '../relay/callbacks/url-verification.js';
import { deliverInbound } from '../relay/delivery/deliver-inbound.js';
import { deliverWithOutageBackoff } from '../relay/delivery/retry-later.js';
import { QUEUES, type InboundEnvelope, type RelayTask } from '../relay/envelope.js';
import { checkHealth, checkHealthSummary } from '../relay/maintenance/health.js';
import { refreshTokens } from '../relay/maintenance/refresh-tokens.js';
import { unreachableHealth } from '../relay/maintenance/unreachable-health.js';
import { persist } from '../relay/persist.js';
import type { Logger } from '../relay/ports/logger.js';
import { PreConnectStatuses } from '../relay/signed-services/pre-connect-status.js';
import { signedServiceStatusView } from '../relay/signed-services/status-view.js';
import { handleRelayTask } from '../relay/tasks/handle-task.js';
import { qrCodeDeps } from '../relay/qrcodes/wiring.js';
import { registryOrgs } from '../relay/qrcodes/org-access.js';
import { sweepDisabledUsers } from '../relay/binding/sweep-disabled.js';
import { autoReplyDeps } from '../relay/autoreplies/wiring.js';
import { passiveReplies } from '../relay/autoreplies/passive-replies.js';
import { RuleCache } from '../relay/autoreplies/rule-cache.js';
import { RuleStore } from '../relay/autoreplies/rule-store.js';
import { materialDeps } from '../relay/materials/wiring.js';
import { templateDeps } from '../relay/templates/wiring.js';
import { subscriptionDeps } from '../relay/subscriptions/wiring.js';
import { broadcastDeps } from '../relay/broadcasts/wiring.js';
import { broadcastTick } from '../relay/broadcasts/schedule.js';
import { tagDeps } from '../relay/tags/wiring.js';
import { menuDeps } from '../relay/menus/wiring.js';
import { audienceTick } from '../relay/tags/audience/audience-tick.js';
import { acceptHint } from '../relay/webhook/accept-hint.js';
import { WebhookKeys } from '../relay/webhook/webhook-key.js';
import { openOnce } from '../storage/open-once.js';
import { AesGcmSecretBox } from '../storage/secret-box.js';
import { WechatCrypto } from '../wechat/index.js';
import { createDeliveryProcess, wireDelivery } from './delivery-wiring.js';
import { exchangeDeps, taskDeps } from './deps.js';
import { redactingLogger, Secrets, sinkLogger, type LogSink } from '../relay/adapters/logging.js';
import { openRuntime, type RelayOptions, type RelayRuntime } from './runtime.js';
import { followerSyncDeps } from '../relay/followers/wiring.js';
import { followerSyncTick } from '../relay/followers/sync-schedule.js';
import { fetchAllDailyStats } from '../relay/analytics/fetch-all.js';
import { analyticsDeps } from '../relay/analytics/wiring.js';
import { landWebAuthorization, startWebAuthorization, type LandInput, type StartInput as WebStartInput } from '../relay/oauth/web-authorization.js';
import { WebAuthorizationStateKey } from '../relay/oauth/web-state.js';
import { webAuthorizationDeps } from '../relay/oauth/wiring.js';
import { bindingsFromRegistry } from '../relay/delivery/registry-bindings.js';
import { createWechatApiClient } from '../wechat/api/client.js';

export type { RelayOptions, RelayRuntime };
export type Relay = ReturnType<typeof createRelay>;
export type RelayServices = Relay['services'];

export function createRelay(settings: RelaySettings, options: RelayOptions = {}) {
  const { component } = settings;
  const clock = options.clock ?? systemClock;
  const secretBox = new AesGcmSecretBox(settings.secretKey.toString('base64'));
  const gateway =
    options.gateway ??
    createDataverseGateway({
      ...(settings.dataverseLoginBase && { loginBaseOverride: settings.dataverseLoginBase }),
      // The one door to Dataverse: only *.crm*.dynamics.com|cn, plus the exact origins the sandbox/tests name.
      orgOrigins: { extraOrigins: settings.allowedOrgOrigins },
    });
  const runtime = openOnce('open storage', () => openRuntime(settings, options, { clock, secretBox, gateway }));
  const crypto = new WechatCrypto({ token: component.token, encodingAesKey: component.encodingAesKey, receiveId: component.appid });
  const open = { crypto, clock, clockSkewSeconds: settings.clockSkewSeconds, maxBodyBytes: MAX_CALLBACK_BYTES };
  const wechatConfig = {
    componentAppid: component.appid,
    componentAppsecret: component.appsecret,
    apiBase: settings.wechatApiBase,
    mpBase: settings.wechatMpBase,
    ...(options.fetch && { fetch: options.fetch }),
  };
  // The WeChat client logs into the caller's invocation: cheap, stateless, so built per call.
  const wechat = (rt: RelayRuntime, logger: Logger) => wechatPorts(wechatConfig, rt.storage, clock, logger);
  const queues = (rt: RelayRuntime) => ({ inbound: rt.storage.queue<InboundEnvelope>(QUEUES.inbound), tasks: rt.storage.queue<RelayTask>(QUEUES.tasks) });
  // One per process: coalesces concurrent deliveries to the same org into shared $batch requests.
  const delivery = createDeliveryProcess();
  // Each org's webhook key is derived from RELAY_SECRET_KEY and that org's id; nothing is stored.
  const webhookKeys = new WebhookKeys(settings.secretKey);
  const secrets = new Secrets([component.appsecret, component.encodingAesKey, component.token, settings.secretKey.toString('base64'), settings.functionKey]);
  // One per process, on the runtime's storage: callbacks arriving together share one queue message, their only
  // storage write (relay/callbacks/ingest-committer.ts); authorizer records are kept 30 s (authorizer-cache.ts).
  const perRuntime = <T>(build: (rt: RelayRuntime) => T) => {
    let built: { rt: RelayRuntime; value: T } | undefined;
    return (rt: RelayRuntime): T => (built?.rt === rt ? built.value : (built = { rt, value: build(rt) }).value);
  };
  const ingest = perRuntime((rt) => new IngestCommitter({ inbound: rt.storage.queue(QUEUES.inbound) }));
  const authorizers = perRuntime((rt) => new CachedAuthorizers(rt.storage.authorizers));
  // Auto replies (relay/autoreplies): each instance's memory copy of the compiled rules, refreshed in the background.
  const autoReplyRules = perRuntime((rt) => new RuleCache(new RuleStore(rt.storage.kv), clock));
  // A default reply once per period per follower holds across instances (the shared store; relay/autoreplies/default-once.ts).
  const autoReplies = perRuntime((rt) => passiveReplies(autoReplyRules(rt), clock, undefined, { kv: rt.storage.kv }));

  // Web authorization of followers (relay/oauth): its own state key, derived from RELAY_SECRET_KEY once.
  const webStateKey = new WebAuthorizationStateKey(settings.secretKey);
  const webAuthorization = (rt: RelayRuntime, logger: Logger) =>
    webAuthorizationDeps({
      kv: rt.storage.kv,
      clock,
      stateKey: webStateKey,
      authorizers: authorizers(rt),
      bindings: bindingsFromRegistry({ registry: rt.storage.signedServices, gateway: rt.gateway, secretBox: rt.secretBox }),
      client: createWechatApiClient({ baseUrl: settings.wechatApiBase, logger, ...(options.fetch && { fetch: options.fetch }) }),
      componentToken: wechat(rt, logger).componentToken,
      componentAppid: component.appid,
      publicUrl: settings.publicUrl,
      mpBase: settings.wechatMpBase,
      logger,
    });

  // What every feature's wiring (relay/<feature>/wiring.ts) is given: the org of a hint through the Signed Service
  // registry (the gateway and the key that opens the sealed secrets), the shared key-value store, WeChat's API base and
  // the authorizer tokens, the clock and the invocation's logger. A feature needing more says so at its line below.
  const featureDeps = (rt: RelayRuntime, logger: Logger): FeatureWiring => ({
    registry: rt.storage.signedServices,
    gateway: rt.gateway,
    secretBox: rt.secretBox,
    kv: rt.storage.kv,
    wechatApiBase: settings.wechatApiBase,
    ...(options.fetch && { fetch: options.fetch }),
    authorizerTokens: wechat(rt, logger).authorizerTokens,
    clock,
    logger,
  });

  // The follower sync (relay/followers): its tasks run on relay-tasks, its timer is functions/follower-sync.ts.
  const followers = (rt: RelayRuntime, logger: Logger) =>
    followerSyncDeps({ ...featureDeps(rt, logger), authorizers: rt.storage.authorizers, tasks: queues(rt).tasks });

  // Tags both ways (relay/tags): tag rows and follower–tag pairings on relay-tasks.
  const tags = (rt: RelayRuntime, logger: Logger) => tagDeps(featureDeps(rt, logger));
  // Menus (relay/menus): Publish and Import stamped on wxm_menu rows, on relay-tasks.
  const menus = (rt: RelayRuntime, logger: Logger) => menuDeps(featureDeps(rt, logger));
  // Materials (relay/materials): a saved wxm_material row's note uploaded once, on relay-tasks.
  const materials = (rt: RelayRuntime, logger: Logger) => materialDeps(featureDeps(rt, logger));
  // QR codes (relay/qrcodes): made from saved rows on relay-tasks; showqrcode on WECHAT_MP_BASE.
  const qrcodes = (rt: RelayRuntime, logger: Logger) => qrCodeDeps({ ...featureDeps(rt, logger), wechatMpBase: settings.wechatMpBase });

  // Template messages and the catalogue (relay/templates): rows on relay-tasks, TEMPLATESENDJOBFINISH through relay/events.
  const templates = (rt: RelayRuntime, logger: Logger) => templateDeps(featureDeps(rt, logger));

  // Subscription notifications and Mini Program subscribe messages (relay/subscriptions): rows on relay-tasks, subscribe_msg_* through relay/events.
  const subscriptions = (rt: RelayRuntime, logger: Logger) => subscriptionDeps(featureDeps(rt, logger));

  // Mass sends and active pushes (relay/broadcasts): rows on relay-tasks, MASSSENDJOBFINISH through relay/events, the broadcastSchedule timer.
  const broadcasts = (rt: RelayRuntime, logger: Logger) => broadcastDeps(featureDeps(rt, logger));

  const services = {
    componentCallback: async (input: EncryptedCallback, logger: Logger) => {
      const rt = await runtime();
      const { storage } = rt;
      return handleComponentCallback(input, {
        componentAppid: component.appid,
        open,
        tickets: storage.verifyTickets,
        tasks: queues(rt).tasks,
        authorizers: storage.authorizers,
        clock,
        logger,
        authorizerCache: authorizers(rt),
      });
    },
    accountCallback: async (authorizerAppid: string, input: EncryptedCallback, logger: Logger) => {
      const rt = await runtime();
      return handleAccountCallback(authorizerAppid, input, {
        open,
        crypto,
        authorizers: authorizers(rt),
        ingest: ingest(rt),
        tasks: queues(rt).tasks,
        clock,
        logger,
        autoReplies: autoReplies(rt),
      });
    },
    verifyUrl: (input: UrlVerification) => verifyCallbackUrl(input, crypto),
    startAuthorization: async (input: StartInput, logger: Logger) => {
      const rt = await runtime();
      return startAuthorization(input, {
        component: wechat(rt, logger).authorization,
        state: rt.state,
        preAuthCodes: rt.preAuthCodes,
        publicUrl: settings.publicUrl,
        orgOrigins: { extraOrigins: settings.allowedOrgOrigins },
      });
    },
    completeAuthorization: async (input: CompleteInput, logger: Logger) => {
      const rt = await runtime();
      const exchange = exchangeDeps(rt, wechat(rt, logger), logger);
      return completeAuthorization(input, {
        ...exchange,
        state: rt.state,
        bindingTokens: rt.bindingTokens,
        preAuthCodes: rt.preAuthCodes,
        publicUrl: settings.publicUrl,
        registry: rt.storage.signedServices,
      });
    },
    handleTask: async (task: RelayTask, logger: Logger) => {
      const rt = await runtime();
      return handleRelayTask(task, {
        ...taskDeps(rt, wechat(rt, logger), logger),
        followers: followers(rt, logger),
        qrcodes: qrcodes(rt, logger),
        users: { orgs: registryOrgs({ registry: rt.storage.signedServices, gateway: rt.gateway, secretBox: rt.secretBox }), logger },
        autoreplies: autoReplyDeps({ ...featureDeps(rt, logger), cache: autoReplyRules(rt) }),
        materials: materials(rt, logger),
        tags: tags(rt, logger),
        menus: menus(rt, logger),
        templates: templates(rt, logger),
        subscriptions: subscriptions(rt, logger),
        broadcasts: broadcasts(rt, logger),
      });
    },
    /** Queue wechat-inbound: one envelope into the customer's Dataverse (throws → retry, then poison). */
    deliverInbound: async (message: unknown, logger: Logger) => {
      const rt = await runtime();
      const deps = wireDelivery(delivery, rt, wechat(rt, logger), logger, options.fetch);
      return deliverWithOutageBackoff(message, (m, each) => deliverInbound(m, deps, each), { inbound: queues(rt).inbound, logger });
    },
    /** A Dataverse hint with the key it came with (x-wxm-webhook-key): 400 bad body, 401 not that org's key. */
    acceptWebhook: async (body: string, webhookKey: string | null, logger: Logger) => {
      const rt = await runtime();
      return acceptHint(body, webhookKey, { tasks: queues(rt).tasks, secretBox: rt.secretBox, webhookKeys, logger });
    },
    signedServiceStatus: async (organizationId: string, signedServiceId: string) => {
      const { storage } = await runtime();
      // A storage failure is 503 (the form shows "checking" and asks again), never a 500.
      return persist('read signed service status', () =>
        signedServiceStatusView(organizationId, signedServiceId, { registry: storage.signedServices, statuses: new PreConnectStatuses(storage.kv, clock) }),
      );
    },
    /** Timer: resume paused follower syncs, revive silent chains, start the daily full sync (relay/followers/sync-schedule.ts). */
    followerSyncTick: async (logger: Logger) => followerSyncTick(followers(await runtime(), logger)),
    /** Timer audienceSync: the tag sync and the audience tags (relay/tags/audience/audience-tick.ts). */
    audienceTick: async (logger: Logger) => {
      const rt = await runtime();
      return audienceTick({ ...tags(rt, logger), authorizers: rt.storage.authorizers });
    },
    /** Timer broadcastSchedule: scheduled broadcasts due, stopped sends resumed, unconfirmed sends failed (relay/broadcasts/schedule.ts). */
    broadcastTick: async (logger: Logger) => {
      const rt = await runtime();
      return broadcastTick({ ...broadcasts(rt, logger), authorizers: rt.storage.authorizers });
    },
    refreshTokens: async (logger: Logger) => {
      const rt = await runtime();
      return refreshTokens({ tokens: wechat(rt, logger).maintenance, authorizers: rt.storage.authorizers, logger });
    },
    /** Timer analyticsDaily: each bound account's missing days of follower figures into wxm_dailystat (relay/analytics). */
    fetchDailyStats: async (logger: Logger) => {
      const rt = await runtime();
      const { storage } = rt;
      const ports = wechat(rt, logger);
      return fetchAllDailyStats(
        analyticsDeps({
          authorizers: storage.authorizers,
          kv: storage.kv,
          signedServices: storage.signedServices,
          gateway: rt.gateway,
          secretBox: rt.secretBox,
          apiBase: settings.wechatApiBase,
          ...(options.fetch && { fetch: options.fetch }),
          tokenFor: (appid) => ports.authorizerTokens.forAuthorizer(appid),
          now: () => clock.now(),
          logger,
        }),
      );
    },
    /** Timer analyticsDaily too: disabled users' bindings the systemuser step missed end (relay/binding/sweep-disabled.ts). */
    sweepDisabledUsers: async (logger: Logger) => {
      const rt = await runtime();
      const bindings = bindingsFromRegistry({ registry: rt.storage.signedServices, gateway: rt.gateway, secretBox: rt.secretBox });
      return sweepDisabledUsers({ authorizers: rt.storage.authorizers, bindings, logger });
    },
    /** Everything an operator needs (GET /api/health/details, function key). */
    health: async () => {
      const rt = await runtime().catch(() => undefined);
      if (!rt) return checkHealth(unreachableHealth(component.appid, clock));
      const { storage } = rt;
      return checkHealth({
        componentAppid: component.appid,
        componentTokenKey: `component:${component.appid}`,
        tickets: storage.verifyTickets,
        tokens: storage.tokens,
        authorizers: storage.authorizers,
        queueDepths: async () => ({ [QUEUES.inbound]: await queues(rt).inbound.depth(), [QUEUES.tasks]: await queues(rt).tasks.depth() }),
        clock,
        pendingKeys: () => delivery.pendingKeys.report(),
      });
    },
    /** GET /api/wechat/oauth/{appid} (anonymous, a follower's browser): where to send the browser in WeChat. */
    startWebAuthorization: async (input: WebStartInput, logger: Logger) => startWebAuthorization(input, webAuthorization(await runtime(), logger)),
    /** GET /api/wechat/oauth/{appid}/callback: WeChat's redirect back; what the follower's page shows. */
    landWebAuthorization: async (input: LandInput, logger: Logger) => landWebAuthorization(input, webAuthorization(await runtime(), logger)),
    /** ok / degraded / unavailable only (GET /api/health, anonymous): one storage read. */
    healthSummary: async () => {
      const rt = await runtime().catch(() => undefined);
      if (!rt) return { status: 'unavailable' as const };
      return checkHealthSummary({
        componentAppid: component.appid,
        tickets: rt.storage.verifyTickets,
        clock,
        pendingKeys: () => delivery.pendingKeys.report(),
      });
    },
  };

  return {
    settings,
    services,
    /** The invocation's logger: Functions' context log, with every configured secret masked. */
    logger: (sink: LogSink): Logger => redactingLogger(sinkLogger(sink), secrets),
    /** The opened runtime (tests and the sandbox inspect storage through it); rejects with StorageUnavailable. */
    runtime,
  };
}
