/**
 * WeChat's ceilings of permanent material, checked by the one upload path before add_material, against the WeChat
 * simulator over HTTP (which refuses past them with 45034, as WeChat does): a full account is refused with the reason
 * in English and Chinese and nothing is uploaded; the count is read at most once a minute and follows our own
 * uploads; WeChat's own 45034 (the console added some within the minute) reads the count again next time; a count
 * that cannot be read leaves the judgement to WeChat; temporary media and article images are not counted; the count
 * kept by the relay's wiring outlives one invocation's dependencies.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { COUNT_TTL_MS, materialCounts } from './counts.js';
import { createMaterialApi } from './material-api.js';
import { amr, jpeg, png } from './test-files.js';
import { MaterialRefused, uploadMedia, type UploadDeps } from './upload.js';
import { uploadDeps } from './wiring.js';

let h: Harness;
let deps: UploadDeps;
let clock: ManualClock;
const NOW = Date.parse('2026-12-07T08:00:00Z');

beforeEach(async () => {
  h = await startHarness();
  const token = (await authorizerTokens(h.sim)).accessToken;
  const api = createMaterialApi(createWechatApiClient({ baseUrl: h.sim.url }));
  clock = new ManualClock(NOW);
  deps = { api, tokens: { forAuthorizer: () => ({ get: async () => token, invalidate: async () => undefined }) }, clock, counts: materialCounts(api, clock) };
});
afterEach(async () => {
  await h.close();
});

const calls = (api: string) => h.sim.stats().apiCalls[api] ?? 0;
const voice = (name = 'hello.amr') => uploadMedia(DEMO.appid, { name, bytes: amr(3) }, 'permanent-voice', deps);
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

describe("the account's count of permanent material, before add_material", () => {
  it('a full account (1,000 voices) is refused with the reason, before WeChat is given the file', async () => {
    h.sim.addConsoleMaterial(DEMO.appid, 'voice', 1000);
    const refused = await refusal(voice());
    expect(refused.refusal).toEqual({ code: 'full', type: 'voice', count: 1000, ceiling: 1000 });
    expect(refused.errcode).toBeUndefined();
    expect(refused.reason).toEqual({
      en: "Not uploaded: the account already holds 1,000 permanent voice files, WeChat's ceiling of 1,000; delete some (Delete from WeChat, or the MP console) first (45034).",
      zh: '未上传：该公众号已有 1,000 个永久语音素材，已达微信上限 1,000 个；请先删除部分素材（“从微信删除”或在公众平台删除）（45034）。',
    });
    expect([calls('material/get_materialcount'), calls('material/add_material')]).toEqual([1, 0]);
    // Other types have their own ceilings.
    expect(typeof (await uploadMedia(DEMO.appid, { name: 'logo.jpg', bytes: jpeg() }, 'permanent-image', deps)).mediaId).toBe('string');
  });

  it('read once a minute, and our own uploads counted meanwhile: the 1,001st voice is refused without a second read', async () => {
    h.sim.addConsoleMaterial(DEMO.appid, 'voice', 998);
    await voice('one.amr');
    await voice('two.amr');
    const refused = await refusal(voice('three.amr'));
    expect(refused.refusal).toMatchObject({ code: 'full', count: 1000 });
    expect([calls('material/get_materialcount'), calls('material/add_material')]).toEqual([1, 2]);
  });

  it("WeChat's own 45034 (the console added some within the minute) is explained, and the count is read again next time", async () => {
    await voice('one.amr');
    h.sim.addConsoleMaterial(DEMO.appid, 'voice', 999);
    const refused = await refusal(voice('two.amr'));
    expect([refused.errcode, refused.refusal]).toEqual([45034, undefined]);
    expect(refused.reason).toEqual({
      en: 'Not uploaded: The account holds as much permanent material of this type as WeChat allows; delete some first (45034).',
      zh: '未上传：该公众号此类永久素材的数量已达微信上限，请先删除部分素材（45034）。',
    });
    const again = await refusal(voice('three.amr'));
    expect(again.refusal).toMatchObject({ code: 'full', count: 1000 });
    expect([calls('material/get_materialcount'), calls('material/add_material')]).toEqual([2, 2]);
  });

  it('after the minute WeChat is asked again: a deletion in the console makes room', async () => {
    h.sim.addConsoleMaterial(DEMO.appid, 'voice', 999);
    await voice('last.amr');
    await refusal(voice('more.amr'));
    const oldest = (await deps.api.countPermanent(deps.tokens.forAuthorizer(DEMO.appid))).voice;
    expect(oldest).toBe(1000);
    const item = await fetch(`${h.sim.url}/cgi-bin/material/batchget_material?access_token=${await deps.tokens.forAuthorizer(DEMO.appid).get()}`, {
      method: 'POST',
      body: JSON.stringify({ type: 'voice', offset: 0, count: 1 }),
    });
    const first = ((await item.json()) as { item: { media_id: string }[] }).item[0]!.media_id;
    await deps.api.deletePermanent(deps.tokens.forAuthorizer(DEMO.appid), first);
    await refusal(voice('still-cached.amr'));
    clock.advance(COUNT_TTL_MS);
    expect(typeof (await voice('room.amr')).mediaId).toBe('string');
    expect(calls('material/get_materialcount')).toBe(2 + 1);
  });

  it('a count that cannot be read (its own quota) leaves the judgement to WeChat; temporary media and article images are not counted', async () => {
    h.sim.failNext('material/get_materialcount', 45009);
    expect(typeof (await voice()).mediaId).toBe('string');
    await uploadMedia(DEMO.appid, { name: 'a.png', bytes: png() }, 'temporary-image', deps);
    await uploadMedia(DEMO.appid, { name: 'b.png', bytes: png() }, 'article-image', deps);
    expect([calls('material/get_materialcount'), calls('material/add_material'), calls('media/upload'), calls('media/uploadimg')]).toEqual([1, 1, 1, 1]);
  });

  it('the relay builds its dependencies per invocation (wiring): the kept count spans invocations, one read for two', async () => {
    const invocation = () => uploadDeps({ wechatApiBase: h.sim.url, authorizerTokens: deps.tokens, clock, logger: new RecordingLogger() });
    h.sim.addConsoleMaterial(DEMO.appid, 'voice', 999);
    expect(typeof (await uploadMedia(DEMO.appid, { name: 'one.amr', bytes: amr(2) }, 'permanent-voice', invocation())).mediaId).toBe('string');
    const refused = await refusal(uploadMedia(DEMO.appid, { name: 'two.amr', bytes: amr(2) }, 'permanent-voice', invocation()));
    expect(refused.refusal).toMatchObject({ code: 'full', count: 1000 });
    expect([calls('material/get_materialcount'), calls('material/add_material')]).toEqual([1, 1]);
  });

  it('a cover counts as an image: 100,000 images refuse a cover too', async () => {
    h.sim.addConsoleMaterial(DEMO.appid, 'image', 100_000);
    const refused = await refusal(uploadMedia(DEMO.appid, { name: 'cover.jpg', bytes: jpeg() }, 'thumb', deps));
    expect(refused.refusal).toEqual({ code: 'full', type: 'image', count: 100_000, ceiling: 100_000 });
    expect(refused.reason.en).toBe(
      "Not uploaded: the account already holds 100,000 permanent images, WeChat's ceiling of 100,000; delete some (Delete from WeChat, or the MP console) first (45034).",
    );
    expect(calls('material/add_material')).toBe(0);
  });
});
