/**
 * The web resources and the relay agree: the result message the relay's page hands to Start To Use (and what
 * the page accepts of it), the original ID rule, the authorize URL; plus how the page picks its language.
 */
import { describe, expect, it } from 'vitest';
import { renderAuthorizationResult, RESULT_MESSAGE_TYPE as RELAY_MESSAGE_TYPE } from '../../../functions/src/pages/authorization-pages.js';
import { describePermission } from '../../../functions/src/relay/authorization/permissions.js';
import { ORIGINAL_ID as RELAY_ORIGINAL_ID } from '../../../functions/src/relay/authorization/start.js';
import { resultMessage } from '../../../scripts/local/authorize-flow.js';
import { parseResultMessage, RESULT_MESSAGE_TYPE, returnUrlOf } from '../../../webresources/src/pages/starttouse/message.js';
import { resolveLanguage } from '../../../webresources/src/shared/language.js';
import { authorizeUrl, bareGuid, checkOriginalId, ORIGINAL_ID } from '../../../webresources/src/shared/relay.js';
import type { Xrm } from '../../../webresources/src/shared/xrm.js';

const RELAY = 'https://relay.example.com';
const ORG = 'https://contoso.crm.dynamics.cn';
const result = {
  appid: 'wx570bc396a51b8ff8',
  originalId: 'gh_3c884a361561',
  nickName: '测试号 & <Test> "q"',
  accountType: 'officialaccount' as const,
  serviceType: 2,
  verified: true,
  granted: [1, 2, 11].map(describePermission),
  missing: [7, 15].map(describePermission),
  bindingToken: 'wxb_abc-_token0123456789',
  serverAddress: `${RELAY}/api/wechat/accounts/wx570bc396a51b8ff8/callback`,
  returnUrl: `${ORG}/WebResources/wxm_/pages/starttouse.html?lang=zh`,
  org: ORG,
};

describe('the relay result message', () => {
  const page = renderAuthorizationResult(result);
  const data = resultMessage(page.html);

  it('is read back by Start To Use exactly, from the relay origin, for its own org', () => {
    expect(RELAY_MESSAGE_TYPE).toBe(RESULT_MESSAGE_TYPE);
    expect(parseResultMessage({ origin: RELAY, data }, RELAY, ORG)).toEqual({
      appid: result.appid,
      originalId: result.originalId,
      name: result.nickName,
      bindingToken: result.bindingToken,
      serverAddress: result.serverAddress,
      missing: [7, 15],
      org: ORG,
    });
  });

  it('is ignored from another origin, for another org, or when its shape is off', () => {
    expect(parseResultMessage({ origin: 'https://evil.example', data }, RELAY, ORG)).toBeUndefined();
    expect(parseResultMessage({ origin: RELAY, data }, RELAY, 'https://other.crm.dynamics.cn')).toBeUndefined();
    for (const broken of [
      null,
      'text',
      { ...data, type: 'other' },
      { ...data, appid: 'wx1' },
      { ...data, bindingToken: 'x' },
      { ...data, missing: ['7'] },
      { ...data, serverAddress: 'https://evil.example/x' },
    ]) {
      expect(parseResultMessage({ origin: RELAY, data: broken }, RELAY, ORG)).toBeUndefined();
    }
  });

  it('is addressed to the org origin only, and the "back" link is Start To Use itself with nothing added', () => {
    expect(page.html).toContain(`data-target-origin="${ORG}"`);
    const back = /id="back" class="next" href="([^"]+)"/.exec(page.html)?.[1]?.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
    expect(back).toBe(result.returnUrl);
    const hrefs = [...page.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(hrefs.filter((h) => h?.includes(result.bindingToken))).toEqual([]);
  });

  it('comes with the security headers of every relay page', () => {
    expect(page.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    expect(page.headers['content-security-policy']).toMatch(
      /^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]+=*'; style-src 'sha256-[A-Za-z0-9+/]+=*'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/,
    );
  });

  it('returns to this page without its fragment, with the language pinned', () => {
    expect(returnUrlOf('https://org.crm.dynamics.com/WebResources/wxm_/pages/starttouse.html?UserLCID=2052#appid=x', 'zh')).toBe(
      'https://org.crm.dynamics.com/WebResources/wxm_/pages/starttouse.html?UserLCID=2052&lang=zh',
    );
  });
});

describe('starting the authorization', () => {
  it('checks original IDs with the relay’s own rule', () => {
    expect(ORIGINAL_ID.source).toBe(RELAY_ORIGINAL_ID.source);
    expect(checkOriginalId('  GH_3C884A361561 ')).toEqual({ ok: true, originalId: 'gh_3c884a361561' });
    expect(checkOriginalId('')).toEqual({ ok: false, problem: 'required' });
    expect(checkOriginalId('gh_3c884a36156')).toEqual({ ok: false, problem: 'invalid' });
    expect(checkOriginalId('gh_3c884a36156z')).toEqual({ ok: false, problem: 'invalid' });
    expect(checkOriginalId('wx570bc396a51b8ff8')).toEqual({ ok: false, problem: 'invalid' });
  });

  it('builds GET /api/wechat/authorize with the return URL, the environment and the account type', () => {
    expect(
      authorizeUrl('https://relay.example.com', {
        originalId: 'gh_3c884a361561',
        accountType: 'miniprogram',
        returnUrl: 'https://org.crm.dynamics.com/WebResources/wxm_/pages/starttouse.html?lang=en',
        orgUrl: 'https://org.crm.dynamics.com',
        mobile: true,
      }),
    ).toBe(
      'https://relay.example.com/api/wechat/authorize?originalId=gh_3c884a361561&returnUrl=https%3A%2F%2Forg.crm.dynamics.com%2FWebResources%2Fwxm_%2Fpages%2Fstarttouse.html%3Flang%3Den&orgUrl=https%3A%2F%2Forg.crm.dynamics.com&accountType=miniprogram&mobile=1',
    );
    expect(bareGuid('{A3E1C2D4-0000-4000-8000-00000000ABCD}')).toBe('a3e1c2d4-0000-4000-8000-00000000abcd');
  });
});

describe('the page language', () => {
  const xrm = (languageId: number) => ({ Utility: { getGlobalContext: () => ({ userSettings: { languageId } }) } }) as unknown as Xrm;
  const query = (q: string) => new URLSearchParams(q);

  it('takes ?lang= first, then the Dynamics user language, then UserLCID, then the browser', () => {
    expect(resolveLanguage({ query: query('lang=en'), xrm: xrm(2052), browserLanguages: ['zh-CN'] })).toBe('en');
    expect(resolveLanguage({ query: query(''), xrm: xrm(2052), browserLanguages: ['en-US'] })).toBe('zh');
    expect(resolveLanguage({ query: query(''), xrm: xrm(1031), browserLanguages: ['zh-CN'] })).toBe('en');
    expect(resolveLanguage({ query: query('userlcid=3076'), xrm: undefined, browserLanguages: ['en-US'] })).toBe('zh');
    expect(resolveLanguage({ query: query(''), xrm: undefined, browserLanguages: ['fr-FR', 'zh-TW'] })).toBe('zh');
    expect(resolveLanguage({ query: query('lang=fr'), xrm: undefined, browserLanguages: [] })).toBe('en');
  });
});
