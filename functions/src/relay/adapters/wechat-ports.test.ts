import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '@wxm/testkit/kit/storage/memory/create-memory-storage';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { json, scriptedFetch, type RecordedCall } from '@wxm/testkit/kit/wechat/api';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { PRE_AUTH_CODE_SECONDS, wechatPorts } from './wechat-ports.js';

const CONFIG = {
  componentAppid: 'wxcomponent000001',
  componentAppsecret: 'component-secret-0001',
  apiBase: 'https://api.example.test',
  mpBase: 'https://mp.example.test',
};
const NOW = Date.UTC(2026, 11, 2, 12);

/** WeChat as far as these adapters call it, answering by path. */
function wechat() {
  return scriptedFetch((call: RecordedCall) => {
    switch (call.url.pathname) {
      case '/cgi-bin/component/api_component_token':
        return json({ component_access_token: 'component-token-1', expires_in: 7200 });
      case '/cgi-bin/component/api_create_preauthcode':
        return json({ pre_auth_code: 'preauthcode@@@1', expires_in: 600 });
      case '/cgi-bin/media/upload':
        return json({ type: 'image', media_id: 'media-1', created_at: 1 });
      case '/cgi-bin/message/custom/send':
        return json({ errcode: 0, errmsg: 'ok' });
      default:
        return json({ errcode: 40001, errmsg: `unexpected ${call.url.pathname}` });
    }
  });
}

function setup() {
  const clock = new ManualClock(NOW);
  const storage = createMemoryStorage({ clock });
  const fetch = wechat();
  const ports = wechatPorts({ ...CONFIG, fetch }, storage, clock, new RecordingLogger());
  return { storage, fetch, ports, paths: () => fetch.calls.map((c) => c.url.pathname) };
}

describe('wechatPorts', () => {
  it('a pre_auth_code comes with its documented 600 s life, signed with a component token got from the verify ticket', async () => {
    const { storage, ports, paths } = setup();
    await storage.verifyTickets.put(CONFIG.componentAppid, { ticket: 'ticket@@@1', createTime: NOW / 1000 });
    expect(await ports.authorization.createPreAuthCode()).toEqual({ code: 'preauthcode@@@1', expiresInSeconds: PRE_AUTH_CODE_SECONDS });
    expect(PRE_AUTH_CODE_SECONDS).toBe(600);
    expect(paths()).toEqual(['/cgi-bin/component/api_component_token', '/cgi-bin/component/api_create_preauthcode']);
  });

  it('the authorization URL names the configured mp base and the component appid', () => {
    const { ports } = setup();
    const url = new URL(
      ports.authorization.buildAuthorizationUrl({
        preAuthCode: 'preauthcode@@@1',
        redirectUri: 'https://relay.example.test/api/wechat/authorize/callback',
        authType: 1,
        mobile: false,
      }),
    );
    expect(url.origin).toBe('https://mp.example.test');
    expect(url.searchParams.get('component_appid')).toBe(CONFIG.componentAppid);
  });

  it('without a verify ticket there is no component token to refresh: false, and WeChat is not called', async () => {
    const { ports, fetch } = setup();
    expect(await ports.maintenance.refreshComponentTokenIfDue()).toBe(false);
    expect(fetch.calls).toEqual([]);
  });

  it('with a verify ticket and no token yet, the component token is refreshed once', async () => {
    const { storage, ports, paths } = setup();
    await storage.verifyTickets.put(CONFIG.componentAppid, { ticket: 'ticket@@@1', createTime: NOW / 1000 });
    expect(await ports.maintenance.refreshComponentTokenIfDue()).toBe(true);
    expect(await storage.tokens.get(`component:${CONFIG.componentAppid}`)).toEqual({ value: 'component-token-1', expiresAt: NOW + 7_200_000 });
    expect(paths()).toEqual(['/cgi-bin/component/api_component_token']);
  });

  it('an image reply is uploaded first, then sent by its media_id with the authorizer token', async () => {
    const { storage, ports, fetch, paths } = setup();
    await storage.tokens.put('authorizer:wxaccount0000001', { value: 'authorizer-token-1', expiresAt: NOW + 3_600_000 });
    await ports.customerService.sendImage('wxaccount0000001', 'openid-1', { bytes: new Uint8Array([1, 2, 3]), filename: 'a.png', contentType: 'image/png' });
    expect(paths()).toEqual(['/cgi-bin/media/upload', '/cgi-bin/message/custom/send']);
    expect(fetch.calls.map((c) => c.url.searchParams.get('access_token'))).toEqual(['authorizer-token-1', 'authorizer-token-1']);
    expect(fetch.calls[1]!.body).toEqual({ touser: 'openid-1', msgtype: 'image', image: { media_id: 'media-1' } });
  });
});
