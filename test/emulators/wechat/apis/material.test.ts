/** Permanent material and article images in the simulator: what is stored, listed, counted, deleted, and refused with WeChat's codes. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeAmr, fakeMp4, tinyPng } from '../state/media.js';
import { authorizerTokens, callApi, startHarness, type Harness } from '../testkit/harness.js';

let h: Harness;
let token: string;
beforeEach(async () => {
  h = await startHarness();
  token = (await authorizerTokens(h.sim)).accessToken;
});
afterEach(async () => {
  await h.close();
});

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 1)]);

async function post(api: string, name: string, bytes: Buffer, query: Record<string, string> = {}, extra: Record<string, string> = {}) {
  const form = new FormData();
  form.append('media', new Blob([bytes]), name);
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  const q = new URLSearchParams({ access_token: token, ...query });
  const response = await fetch(`${h.sim.url}/cgi-bin/${api}?${q.toString()}`, { method: 'POST', body: form });
  return (await response.json()) as Record<string, any>;
}
const add = (type: string, name: string, bytes: Buffer, extra: Record<string, string> = {}) => post('material/add_material', name, bytes, { type }, extra);

describe('material/add_material', () => {
  it('keeps an image with a URL, a thumb, a voice and a video with its description; get_material answers each', async () => {
    const image = await add('image', 'banner.png', tinyPng());
    expect(Object.keys(image).sort()).toEqual(['media_id', 'url']);
    expect(image.url).toBe(`${h.sim.url}/sim/material/${image.media_id}`);
    const thumb = await add('thumb', 'cover.jpg', JPEG);
    const voice = await add('voice', 'hello.amr', fakeAmr());
    const video = await add('video', 'intro.mp4', fakeMp4(), { description: JSON.stringify({ title: 'Intro', introduction: 'Our shop' }) });
    expect([typeof thumb.media_id, typeof voice.media_id, voice.url, typeof video.media_id]).toEqual(['string', 'string', undefined, 'string']);
    const got = await fetch(`${h.sim.url}/cgi-bin/material/get_material?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify({ media_id: image.media_id }),
    });
    expect(Buffer.from(await got.arrayBuffer())).toEqual(tinyPng());
    expect(await callApi(h.sim, 'material/get_material', { access_token: token }, { media_id: video.media_id })).toEqual({
      title: 'Intro',
      description: 'Our shop',
      down_url: `${h.sim.url}/sim/material/${video.media_id}`,
    });
    const cover = await fetch(`${h.sim.url}/cgi-bin/material/get_material?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify({ media_id: thumb.media_id }),
    });
    expect(Buffer.from(await cover.arrayBuffer())).toEqual(JPEG);
  });

  it('refuses a wrong type (40004), no file (41005), a name without its extension (40113), a non-image (40005), over size (45001), a voice over 60 s (45007), a video without a description (47001)', async () => {
    expect((await add('sticker', 'a.png', tinyPng())).errcode).toBe(40004);
    expect((await post('material/add_material', '', Buffer.alloc(0), { type: 'image' })).errcode).toBe(41005);
    expect((await add('image', 'banner', tinyPng())).errcode).toBe(40113);
    expect((await add('thumb', 'cover.png', tinyPng())).errcode).toBe(40113);
    expect((await add('image', 'banner.png', Buffer.from('not an image'))).errcode).toBe(40005);
    const bigThumb = Buffer.concat([JPEG, Buffer.alloc(64 * 1024)]);
    expect((await add('thumb', 'cover.jpg', bigThumb)).errcode).toBe(45001);
    // 3,050 frames of 20 ms (mode 7, 32 bytes each): 61 s.
    const long = Buffer.concat([Buffer.from('#!AMR\n', 'latin1'), Buffer.alloc(3050 * 32, 0)]);
    for (let i = 6; i < long.length; i += 32) long[i] = 0x3c;
    expect((await add('voice', 'long.amr', long)).errcode).toBe(45007);
    expect((await add('video', 'intro.mp4', fakeMp4())).errcode).toBe(47001);
    expect(await callApi(h.sim, 'material/get_materialcount', { access_token: token })).toEqual({
      voice_count: 0,
      video_count: 0,
      image_count: 0,
      news_count: 0,
    });
  });

  it('is per account: another account neither reads nor deletes it (40007); del_material removes it', async () => {
    const image = await add('image', 'banner.png', tinyPng());
    const other = (await authorizerTokens(h.sim, 'wx570bc396a51b8ff8')).accessToken;
    expect((await callApi(h.sim, 'material/get_material', { access_token: other }, { media_id: image.media_id })).errcode).toBe(40007);
    expect((await callApi(h.sim, 'material/del_material', { access_token: other }, { media_id: image.media_id })).errcode).toBe(40007);
    expect(await callApi(h.sim, 'material/del_material', { access_token: token }, { media_id: image.media_id })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await callApi(h.sim, 'material/get_material', { access_token: token }, { media_id: image.media_id })).errcode).toBe(40007);
  });

  it('counts and lists by type, newest first, 1-20 a page', async () => {
    const first = await add('image', 'one.png', tinyPng());
    h.clock.advance(10);
    const second = await add('image', 'two.png', tinyPng(2, 2));
    await add('voice', 'hello.amr', fakeAmr());
    expect(await callApi(h.sim, 'material/get_materialcount', { access_token: token })).toEqual({
      voice_count: 1,
      video_count: 0,
      image_count: 2,
      news_count: 0,
    });
    const page = await callApi(h.sim, 'material/batchget_material', { access_token: token }, { type: 'image', offset: 0, count: 1 });
    expect(page).toMatchObject({ total_count: 2, item_count: 1, item: [{ media_id: second.media_id, name: 'two.png', url: second.url }] });
    const next = await callApi(h.sim, 'material/batchget_material', { access_token: token }, { type: 'image', offset: 1, count: 20 });
    expect(next.item.map((i: any) => i.media_id)).toEqual([first.media_id]);
    expect((await callApi(h.sim, 'material/batchget_material', { access_token: token }, { type: 'image', offset: 0, count: 21 })).errcode).toBe(47001);
    expect((await callApi(h.sim, 'material/batchget_material', { access_token: token }, { type: 'sticker', offset: 0, count: 1 })).errcode).toBe(40004);
  });
});

describe("WeChat's ceilings of permanent material", () => {
  it('1,000 voices: the next voice is refused with 45034 and not kept; a video still fits; deleting one makes room', async () => {
    h.sim.addConsoleMaterial('wxd3m0acc0un7a1b2c', 'voice', 999);
    const last = await add('voice', 'hello.amr', fakeAmr());
    expect(typeof last.media_id).toBe('string');
    const refused = await add('voice', 'again.amr', fakeAmr());
    expect([refused.errcode, String(refused.errmsg).startsWith('media file count is out of limit rid: ')]).toEqual([45034, true]);
    expect(await callApi(h.sim, 'material/get_materialcount', { access_token: token })).toEqual({
      voice_count: 1000,
      video_count: 0,
      image_count: 0,
      news_count: 0,
    });
    const video = await add('video', 'intro.mp4', fakeMp4(), { description: JSON.stringify({ title: 'Intro', introduction: 'Our shop' }) });
    expect(typeof video.media_id).toBe('string');
    expect(await callApi(h.sim, 'material/del_material', { access_token: token }, { media_id: last.media_id })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(typeof (await add('voice', 'again.amr', fakeAmr())).media_id).toBe('string');
  });

  it('100,000 images, covers counted among them: an image and a cover are refused (45034); article images are not counted; another account has room', async () => {
    h.sim.addConsoleMaterial('wxd3m0acc0un7a1b2c', 'image', 99_999);
    expect(typeof (await add('thumb', 'cover.jpg', JPEG)).media_id).toBe('string');
    expect((await callApi(h.sim, 'material/get_materialcount', { access_token: token })).image_count).toBe(100_000);
    expect((await add('image', 'banner.png', tinyPng())).errcode).toBe(45034);
    expect((await add('thumb', 'cover.jpg', JPEG)).errcode).toBe(45034);
    // The file is checked before the count: a wrong file is still a wrong file.
    expect((await add('image', 'banner', tinyPng())).errcode).toBe(40113);
    expect(typeof (await post('media/uploadimg', 'inline.png', tinyPng())).url).toBe('string');
    const other = (await authorizerTokens(h.sim, 'wx570bc396a51b8ff8')).accessToken;
    const form = new FormData();
    form.append('media', new Blob([tinyPng()]), 'banner.png');
    const theirs = await fetch(`${h.sim.url}/cgi-bin/material/add_material?access_token=${other}&type=image`, { method: 'POST', body: form });
    expect(typeof ((await theirs.json()) as { media_id?: string }).media_id).toBe('string');
  });
});

describe('media/uploadimg and media/uploadvideo', () => {
  it('an article image answers a URL on the image host, only jpg/png below 1 MB', async () => {
    const answer = await post('media/uploadimg', 'photo.png', tinyPng());
    expect(Object.keys(answer)).toEqual(['url']);
    expect(answer.url).toMatch(new RegExp(`^${h.sim.url}/sim/mmbiz/mmbiz_png/[0-9a-f]{32}/0\\?wx_fmt=png$`));
    expect((await post('media/uploadimg', 'photo.png', tinyPng())).url).toBe(answer.url);
    expect((await post('media/uploadimg', 'photo.gif', Buffer.from('GIF89a'))).errcode).toBe(40113);
    expect((await post('media/uploadimg', 'photo.jpg', Buffer.concat([JPEG, Buffer.alloc(1024 * 1024)]))).errcode).toBe(45001);
    expect((await post('media/uploadimg', 'photo.jpg', Buffer.from('GIF89a....'))).errcode).toBe(40005);
  });

  it("a mass send's video is made from a temporary video (40007 for anything else)", async () => {
    const temp = await post('media/upload', 'clip.mp4', fakeMp4(), { type: 'video' });
    const mp = await callApi(h.sim, 'media/uploadvideo', { access_token: token }, { media_id: temp.media_id, title: 'Clip', description: 'A clip' });
    expect(mp).toMatchObject({ type: 'video', created_at: Math.floor(h.clock.now() / 1000) });
    expect(mp.media_id).not.toBe(temp.media_id);
    const image = await post('media/upload', 'a.png', tinyPng(), { type: 'image' });
    expect((await callApi(h.sim, 'media/uploadvideo', { access_token: token }, { media_id: image.media_id, title: 'x', description: 'y' })).errcode).toBe(
      40007,
    );
  });
});

describe('the URLs WeChat answers', () => {
  it('serve the bytes of a permanent image and an article image to anyone holding them; unknown ones are 404', async () => {
    const image = await add('image', 'banner.png', tinyPng());
    const served = await fetch(image.url);
    expect([served.status, served.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(tinyPng());
    const article = await post('media/uploadimg', 'photo.jpg', JPEG);
    expect(Buffer.from(await (await fetch(article.url)).arrayBuffer())).toEqual(JPEG);
    expect((await fetch(`${h.sim.url}/sim/material/nothing`)).status).toBe(404);
    expect((await fetch(`${h.sim.url}/sim/mmbiz/mmbiz_png/0/0?wx_fmt=png`)).status).toBe(404);
  });
});
