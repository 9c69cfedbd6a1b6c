/**
 * The URL check WeChat makes when an administrator saves a server address in an account's own developer mode:
 * GET with a plain `signature` over (token, timestamp, nonce) and an `echostr` that must come back verbatim.
 * https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html
 */
import { randomInt } from 'node:crypto';
import { sortedSha1 } from '../crypto.js';
import type { SimState } from '../state/simulator-state.js';

export interface UrlCheckResult {
  status: number;
  body: string;
  echostr: string;
  passed: boolean;
  error?: string;
}

/** `token` is the message token configured in the account's developer settings (the component token by default). */
export async function checkAccountUrl(state: SimState, appid: string, token = state.component.token): Promise<UrlCheckResult> {
  const timestamp = String(state.nowSeconds());
  const nonce = String(randomInt(100_000_000, 2_147_483_647));
  const echostr = String(randomInt(1_000_000_000, 281_474_976_710_655));
  const query = new URLSearchParams({ signature: sortedSha1(token, timestamp, nonce), echostr, timestamp, nonce });
  const url = `${state.settings.relayUrl}/api/wechat/accounts/${encodeURIComponent(appid)}/callback?${query.toString()}`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(state.settings.pushTimeoutMs) });
    const body = await response.text();
    return { status: response.status, body, echostr, passed: response.status === 200 && body === echostr };
  } catch (error) {
    return { status: 0, body: '', echostr, passed: false, error: error instanceof Error ? error.message : String(error) };
  }
}
