import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tinyPng } from '../state/media.js';
import { authorizerTokens, callApi, DEMO, startHarness, type Harness } from '../testkit/harness.js';

let h: Harness;
let token: string;
beforeEach(async () => {
  h = await startHarness();
  token = (await authorizerTokens(h.sim)).accessToken;
});
afterEach(async () => {
  await h.close();
});

const NAMES: Record<string, string> = { image: 'upload.png', voice: 'upload.amr', video: 'upload.mp4', thumb: 'upload.jpg' };

async function upload(type: string, bytes: Buffer, field = 'media', accessToken = token, name = NAMES[type] ?? 'upload.bin'): Promise<Record<string, any>> {
  const form = new FormData();
  form.append(field, new Blob([bytes], { type: 'application/octet-stream' }), name);
  const response = await fetch(`${h.sim.url}/cgi-bin/media/upload?access_token=${accessToken}&type=${type}`, { method: 'POST', body: form });
  return (await response.json()) as Record<string, any>;
}

describe('media/upload and media/get', () => {
  it('round-trips an uploaded image byte for byte', async () => {
    const png = tinyPng(3, 2, [255, 0, 0]);
    const answer = await upload('image', png);
    expect(answer).toMatchObject({ type: 'image', created_at: Math.floor(h.clock.now() / 1000) });
    const response = await fetch(`${h.sim.url}/cgi-bin/media/get?access_token=${token}&media_id=${answer.media_id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="upload.png"');
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(png);
  });

  it('downloads what a follower sent; a video answers a video_url', async () => {
    const openid = 'oFollower000000000000000003';
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'voice' });
    await h.sim.push({ appid: DEMO.appid, openid, msgType: 'video' });
    const [voice, video] = h.relay.received.slice(-2).map((p) => p.fields);
    const amr = Buffer.from(await (await fetch(`${h.sim.url}/cgi-bin/media/get?access_token=${token}&media_id=${voice?.MediaId}`)).arrayBuffer());
    expect(amr.subarray(0, 6).toString('ascii')).toBe('#!AMR\n');
    const answer = await callApi(h.sim, 'media/get', { access_token: token, media_id: video?.MediaId as string });
    const mp4 = Buffer.from(await (await fetch(answer.video_url as string)).arrayBuffer());
    expect(mp4.subarray(4, 8).toString('ascii')).toBe('ftyp');
  });

  it('rejects a wrong type (40004), a missing field (41005), a non-image (40005) and an oversized thumb (40006)', async () => {
    expect((await upload('sticker', tinyPng())).errcode).toBe(40004);
    expect((await upload('image', tinyPng(), 'file')).errcode).toBe(41005);
    expect((await upload('image', Buffer.from('not an image'))).errcode).toBe(40005);
    const bigThumb = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(65 * 1024)]);
    expect((await upload('thumb', bigThumb)).errcode).toBe(40006);
    const thumb = await upload('thumb', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    expect(typeof thumb.thumb_media_id).toBe('string');
  });

  it('media_id is per account and expires after 3 days (40007)', async () => {
    const { media_id: mediaId } = await upload('image', tinyPng());
    const other = (await authorizerTokens(h.sim, 'wx570bc396a51b8ff8')).accessToken;
    expect((await callApi(h.sim, 'media/get', { access_token: other, media_id: mediaId })).errcode).toBe(40007);
    h.clock.advance(3 * 24 * 3600);
    const fresh = (await authorizerTokens(h.sim)).accessToken;
    expect((await callApi(h.sim, 'media/get', { access_token: fresh, media_id: mediaId })).errcode).toBe(40007);
  });
});
