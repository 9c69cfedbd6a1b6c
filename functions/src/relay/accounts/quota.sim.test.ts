import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { createQuotaApi } from '../../wechat/official-account/quota.js';
import { authorizerTokens, callApi, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';

let h: Harness;
let token: string;
beforeEach(async () => {
  h = await startHarness();
  token = (await authorizerTokens(h.sim)).accessToken;
});
afterEach(async () => {
  await h.close();
});

const tokenSource = () => ({ get: async () => token, invalidate: async () => undefined });

describe('openapi/quota/get and clear_quota through the relay client', () => {
  it('reports the daily limit and today’s use of one API, back to zero after clear_quota', async () => {
    const quota = createQuotaApi(createWechatApiClient({ baseUrl: h.sim.url }));
    await h.sim.push({ appid: DEMO.appid, openid: 'oA', msgType: 'text', content: 'hi' });
    h.sim.setQuota('message/custom/send', 5);
    for (let i = 0; i < 2; i += 1) {
      await callApi(h.sim, 'message/custom/send', { access_token: token }, { touser: 'oA', msgtype: 'text', text: { content: `m${i}` } });
    }
    expect(await quota.getQuota(tokenSource(), '/cgi-bin/message/custom/send')).toEqual({ dailyLimit: 5, used: 2, remain: 3 });
    await quota.clearQuota(tokenSource(), DEMO.appid);
    expect(await quota.getQuota(tokenSource(), '/cgi-bin/message/custom/send')).toEqual({ dailyLimit: 5, used: 0, remain: 5 });
  });

  it('76021 for a path WeChat keeps no quota for; 48006 after ten resets in a month', async () => {
    const quota = createQuotaApi(createWechatApiClient({ baseUrl: h.sim.url }));
    await expect(quota.getQuota(tokenSource(), '/cgi-bin/no/such/api')).rejects.toMatchObject({ errcode: 76021 });
    await expect(quota.getQuota(tokenSource(), 'message/custom/send')).rejects.toMatchObject({ errcode: 76021 });
    for (let i = 0; i < 10; i += 1) await quota.clearQuota(tokenSource(), DEMO.appid);
    await expect(quota.clearQuota(tokenSource(), DEMO.appid)).rejects.toMatchObject({ errcode: 48006 });
  });
});
