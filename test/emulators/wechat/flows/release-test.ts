/**
 * The 全网发布 (full-network release) robot: ticket push, an event, a text, and QUERY_AUTH_CODE:<code> with the
 * customer-service answer `<code>_from_api` expected through the API. Judged as WeChat's robot judges.
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/operation/thirdparty/releases_instructions.html
 */
import { randomInt } from 'node:crypto';
import { SimInputError } from '../errors.js';
import { grantAuthorization } from './authorization.js';
import { isAuthorized, newOpenid, RELEASE_TEST_OA_APPIDS } from '../state/accounts.js';
import type { SimState } from '../state/simulator-state.js';
import { pushVerifyTicket } from '../push/component-events.js';
import { pushFollowerMessage } from '../push/follower-messages.js';
import type { PushResult, ReleaseTestCase, ReleaseTestReport } from '../types.js';
import { textField, type XmlObject } from '../xml.js';

/** WeChat's robot waits 5 s for passive replies. */
const PASSIVE_DEADLINE_MS = 5000;

function passiveTextCase(name: 'event' | 'text', result: PushResult | undefined, expected: string): ReleaseTestCase {
  if (!result) return { name, passed: false, detail: 'no delivery' };
  if (result.error) return { name, passed: false, detail: result.error };
  if (result.durationMs > PASSIVE_DEADLINE_MS) return { name, passed: false, detail: `answered after ${result.durationMs} ms` };
  const fields = result.reply?.fields as XmlObject | undefined;
  if (!fields) return { name, passed: false, detail: `no encrypted reply (body ${JSON.stringify(result.body.slice(0, 60))})` };
  const type = textField(fields, 'MsgType');
  const content = textField(fields, 'Content');
  const passed = type === 'text' && content === expected;
  return { name, passed, detail: passed ? `replied "${expected}"` : `expected text "${expected}", got ${type} ${JSON.stringify(content)}` };
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined || Date.now() >= deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function runReleaseTest(state: SimState, options: { appid?: string; timeoutMs?: number } = {}): Promise<ReleaseTestReport> {
  const appid = options.appid ?? (RELEASE_TEST_OA_APPIDS[randomInt(RELEASE_TEST_OA_APPIDS.length)] as string);
  const account = state.account(appid);
  if (account.isMiniProgram) throw new SimInputError('the message cases run against an Official Account');
  // The robot's accounts are authorized to every platform under test; no authorization event is pushed for them.
  if (!isAuthorized(account)) grantAuthorization(state, account);
  const openid = newOpenid();
  const cases: ReleaseTestCase[] = [];

  const ticket = await pushVerifyTicket(state);
  cases.push({ name: 'ticket', passed: !ticket.error, detail: ticket.error ?? 'answered "success"' });

  const [event] = await pushFollowerMessage(state, { appid, openid, msgType: 'event', event: 'LOCATION' });
  cases.push(passiveTextCase('event', event, 'LOCATIONfrom_callback'));

  const [text] = await pushFollowerMessage(state, { appid, openid, msgType: 'text', content: 'TESTCOMPONENT_MSG_TYPE_TEXT' });
  cases.push(passiveTextCase('text', text, 'TESTCOMPONENT_MSG_TYPE_TEXT_callback'));

  const code = state.codes.createAuthCode(appid);
  const sentBefore = state.sentLog.length;
  const [apiText] = await pushFollowerMessage(state, { appid, openid, msgType: 'text', content: `QUERY_AUTH_CODE:${code.value}` });
  const expected = `${code.value}_from_api`;
  let detail: string;
  let passed = false;
  if (!apiText || apiText.error || apiText.reply) {
    detail = apiText?.error ?? (apiText?.reply ? 'answered with a passive reply instead of an empty string' : 'no delivery');
  } else {
    const sent = await waitFor(
      () =>
        state.sentLog.slice(sentBefore).find((s) => {
          const body = s.body as { touser?: unknown; msgtype?: unknown; text?: { content?: unknown } } | null;
          return s.api === 'message/custom/send' && s.appid === appid && body?.touser === openid && body.text?.content === expected;
        }),
      options.timeoutMs ?? 10_000,
    );
    passed = sent?.errcode === 0 && code.used;
    if (!sent) detail = `no customer-service message "${expected}" to the test follower`;
    else if (!code.used) detail = 'sent the message without exchanging the code with api_query_auth';
    else detail = sent.errcode === 0 ? `sent "${expected}" via message/custom/send` : `message/custom/send answered ${sent.errcode}`;
  }
  cases.push({ name: 'api_text', passed, detail });
  return { appid, passed: cases.every((c) => c.passed), cases };
}
