/**
 * The composition root: settings + storage + WeChat protocol → the use cases the Functions handlers call.
 * Storage is created once per process (tables and containers are ensured at start); the cheap protocol
 * objects are wired per invocation so their logs land in that invocation's log.
 */
import type { RelaySettings } from '../config/settings.js';
import { checkHealth, type HealthReport } from '../relay/maintenance/health.js';
import { refreshTokens, type RefreshReport } from '../relay/maintenance/refresh-tokens.js';
import { handleAccountCallback, type AccountCallbackResult } from '../relay/callbacks/account-callback.js';
import { handleComponentCallback } from '../relay/callbacks/component-callback.js';
import type { EncryptedCallback } from '../relay/callbacks/open-callback.js';
import { verifyCallbackUrl, type UrlVerification } from '../relay/callbacks/url-verification.js';
import { completeAuthorization, type AuthorizationResult, type CompleteInput } from '../relay/authorization/complete.js';
import { startAuthorization, type StartInput } from '../relay/authorization/start.js';
import { QUEUES, type InboundEnvelope, type RelayTask } from '../relay/envelope.js';
import { StorageUnavailable } from '../relay/errors.js';
import type { Logger } from '../relay/ports.js';
import { handleRelayTask, type TaskOutcome } from '../relay/tasks/handle-task.js';
import { WechatCrypto } from '../wechat/index.js';
import { systemClock } from '../wechat/tokens/ports.js';
import { redactingLogger, sinkLogger, type LogSink } from './logging.js';
import { openRuntime, type RelayRuntime, type RuntimeOptions } from './runtime.js';
import { wireWechat } from './wechat-wiring.js';

export interface BoundRelay {
  logger: Logger;
  componentCallback(input: EncryptedCallback): Promise<string>;
  accountCallback(authorizerAppid: string, input: EncryptedCallback): Promise<AccountCallbackResult>;
  verifyUrl(input: UrlVerification): string;
  startAuthorization(input: StartInput): Promise<string>;
  completeAuthorization(input: CompleteInput): Promise<AuthorizationResult>;
  handleTask(task: RelayTask): Promise<TaskOutcome>;
  refreshTokens(): Promise<RefreshReport>;
  purgeLedger(): Promise<number>;
  health(): Promise<HealthReport>;
}

export interface Relay {
  readonly settings: RelaySettings;
  forInvocation(sink: LogSink): BoundRelay;
  /** Storage and clock, once ready (tests and the sandbox inspect them). */
  runtime(): Promise<RelayRuntime>;
}

/** WeChat's callbacks are small; anything above this is refused with 413 before parsing. */
const MAX_BODY_BYTES = 64 * 1024;

export function createRelay(settings: RelaySettings, options: RuntimeOptions = {}): Relay {
  let runtime: Promise<RelayRuntime> | undefined;
  const ready = () => (runtime ??= openRuntime(settings, options).catch((err: unknown) => {
    runtime = undefined; // storage may come back: try again on the next invocation
    throw err;
  }));
  const crypto = new WechatCrypto({
    token: settings.component.token,
    encodingAesKey: settings.component.encodingAesKey,
    receiveId: settings.component.appid,
  });
  const clock = options.clock ?? systemClock;
  const secrets = [
    settings.component.appsecret,
    settings.component.encodingAesKey,
    settings.component.token,
    settings.secretKey.toString('base64'),
    settings.functionKey,
  ];
  const open = { crypto, clock, clockSkewSeconds: settings.clockSkewSeconds, maxBodyBytes: MAX_BODY_BYTES };

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
      const wechat = (rt: RelayRuntime) => wireWechat(settings, rt, logger, options.fetch);
      const exchangeDeps = (rt: RelayRuntime) => {
        const w = wechat(rt);
        return { component: w.authorization, authorizers: rt.storage.authorizers, kv: rt.kv, lock: rt.storage.refreshLock, clock, logger, w };
      };
      return {
        logger,
        componentCallback: (input) =>
          withRuntime((rt) =>
            handleComponentCallback(input, {
              componentAppid: settings.component.appid,
              open,
              tickets: rt.storage.verifyTickets,
              tasks: rt.storage.queue<RelayTask>(QUEUES.tasks),
              authorizers: rt.storage.authorizers,
              clock,
              logger,
            }),
          ),
        accountCallback: (authorizerAppid, input) =>
          withRuntime((rt) =>
            handleAccountCallback(authorizerAppid, input, {
              open,
              crypto,
              authorizers: rt.storage.authorizers,
              ledger: rt.storage.ledger,
              inbound: rt.storage.queue<InboundEnvelope>(QUEUES.inbound),
              tasks: rt.storage.queue<RelayTask>(QUEUES.tasks),
              clock,
              logger,
            }),
          ),
        verifyUrl: (input) => verifyCallbackUrl(input, crypto),
        startAuthorization: (input) =>
          withRuntime((rt) =>
            startAuthorization(input, { component: wechat(rt).authorization, state: rt.state, publicUrl: settings.publicUrl }),
          ),
        completeAuthorization: (input) =>
          withRuntime((rt) => {
            const { w: _w, ...deps } = exchangeDeps(rt);
            return completeAuthorization(input, { ...deps, state: rt.state, bindingTokens: rt.bindingTokens, publicUrl: settings.publicUrl });
          }),
        handleTask: (task) =>
          withRuntime((rt) => {
            const { w, ...deps } = exchangeDeps(rt);
            return handleRelayTask(task, { ...deps, customerService: w.customerService });
          }),
        refreshTokens: () =>
          withRuntime((rt) => refreshTokens({ tokens: wechat(rt).maintenance, authorizers: rt.storage.authorizers, logger })),
        purgeLedger: () => withRuntime((rt) => rt.storage.ledger.purgeExpired()),
        health: async () => {
          let rt: RelayRuntime;
          try {
            rt = await ready();
          } catch {
            return checkHealth(unreachable(settings.component.appid, clock));
          }
          return checkHealth({
            componentAppid: settings.component.appid,
            componentTokenKey: `component:${settings.component.appid}`,
            tickets: rt.storage.verifyTickets,
            tokens: rt.storage.tokens,
            authorizers: rt.storage.authorizers,
            queueDepths: async () => ({
              [QUEUES.inbound]: await rt.storage.queue(QUEUES.inbound).depth(),
              [QUEUES.tasks]: await rt.storage.queue(QUEUES.tasks).depth(),
            }),
            clock,
          });
        },
      };
    },
  };
}

/** Health deps whose every read fails: checkHealth reports storage unreachable. */
function unreachable(componentAppid: string, clock: typeof systemClock): Parameters<typeof checkHealth>[0] {
  const fail = async (): Promise<never> => Promise.reject(new Error('storage unreachable'));
  return {
    componentAppid,
    componentTokenKey: '',
    tickets: { get: fail, put: fail },
    tokens: { get: fail, put: fail, expireIfCurrent: fail },
    authorizers: { get: fail, put: fail, list: fail },
    queueDepths: fail,
    clock,
  };
}
