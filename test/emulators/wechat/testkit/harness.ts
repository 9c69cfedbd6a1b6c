/** Shared set-up for the simulator's tests: a fake clock, a fake relay, a simulator, and API call helpers. */
import { startWechatSimulator, type WechatSimulator } from '../index.js';
import type { SimulatorOptions } from '../types.js';
import { COMPONENT, startFakeRelay, type FakeRelay } from './fake-relay.js';

/** A clock the test moves by hand (epoch ms). */
export class FakeClock {
  constructor(public t = Date.parse('2024-05-01T08:00:00Z')) {}
  now(): number {
    return this.t;
  }
  advance(seconds: number): void {
    this.t += seconds * 1000;
  }
}

/** A Service Account used by most tests (verified, all default permission sets). */
export const DEMO = { appid: 'wxd3m0acc0un7a1b2c', originalId: 'gh_d3m0acc0un7a', nickName: 'Demo Service Account', serviceType: 2, verifyType: 0 };

export interface Harness {
  clock: FakeClock;
  relay: FakeRelay;
  sim: WechatSimulator;
  close(): Promise<void>;
}

export async function startHarness(options: Partial<SimulatorOptions> = {}): Promise<Harness> {
  const clock = new FakeClock();
  const relay = await startFakeRelay();
  const sim = await startWechatSimulator({ component: COMPONENT, relayUrl: relay.url, clock, accounts: [DEMO], ...options });
  return {
    clock,
    relay,
    sim,
    async close() {
      await sim.close();
      await relay.close();
    },
  };
}

export type WechatJson = Record<string, any>;

/** POST JSON to a /cgi-bin API (query given as an object) and return the parsed answer. */
export async function callApi(sim: WechatSimulator, path: string, query: Record<string, string>, body?: unknown): Promise<WechatJson> {
  const url = `${sim.url}/cgi-bin/${path}?${new URLSearchParams(query).toString()}`;
  const response = await fetch(url, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  if (response.status !== 200) throw new Error(`${path} answered HTTP ${response.status}`);
  return (await response.json()) as WechatJson;
}

/** Plays the relay's component side: ticket → component token (a fresh ticket is pushed when the last one expired). */
export async function componentToken(sim: WechatSimulator): Promise<string> {
  const request = (ticket: string) =>
    callApi(
      sim,
      'component/api_component_token',
      {},
      {
        component_appid: COMPONENT.appid,
        component_appsecret: COMPONENT.appsecret,
        component_verify_ticket: ticket,
      },
    );
  const latest = sim.latestTicket();
  let answer = latest === undefined ? { errcode: 61006 } : await request(latest);
  if (answer.errcode === 61005 || answer.errcode === 61006) answer = await request((await sim.pushTicket()).ticket);
  if (typeof answer.component_access_token !== 'string') throw new Error(`no component token: ${JSON.stringify(answer)}`);
  return answer.component_access_token;
}

/** Authorizes an account and exchanges the code: returns the authorizer tokens. */
export async function authorizerTokens(sim: WechatSimulator, appid = DEMO.appid, scopes?: number[]): Promise<{ accessToken: string; refreshToken: string }> {
  const token = await componentToken(sim);
  const { authCode } = await sim.authorize(appid, scopes ? { scopes } : {});
  const answer = await callApi(
    sim,
    'component/api_query_auth',
    { component_access_token: token },
    {
      component_appid: COMPONENT.appid,
      authorization_code: authCode,
    },
  );
  const info = answer.authorization_info as WechatJson;
  return { accessToken: info.authorizer_access_token as string, refreshToken: info.authorizer_refresh_token as string };
}
