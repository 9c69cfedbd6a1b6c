/**
 * WeChat's side of a delivery, for the benchmark: an in-process stand-in of api.weixin.qq.com, given to the
 * relay as its `fetch` for WeChat (RuntimeOptions.fetch), that answers after `latencyMs` like a nearby WeChat:
 * component and authorizer tokens (so the relay's own token providers run), user/info for a new follower, and
 * media/get for a photo. The benchmark measures Dataverse writes; WeChat is only there so a follower's profile
 * and a photo's bytes arrive the way they do in production.
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_authorizer_token.html
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_temporary_materials.html
 */
import { createHash } from 'node:crypto';
import { wechatFollowerProfiles, wechatMediaSource, type WechatForDelivery } from '../../functions/src/app/delivery-wiring.js';
import type { FollowerProfiles, WechatMediaSource } from '../../functions/src/relay/ports/delivery.js';
import { createOfficialAccountApi, createWechatApiClient, type TokenSource } from '../../functions/src/wechat/index.js';

export const WECHAT_API_BASE = 'https://api.weixin.qq.com';

/** A phone photo after WeChat's compression is tens of kilobytes. */
const PHOTO_BYTES = 48 * 1024;

export interface WechatStandIn {
  fetch: typeof fetch;
  calls: { tokens: number; userInfo: number; media: number };
  /** The relay's adapters over the stand-in with a fixed token (to prepare the baseline's rows). */
  adapters: { profiles: FollowerProfiles; media: WechatMediaSource };
}

const hashOf = (text: string) => createHash('sha256').update(text).digest();

export function wechatStandIn(latencyMs: number): WechatStandIn {
  const calls = { tokens: 0, userInfo: 0, media: 0 };
  const photo = new Uint8Array(PHOTO_BYTES).map((_, i) => (i * 31 + 7) & 0xff);
  const answer = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    await new Promise((r) => setTimeout(r, latencyMs));
    switch (url.pathname) {
      case '/cgi-bin/component/api_component_token':
        calls.tokens += 1;
        return Response.json({ component_access_token: `COMPONENT_${hashOf('c').toString('hex').slice(0, 32)}`, expires_in: 7200 });
      case '/cgi-bin/component/api_authorizer_token':
        calls.tokens += 1;
        return Response.json({ authorizer_access_token: `AUTHORIZER_${hashOf('a').toString('hex').slice(0, 32)}`, expires_in: 7200 });
      case '/cgi-bin/user/info': {
        calls.userInfo += 1;
        const openid = url.searchParams.get('openid') ?? '';
        const n = hashOf(openid).readUInt32BE(0);
        const qr = n % 10 < 7;
        return Response.json({
          subscribe: 1,
          openid,
          language: 'zh_CN',
          subscribe_time: 1_718_000_000 + (n % 600),
          unionid: `oUnion${hashOf(`u${openid}`).toString('base64url').slice(0, 22)}`,
          remark: '',
          groupid: 0,
          tagid_list: n % 3 === 0 ? [2, 101] : [],
          subscribe_scene: qr ? 'ADD_SCENE_QR_CODE' : 'ADD_SCENE_SEARCH',
          qr_scene: 0,
          qr_scene_str: qr ? String(1000 + (n % 7)) : '',
        });
      }
      case '/cgi-bin/media/get': {
        calls.media += 1;
        const mediaId = url.searchParams.get('media_id') ?? 'media';
        return new Response(photo, { headers: { 'content-type': 'image/jpeg', 'content-disposition': `attachment; filename="${mediaId}.jpg"` } });
      }
      default:
        return Response.json({ errcode: 40001, errmsg: `${url.pathname} is not served by the benchmark stand-in` });
    }
  };
  const client = createWechatApiClient({ baseUrl: WECHAT_API_BASE, fetch: answer as typeof fetch });
  const token: TokenSource = { get: async () => 'BENCH_AUTHORIZER_ACCESS_TOKEN', invalidate: async () => {} };
  const wechat: WechatForDelivery = { officialAccount: createOfficialAccountApi(client), authorizerTokens: { forAuthorizer: () => token } };
  return { fetch: answer as typeof fetch, calls, adapters: { profiles: wechatFollowerProfiles(wechat), media: wechatMediaSource(wechat) } };
}
