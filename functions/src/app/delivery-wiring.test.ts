/** The delivery worker's WeChat adapters (media/get, user/info) and its bindings on the Signed Service registry. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MediaUnavailable } from '../relay/delivery/errors.js';
import { bindingsFromRegistry, oncePerMessage } from '../relay/delivery/registry-bindings.js';
import type { DataverseGateway, DataverseOrg, OrgCredentials } from '../dataverse/types.js';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { AesGcmSecretBox, generateSecretKey } from '../storage/secret-box.js';
import { createOfficialAccountApi, createWechatApiClient, type TokenSource } from '../wechat/index.js';
import { json, scriptedFetch, type Responder } from '@wxm/testkit/kit/wechat/api';
import { wechatFollowerProfiles, wechatMediaSource, type WechatForDelivery } from './delivery-wiring.js';

const token: TokenSource = { get: async () => 'AUTHORIZER_TOKEN', invalidate: async () => {} };

function wechat(...responders: Responder[]): WechatForDelivery & { fetch: ReturnType<typeof scriptedFetch> } {
  const fetch = scriptedFetch(...responders);
  const client = createWechatApiClient({ baseUrl: 'https://api.weixin.qq.com', fetch, sleep: async () => {} });
  return { officialAccount: createOfficialAccountApi(client), authorizerTokens: { forAuthorizer: () => token }, fetch };
}

describe('media/get adapter', () => {
  it('returns the bytes, type and file name WeChat sends', async () => {
    const w = wechat(
      () => new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename="MEDIA_1.jpg"' } }),
    );
    const file = await wechatMediaSource(w).download('wxapp', 'MEDIA_1');
    expect(file).toEqual({ bytes: new Uint8Array([1, 2, 3]), contentType: 'image/jpeg', filename: 'MEDIA_1.jpg' });
    expect(w.fetch.calls[0]?.url.pathname).toBe('/cgi-bin/media/get');
    expect(w.fetch.calls[0]?.url.searchParams.get('media_id')).toBe('MEDIA_1');
  });

  it('follows a video_url answer to WeChat’s CDN', async () => {
    const w = wechat(() => json({ video_url: 'http://cdn.example/v.mp4' }));
    const cdn = scriptedFetch(() => new Response(new Uint8Array([9, 9]), { headers: { 'content-type': 'video/mp4' } }));
    const file = await wechatMediaSource(w, cdn).download('wxapp', 'VID');
    expect(file).toEqual({ bytes: new Uint8Array([9, 9]), contentType: 'video/mp4', filename: 'VID.mp4' });
    expect(cdn.calls[0]?.url.href).toBe('http://cdn.example/v.mp4');
  });

  it('an expired media id (40007) or a lost permission (48001) is MediaUnavailable with a readable reason', async () => {
    for (const errcode of [40007, 48001]) {
      const err = await wechatMediaSource(wechat(() => json({ errcode, errmsg: 'x' })))
        .download('wxapp', 'OLD')
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MediaUnavailable);
      expect((err as MediaUnavailable).mediaId).toBe('OLD');
    }
    const expired = (await wechatMediaSource(wechat(() => json({ errcode: 40007, errmsg: 'x' })))
      .download('wxapp', 'OLD')
      .catch((e: unknown) => e)) as MediaUnavailable;
    expect(expired.reason).toBe('The media id is not valid (it may have expired).');
  });

  it('WeChat unreachable or busy is thrown as it is, for the queue to retry', async () => {
    const down = wechat(() => new Response('bad gateway', { status: 502 }));
    await expect(wechatMediaSource(down).download('wxapp', 'M')).rejects.not.toBeInstanceOf(MediaUnavailable);
    const busy = wechat(() => json({ errcode: -1, errmsg: 'busy' }));
    await expect(wechatMediaSource(busy).download('wxapp', 'M')).rejects.toMatchObject({ name: 'WechatApiError', errcode: -1 });
  });
});

describe('user/info adapter', () => {
  it('maps the profile, with a numeric qr_scene as text when there is no qr_scene_str', async () => {
    const w = wechat(() =>
      json({
        subscribe: 1,
        openid: 'o1',
        language: 'zh_CN',
        subscribe_time: 1718000000,
        unionid: 'u1',
        remark: 'VIP',
        tagid_list: [2, 3],
        subscribe_scene: 'ADD_SCENE_QR_CODE',
        qr_scene: 98765,
        qr_scene_str: '',
      }),
    );
    expect(await wechatFollowerProfiles(w).get('wxapp', 'o1')).toEqual({
      subscribed: true,
      tagIds: [2, 3],
      unionid: 'u1',
      language: 'zh_CN',
      remark: 'VIP',
      subscribeTime: 1718000000,
      subscribeScene: 'ADD_SCENE_QR_CODE',
      qrSceneStr: '98765',
    });
    expect(w.fetch.calls[0]?.url.searchParams.get('openid')).toBe('o1');
  });

  it('a follower who left: subscribed false and nothing else', async () => {
    const w = wechat(() => json({ subscribe: 0, openid: 'o1' }));
    expect(await wechatFollowerProfiles(w).get('wxapp', 'o1')).toEqual({ subscribed: false, tagIds: [] });
  });
});

describe('bindings from the Signed Service registry', () => {
  const orgId = randomUUID();
  const serviceId = randomUUID();
  const accountRow = randomUUID();
  const secretBox = new AesGcmSecretBox(generateSecretKey());

  function setup() {
    const registry = new MemorySignedServiceRegistry();
    const opened: OrgCredentials[] = [];
    const org = { environmentUrl: 'https://contoso.crm.dynamics.com/' } as DataverseOrg;
    const gateway: DataverseGateway = { open: (c) => (opened.push(c), org) };
    return { registry, opened, org, bindings: bindingsFromRegistry({ registry, gateway, secretBox }) };
  }
  const record = {
    organizationId: orgId,
    signedServiceId: serviceId,
    state: 'connected' as const,
    reason: 'connected' as const,
    environmentUrl: 'https://contoso.crm.dynamics.com',
    cloud: 'Global' as const,
    tenantId: randomUUID(),
    clientId: randomUUID(),
    sealedSecret: secretBox.seal('s3cret'),
    authorizerAppid: 'wxapp',
    officialAccountId: accountRow,
    contactMatchColumn: 'new_wechatid',
    updatedAt: 1,
  };

  it('a bound account resolves to its org, opened with that Signed Service’s own credentials', async () => {
    const s = setup();
    await s.registry.put(record);
    await s.registry.bind('wxapp', { organizationId: orgId, signedServiceId: serviceId, officialAccountId: accountRow });
    expect(await s.bindings.resolve('wxapp')).toEqual({
      authorizerAppid: 'wxapp',
      org: s.org,
      organizationId: orgId,
      signedServiceId: serviceId,
      officialAccountId: accountRow,
      contactMatchColumn: 'new_wechatid',
    });
    expect(s.opened).toEqual([
      { environmentUrl: 'https://contoso.crm.dynamics.com', cloud: 'Global', tenantId: record.tenantId, clientId: record.clientId, clientSecret: 's3cret' },
    ]);
  });

  it('once per queue message: its envelopes share one resolution, the next message reads again and sees a revocation', async () => {
    const s = setup();
    await s.registry.put(record);
    await s.registry.bind('wxapp', { organizationId: orgId, signedServiceId: serviceId, officialAccountId: accountRow });
    let reads = 0;
    const counted = {
      ...s.registry,
      bindingOf: (appid: string) => (reads++, s.registry.bindingOf(appid)),
      get: (org: string, id: string) => (reads++, s.registry.get(org, id)),
    } as typeof s.registry;
    const registryBindings = bindingsFromRegistry({ registry: counted, gateway: { open: (c) => (s.opened.push(c), s.org) }, secretBox });
    const message = oncePerMessage(registryBindings);
    const forty = await Promise.all(Array.from({ length: 40 }, () => message.resolve('wxapp')));
    expect(forty.every((b) => b?.organizationId === orgId)).toBe(true);
    expect(reads).toBe(2); // one binding read and one Signed Service read for the whole message (it was 80)
    expect(s.opened).toHaveLength(1); // and one secret opening

    await s.registry.put({ ...record, state: 'revoked' });
    expect(await message.resolve('wxapp')).toBeDefined(); // the message in hand was accepted while connected
    expect(await oncePerMessage(registryBindings).resolve('wxapp')).toBeUndefined(); // the next message parks
    expect(reads).toBe(4);
  });

  it('once per queue message keeps no failure: the next envelope reads again', async () => {
    let calls = 0;
    const flaky = { resolve: async () => (++calls === 1 ? Promise.reject(new Error('storage unavailable')) : undefined) };
    const message = oncePerMessage(flaky);
    await expect(message.resolve('wxapp')).rejects.toThrow('storage unavailable');
    expect(await message.resolve('wxapp')).toBeUndefined();
    expect(calls).toBe(2);
  });

  it('no binding, a revoked or failed service, or no secret: not bound (the worker parks)', async () => {
    const s = setup();
    expect(await s.bindings.resolve('wxapp')).toBeUndefined();
    await s.registry.bind('wxapp', { organizationId: orgId, signedServiceId: serviceId, officialAccountId: accountRow });
    for (const changed of [{ state: 'revoked' as const }, { state: 'failed' as const }, { sealedSecret: undefined }]) {
      await s.registry.put({ ...record, ...changed });
      expect(await s.bindings.resolve('wxapp')).toBeUndefined();
    }
    expect(s.opened).toEqual([]);
  });
});
