/**
 * The wired platform against a scripted WeChat: token refresh on 40001 goes through the shared store, and
 * the authorizer flow (query auth → save → send) uses the right tokens end to end.
 */
import { describe, expect, it } from 'vitest';
import { json, recordingLogger, scriptedFetch, type RecordedCall } from './api/testing.js';
import { createWechatPlatform } from './platform.js';
import { FakeClock, MemoryLock, MemoryRefreshTokenStore, MemoryTicketStore, MemoryTokenStore } from './tokens/testing.js';

/** A tiny WeChat: hands out numbered tokens and accepts only the latest ones. */
function fakeWechat() {
  let component = 0;
  let authorizer = 0;
  const route = ({ url, body }: RecordedCall): Response => {
    const q = url.searchParams;
    switch (url.pathname) {
      case '/cgi-bin/component/api_component_token':
        return json({ component_access_token: `cat-${++component}`, expires_in: 7200 });
      case '/cgi-bin/component/api_query_auth':
        if (q.get('component_access_token') !== `cat-${component}`) return json({ errcode: 40001, errmsg: 'invalid credential' });
        return json({ authorization_info: { authorizer_appid: 'wxa', authorizer_access_token: `aat-${++authorizer}`, expires_in: 7200, authorizer_refresh_token: 'r1', func_info: [] } });
      case '/cgi-bin/message/custom/send':
        if (q.get('access_token') !== `aat-${authorizer}`) return json({ errcode: 42001, errmsg: 'access_token expired' });
        return json({ errcode: 0, errmsg: 'ok', echoed: body });
      case '/cgi-bin/component/api_authorizer_token':
        return json({ authorizer_access_token: `aat-${++authorizer}`, expires_in: 7200, authorizer_refresh_token: 'r2' });
      default:
        return json({ errcode: 404, errmsg: 'unknown path' }, 404);
    }
  };
  return {
    fetch: scriptedFetch(route),
    rotateComponent: () => void component++,
    rotateAuthorizer: () => void authorizer++,
  };
}

async function setup() {
  const wechat = fakeWechat();
  const tickets = new MemoryTicketStore();
  await tickets.put('wxc', { ticket: 'ticket@@@1', createTime: 1 });
  const refreshTokens = new MemoryRefreshTokenStore();
  const logger = recordingLogger();
  const platform = createWechatPlatform({
    baseUrl: 'https://api.weixin.qq.com', fetch: wechat.fetch, logger, componentAppid: 'wxc', componentAppsecret: 'SECRET',
    tickets, store: new MemoryTokenStore(), lock: new MemoryLock(), clock: new FakeClock(), refreshTokens,
  });
  return { wechat, platform, refreshTokens, logger };
}

describe('createWechatPlatform', () => {
  it('exchanges an auth code, stores the grant and sends as the account', async () => {
    const { platform, refreshTokens } = await setup();
    const grant = await platform.component.queryAuth('queryauthcode@@@1');
    await platform.authorizerTokens.saveQueryAuth(grant);
    expect(refreshTokens.map.get('wxa')).toBe('r1');
    await platform.officialAccount.sendCustomMessage(platform.authorizerTokens.forAuthorizer('wxa'), { touser: 'o1', msgtype: 'text', text: { content: 'hi' } });
  });

  it('a component token replaced elsewhere (40001) is refreshed from the ticket and the call retried', async () => {
    const { platform, wechat } = await setup();
    await platform.componentToken.get(); // cat-1
    wechat.rotateComponent(); // WeChat now only accepts cat-2, the one "another instance" got
    await expect(platform.component.queryAuth('code')).resolves.toMatchObject({ authorizerAppid: 'wxa' });
    const paths = wechat.fetch.calls.map((c) => c.url.pathname.split('/').pop());
    expect(paths).toEqual(['api_component_token', 'api_query_auth', 'api_component_token', 'api_query_auth']);
  });

  it('an expired authorizer token (42001) is refreshed with the refresh token, which is persisted', async () => {
    const { platform, wechat, refreshTokens, logger } = await setup();
    await platform.authorizerTokens.saveQueryAuth(await platform.component.queryAuth('c'));
    wechat.rotateAuthorizer();
    await platform.officialAccount.sendCustomMessage(platform.authorizerTokens.forAuthorizer('wxa'), { touser: 'o1', msgtype: 'text', text: { content: 'x' } });
    expect(refreshTokens.map.get('wxa')).toBe('r2');
    expect(logger.text()).not.toMatch(/aat-|cat-|r1|r2|SECRET|ticket@@@/);
  });
});
