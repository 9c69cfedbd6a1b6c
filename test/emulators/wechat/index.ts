/**
 * WeChat platform simulator: the third-party platform (component) APIs, the authorization page, encrypted pushes
 * to the relay and the Official Account APIs, on one local port. See README.md for what is modelled.
 */
import type { AddressInfo } from 'node:net';
import { approveAndNotify, revokeAndNotify, type Approval } from './flows/authorization.js';
import { setFollower, type FollowerSetting } from './flows/followers.js';
import { runReleaseTest } from './flows/release-test.js';
import { createSimulatorServer } from './http/server.js';
import { pushVerifyTicket } from './push/component-events.js';
import { pushFollowerMessage } from './push/follower-messages.js';
import { checkAccountUrl, type UrlCheckResult } from './push/url-check.js';
import { SimState, type InjectedFailure, type PushRecord } from './state/simulator-state.js';
import type { PushInput, PushResult, ReleaseTestReport, SentMessage, SimAccountInit, SimStats, SimulatorOptions } from './types.js';

export type * from './types.js';
export type { FollowerSetting, InjectedFailure, PushRecord, UrlCheckResult };
export { RELEASE_TEST_ACCOUNTS, RELEASE_TEST_OA_APPIDS } from './state/accounts.js';
export { ComponentMessageCrypt } from './crypto.js';

export interface AuthorizeResult {
  appid: string;
  infoType: Approval['infoType'];
  /** The authorization code, also in the pushed event; exchange it with api_query_auth. */
  authCode: string;
  expiresIn: number;
  push: PushResult;
}

export interface WechatSimulator {
  /** Base URL, e.g. http://127.0.0.1:7073: use it as WECHAT_API_BASE and WECHAT_MP_BASE. */
  url: string;
  close(): Promise<void>;
  /** Issue and push a component_verify_ticket now. */
  pushTicket(): Promise<PushResult & { ticket: string }>;
  /** A follower sends a message or event (delivered `repeat` times, identical). */
  push(input: PushInput): Promise<PushResult[]>;
  /** What the relay sent through the outbound message APIs, in order. */
  sent(appid?: string): SentMessage[];
  /** Every push made to the relay, with the relay's answers. */
  pushes(appid?: string): PushRecord[];
  stats(): SimStats;
  /** Scripted approval (as if an admin clicked "authorize"): pushes authorized / updateauthorized. */
  authorize(appid: string, options?: { scopes?: number[] }): Promise<AuthorizeResult>;
  /** The admin revokes the component: pushes unauthorized; the account's tokens stop working. */
  unauthorize(appid: string): Promise<PushResult>;
  addAccount(init: SimAccountInit): void;
  setFollower(appid: string, openid: string, setting: FollowerSetting): void;
  /** Same as setFollower (the name the brief used). */
  setFollowerInteraction(appid: string, openid: string, setting: FollowerSetting): void;
  /** The developer-mode URL check: GET with signature + echostr, passed when the relay echoes echostr. */
  verifyUrl(appid: string, token?: string): Promise<UrlCheckResult>;
  /** The next call of `api` (e.g. "message/custom/send", "component/api_component_token") answers errcode. */
  failNext(api: string, errcode: number, errmsg?: string): void;
  setQuota(api: string, limit: number | null): void;
  /** Runs the 全网发布 robot's cases against one test Official Account (random group by default). */
  runReleaseTest(options?: { appid?: string; timeoutMs?: number }): Promise<ReleaseTestReport>;
  /** The latest ticket pushed, for tests that play the relay themselves. */
  latestTicket(): string | undefined;
}

export async function startWechatSimulator(options: SimulatorOptions): Promise<WechatSimulator> {
  const state = new SimState(options);
  const server = createSimulatorServer(state);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  state.publicUrl = url;

  const interval = options.ticketIntervalMs ?? 0;
  const ticketTimer = interval > 0 ? setInterval(() => void pushVerifyTicket(state).catch(() => undefined), interval) : undefined;
  ticketTimer?.unref();

  return {
    url,
    async close() {
      if (ticketTimer) clearInterval(ticketTimer);
      state.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
    pushTicket: () => pushVerifyTicket(state),
    push: (input) => pushFollowerMessage(state, input),
    sent: (appid) => (appid ? state.sentLog.filter((s) => s.appid === appid) : [...state.sentLog]),
    pushes: (appid) => (appid ? state.pushLog.filter((p) => p.appid === appid) : [...state.pushLog]),
    stats: () => structuredClone(state.stats),
    async authorize(appid, authorizeOptions = {}) {
      const approval = await approveAndNotify(state, appid, authorizeOptions);
      const expiresIn = Math.round((approval.authCode.expiresAt - state.clock.now()) / 1000);
      return { appid, infoType: approval.infoType, authCode: approval.authCode.value, expiresIn, push: approval.push };
    },
    unauthorize: (appid) => revokeAndNotify(state, appid),
    addAccount: (init) => void state.addAccount(init),
    setFollower: (appid, openid, setting) => void setFollower(state, appid, openid, setting),
    setFollowerInteraction: (appid, openid, setting) => void setFollower(state, appid, openid, setting),
    verifyUrl: (appid, token) => checkAccountUrl(state, appid, token),
    failNext: (api, errcode, errmsg) => state.failNext(api, { errcode, ...(errmsg === undefined ? {} : { errmsg }) }),
    setQuota: (api, limit) => state.quota.setLimit(api, limit),
    runReleaseTest: (releaseOptions) => runReleaseTest(state, releaseOptions),
    latestTicket: () => state.tickets.latest(),
  };
}
