/**
 * The web resources and the relay agree: the result fragment the relay's page links back with, the original ID
 * rule, the authorize URL; plus how the page picks its language.
 */
import { describe, expect, it } from 'vitest';
import { renderAuthorizationResult } from '../../../functions/src/pages/authorization-pages.js';
import { describePermission } from '../../../functions/src/relay/authorization/permissions.js';
import { ORIGINAL_ID as RELAY_ORIGINAL_ID } from '../../../functions/src/relay/authorization/start.js';
import { parseReturn, returnUrlOf } from '../../../webresources/src/pages/starttouse/fragment.js';
import { resolveLanguage } from '../../../webresources/src/shared/language.js';
import { authorizeUrl, bareGuid, checkOriginalId, ORIGINAL_ID } from '../../../webresources/src/shared/relay.js';
import type { Xrm } from '../../../webresources/src/shared/xrm.js';

const result = {
  appid: 'wx570bc396a51b8ff8',
  originalId: 'gh_3c884a361561',
  nickName: '测试号 & <Test>',
  accountType: 'officialaccount' as const,
  serviceType: 2,
  verified: true,
  granted: [1, 2, 11].map(describePermission),
  missing: [7, 15].map(describePermission),
  bindingToken: 'wxb_abc+/=token',
  serverAddress: 'https://relay.example.com/api/wechat/accounts/wx570bc396a51b8ff8/callback',
  returnUrl: 'https://contoso.crm.dynamics.cn/WebResources/wxm_/pages/starttouse.html?lang=zh',
};

/** The href of the relay page's "back" link, as a browser reads it. */
function backLink(html: string): URL {
  const href = /class="next" href="([^"]+)"/.exec(html)?.[1] ?? '';
  return new URL(href.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&'));
}

describe('the relay result fragment', () => {
  it('reads back everything the relay page links back with', () => {
    const link = backLink(renderAuthorizationResult(result));
    expect(link.origin + link.pathname + link.search).toBe(result.returnUrl);
    expect(parseReturn(link.hash)).toEqual({
      appid: result.appid,
      originalId: result.originalId,
      name: result.nickName,
      bindingToken: result.bindingToken,
      serverAddress: result.serverAddress,
      missing: [7, 15],
    });
    expect(parseReturn(backLink(renderAuthorizationResult({ ...result, missing: [], boundTo: 'contoso.crm.dynamics.cn' })).hash)).toMatchObject({ missing: [], boundTo: 'contoso.crm.dynamics.cn' });
  });

  it('ignores a fragment that is not a result', () => {
    expect(parseReturn('')).toBeUndefined();
    expect(parseReturn('#section-2')).toBeUndefined();
    expect(parseReturn('#originalId=gh_3c884a361561')).toBeUndefined();
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
      authorizeUrl('https://relay.example.com', { originalId: 'gh_3c884a361561', accountType: 'miniprogram', returnUrl: 'https://org.crm.dynamics.com/WebResources/wxm_/pages/starttouse.html?lang=en', orgUrl: 'https://org.crm.dynamics.com', mobile: true }),
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
