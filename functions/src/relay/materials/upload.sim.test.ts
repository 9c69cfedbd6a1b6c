/**
 * The one upload path against the WeChat simulator over HTTP through the real client: the endpoint each purpose
 * picks, what comes back (media id, URL, the 3-day expiry), the file name kept, refusals before any call (nothing
 * reaches WeChat) and WeChat's own refusals, both as MaterialRefused with the reason in English and Chinese.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorizerTokens, callApi, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { WechatApiError } from '../../wechat/index.js';
import { materialCounts } from './counts.js';
import { createMaterialApi } from './material-api.js';
import { amr, jpeg, mp4, png } from './test-files.js';
import { MaterialRefused, uploadMassVideo, uploadMedia, type UploadDeps } from './upload.js';

let h: Harness;
let token: string;
let deps: UploadDeps;
const NOW = Date.parse('2026-12-04T08:00:00Z');

beforeEach(async () => {
  h = await startHarness();
  token = (await authorizerTokens(h.sim)).accessToken;
  const api = createMaterialApi(createWechatApiClient({ baseUrl: h.sim.url }));
  const clock = new ManualClock(NOW);
  deps = { api, tokens: { forAuthorizer: () => ({ get: async () => token, invalidate: async () => undefined }) }, clock, counts: materialCounts(api, clock) };
});
afterEach(async () => {
  await h.close();
});

const count = () => callApi(h.sim, 'material/get_materialcount', { access_token: token });
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => {
      if (!(e instanceof MaterialRefused)) throw e;
      return e;
    },
  );

describe('uploadMedia picks the endpoint by purpose', () => {
  it('temporary image: media/upload, the media id, expiry 3 days after WeChat’s created_at, the file name kept', async () => {
    const bytes = png();
    const out = await uploadMedia(DEMO.appid, { name: 'Spring banner.png', bytes }, 'temporary-image', deps);
    expect(Object.keys(out).sort()).toEqual(['expiresAt', 'mediaId']);
    expect(h.sim.stats().apiCalls['media/upload']).toBe(1);
    expect(out.expiresAt).toBe(Math.floor(h.clock.now() / 1000) * 1000 + 3 * 24 * 3600 * 1000);
    const got = await fetch(`${h.sim.url}/cgi-bin/media/get?access_token=${token}&media_id=${out.mediaId}`);
    expect(got.headers.get('content-disposition')).toBe('attachment; filename="Spring banner.png"');
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(bytes);
  });

  it('temporary voice, video and thumb: media/upload of that type', async () => {
    const voice = await uploadMedia(DEMO.appid, { name: 'hello.amr', bytes: amr(5) }, 'temporary-voice', deps);
    const video = await uploadMedia(DEMO.appid, { name: 'clip.mp4', bytes: mp4() }, 'temporary-video', deps);
    const thumb = await uploadMedia(DEMO.appid, { name: 'cover.jpg', bytes: jpeg() }, 'temporary-thumb', deps);
    for (const out of [voice, video, thumb]) expect(typeof out.mediaId).toBe('string');
    const videoGet = await callApi(h.sim, 'media/get', { access_token: token, media_id: video.mediaId! });
    expect(String(videoGet.video_url)).toContain('/sim/media/');
    expect(await count()).toEqual({ voice_count: 0, video_count: 0, image_count: 0, news_count: 0 });
  });

  it('permanent image, voice, video (with its description) and thumb: material/add_material; images come with a URL', async () => {
    const image = await uploadMedia(DEMO.appid, { name: 'logo.jpg', bytes: jpeg() }, 'permanent-image', deps);
    expect(image.url).toBe(`${h.sim.url}/sim/material/${image.mediaId}`);
    expect(image.expiresAt).toBeUndefined();
    await uploadMedia(DEMO.appid, { name: 'hello.amr', bytes: amr(5) }, 'permanent-voice', deps);
    const video = await uploadMedia(DEMO.appid, { name: 'intro.mp4', bytes: mp4() }, 'permanent-video', deps, { title: 'Intro', introduction: 'Our shop' });
    const thumb = await uploadMedia(DEMO.appid, { name: 'cover.jpg', bytes: jpeg() }, 'thumb', deps);
    expect(await count()).toEqual({ voice_count: 1, video_count: 1, image_count: 2, news_count: 0 });
    expect(await callApi(h.sim, 'material/get_material', { access_token: token }, { media_id: video.mediaId })).toMatchObject({
      title: 'Intro',
      description: 'Our shop',
    });
    expect(typeof thumb.mediaId).toBe('string');
  });

  it('article image: media/uploadimg answers a URL and no media id', async () => {
    const out = await uploadMedia(DEMO.appid, { name: 'photo.png', bytes: png() }, 'article-image', deps);
    expect(Object.keys(out)).toEqual(['url']);
    expect(out.url).toMatch(/\/sim\/mmbiz\/mmbiz_png\/[0-9a-f]{32}\/0\?wx_fmt=png$/);
  });

  it("a mass send's video from a temporary video (media/uploadvideo)", async () => {
    const temp = await uploadMedia(DEMO.appid, { name: 'clip.mp4', bytes: mp4() }, 'temporary-video', deps);
    const mass = await uploadMassVideo(DEMO.appid, temp.mediaId!, { title: 'Clip', introduction: 'A clip' }, deps);
    expect(mass.mediaId).not.toBe(temp.mediaId);
    const wrong = await refusal(uploadMassVideo(DEMO.appid, 'nope', { title: 'x', introduction: 'y' }, deps));
    expect([wrong.errcode, wrong.reason.en]).toEqual([40007, 'Not uploaded: WeChat does not know this media id, or it expired (40007).']);
  });
});

describe('refusals', () => {
  it('limits are checked before WeChat is called: nothing reaches it', async () => {
    const cases = [
      uploadMedia(DEMO.appid, { name: 'banner', bytes: png() }, 'permanent-image', deps),
      uploadMedia(DEMO.appid, { name: 'cover.png', bytes: png() }, 'thumb', deps),
      uploadMedia(DEMO.appid, { name: 'big.jpg', bytes: jpeg(64 * 1024 + 1) }, 'thumb', deps),
      uploadMedia(DEMO.appid, { name: 'long.amr', bytes: amr(61) }, 'permanent-voice', deps),
      uploadMedia(DEMO.appid, { name: 'intro.mp4', bytes: mp4() }, 'permanent-video', deps),
      uploadMedia(DEMO.appid, { name: 'photo.jpg', bytes: jpeg(1024 * 1024) }, 'article-image', deps),
    ];
    const refused = await Promise.all(cases.map(refusal));
    expect(refused.map((r) => r.refusal?.code)).toEqual(['no-extension', 'extension', 'too-large', 'too-long', 'video-description', 'too-large']);
    expect(refused[3]!.reason).toEqual({
      en: 'Not uploaded: the voice plays 61 s; WeChat takes at most 60 s.',
      zh: '未上传：语音时长 61 秒；微信最多接受 60 秒。',
    });
    const calls = h.sim.stats().apiCalls;
    expect(['media/upload', 'material/add_material', 'media/uploadimg'].map((api) => calls[api] ?? 0)).toEqual([0, 0, 0]);
    expect(await count()).toEqual({ voice_count: 0, video_count: 0, image_count: 0, news_count: 0 });
  });

  it("WeChat's refusal of the file becomes MaterialRefused with its code; other failures stay WeChat's errors", async () => {
    h.sim.failNext('material/add_material', 40007);
    const refused = await refusal(uploadMedia(DEMO.appid, { name: 'logo.jpg', bytes: jpeg() }, 'permanent-image', deps));
    expect([refused.errcode, refused.reason.zh]).toEqual([40007, '未上传：微信无法识别该 media_id，或已过期（40007）。']);
    h.sim.failNext('media/upload', 45009);
    await expect(uploadMedia(DEMO.appid, { name: 'a.png', bytes: png() }, 'temporary-image', deps)).rejects.toBeInstanceOf(WechatApiError);
  });
});

describe('permanent material kept in WeChat', () => {
  it('is counted by type and deleted by media id (40007 once gone)', async () => {
    const image = await uploadMedia(DEMO.appid, { name: 'logo.jpg', bytes: jpeg() }, 'permanent-image', deps);
    await uploadMedia(DEMO.appid, { name: 'hello.amr', bytes: amr(2) }, 'permanent-voice', deps);
    const tokenSource = deps.tokens.forAuthorizer(DEMO.appid);
    expect(await deps.api.countPermanent(tokenSource)).toEqual({ image: 1, voice: 1, video: 0, news: 0 });
    await deps.api.deletePermanent(tokenSource, image.mediaId!);
    expect(await deps.api.countPermanent(tokenSource)).toEqual({ image: 0, voice: 1, video: 0, news: 0 });
    await expect(deps.api.deletePermanent(tokenSource, image.mediaId!)).rejects.toMatchObject({ errcode: 40007 });
  });
});
