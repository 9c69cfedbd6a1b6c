/**
 * An Article broadcast against the WeChat simulator and the Dataverse emulator: the note images of its body go to
 * WeChat as article images (media/uploadimg through relay/materials), the body gets WeChat's URLs, draft/add makes
 * the article once (its media_id kept on the row for the preview and the send), and the send is an mpnews with the
 * originality check on the row after MASSSENDJOBFINISH.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Broadcast, BroadcastContent, BroadcastStatus, EntitySets } from '@wxm/solution/schema';
import { startBroadcastWorld, type BroadcastWorld } from '@wxm/testkit/kit/relay/broadcast-world';
import { DEMO } from '../../../../test/emulators/wechat/testkit/harness.js';
import { jpeg, mp4, png } from '../materials/test-files.js';
import { onBroadcastHint } from './broadcast-hint.js';
import { onMassSendJobFinish } from './job-finished.js';

const B = Broadcast.columns;
let w: BroadcastWorld;
beforeEach(async () => {
  w = await startBroadcastWorld();
});
afterEach(() => w.close());
const iso = (ms: number) => new Date(ms).toISOString();

async function cover(): Promise<string> {
  const form = new FormData();
  form.append('media', new Blob([Buffer.from(jpeg(300))], { type: 'image/jpeg' }), 'cover.jpg');
  const answer = (await (
    await fetch(`${w.sim.url}/cgi-bin/material/add_material?access_token=${w.token}&type=thumb`, { method: 'POST', body: form })
  ).json()) as {
    media_id: string;
  };
  return answer.media_id;
}
const note = (broadcastId: string, bytes: Uint8Array, filename: string) =>
  w.dv.insert('annotations', {
    filename,
    mimetype: 'image/png',
    documentbody: Buffer.from(bytes).toString('base64'),
    isdocument: true,
    [`objectid_${Broadcast.logicalName}@odata.bind`]: `/${EntitySets.Broadcast}(${broadcastId})`,
  });

describe('an article broadcast', () => {
  it('uploads its note images, makes the draft once, previews and sends it as mpnews, and shows the originality check', async () => {
    await w.follower('oA');
    await w.follower('oB');
    const id = await w.broadcast({ [B.ContentType]: BroadcastContent.Article, [B.Title]: '十二月简报', [B.Author]: '市场部', [B.MediaId]: await cover() });
    const image = note(id, png(500), 'banner.png');
    await w.operator.update({
      collection: EntitySets.Broadcast,
      key: id,
      data: { [B.Content]: `<p>新品</p><img src="note:${image}"><p>欢迎</p>`, [B.PreviewOpenId]: 'oA', [B.PreviewRequestedOn]: iso(w.clock.now()) },
    });
    expect(await onBroadcastHint(w.hint(id), w.deps)).toBe('previewed');
    expect(w.sim.stats().apiCalls['media/uploadimg']).toBe(1);
    expect(w.sim.stats().apiCalls['draft/add']).toBe(1);
    const draftId = String(w.row(id)[B.ArticleMediaId]);
    const { drafts } = (await (await fetch(`${w.sim.url}/sim/mass?appid=${DEMO.appid}`)).json()) as {
      drafts: Array<{ mediaId: string; articles: Array<{ content: string }> }>;
    };
    expect(drafts.map((d) => d.mediaId)).toEqual([draftId]);
    expect(drafts[0]?.articles[0]?.content).toMatch(/^<p>新品<\/p><img src="http:\/\/[^"]+"><p>欢迎<\/p>$/);
    expect(w.sim.sent().find((s) => s.api === 'message/mass/preview')?.body).toMatchObject({ touser: 'oA', msgtype: 'mpnews', mpnews: { media_id: draftId } });

    await w.operator.update({ collection: EntitySets.Broadcast, key: id, data: { [B.SendRequestedOn]: iso(w.clock.now()) } });
    expect(await onBroadcastHint(w.hint(id), w.deps)).toBe('sent');
    expect(w.sim.stats().apiCalls['draft/add']).toBe(1);
    expect(w.sim.sent().find((s) => s.api === 'message/mass/sendall')?.body).toMatchObject({
      msgtype: 'mpnews',
      mpnews: { media_id: draftId },
      send_ignore_reprint: 0,
    });
    await expect.poll(() => w.massEvents().length).toBe(1);
    await onMassSendJobFinish(w.massEvents()[0]!, w.deps);
    expect(w.row(id)).toMatchObject({ [B.BroadcastStatus]: BroadcastStatus.Sent, [B.SentCount]: 2 });
    expect(String(w.row(id)[B.CopyrightResult])).toMatch(
      /^CheckState 1 .*\nArticle 1: declared 0, audit 2, can reprint 1, https:\/\/mp\.weixin\.qq\.com\/s\?/s,
    );

    // Delete after sending: an article can be deleted.
    await w.operator.update({ collection: EntitySets.Broadcast, key: id, data: { [B.DeleteRequestedOn]: iso(w.clock.now()) } });
    expect(await onBroadcastHint(w.hint(id), w.deps)).toBe('deleted');
    expect(w.row(id)[B.BroadcastStatus]).toBe(BroadcastStatus.Deleted);
  });

  it('refuses a title over 32 characters and an image note of another record before WeChat', async () => {
    await w.follower('oA');
    await w.follower('oB');
    const long = await w.broadcast({
      [B.ContentType]: BroadcastContent.Article,
      [B.Title]: '长'.repeat(33),
      [B.Content]: '<p>x</p>',
      [B.MediaId]: 'm',
      [B.SendRequestedOn]: iso(w.clock.now()),
    });
    expect(await onBroadcastHint(w.hint(long, 'Create'), w.deps)).toBe('refused');
    expect(String(w.row(long)[B.FailureReason])).toMatch(/^Refused: the article breaks WeChat's limits in: title/);
    const other = note(long, png(100), 'other.png');
    const id = await w.broadcast({
      [B.ContentType]: BroadcastContent.Article,
      [B.Title]: 'ok',
      [B.Content]: `<img src='note:${other}'>`,
      [B.MediaId]: 'm',
      [B.SendRequestedOn]: iso(w.clock.now()),
    });
    expect(await onBroadcastHint(w.hint(id, 'Create'), w.deps)).toBe('refused');
    expect(String(w.row(id)[B.FailureReason])).toBe(
      `Refused: the article image note:${other} was not uploaded: no such note with a file on this broadcast\n已拒绝：图文图片 note:${other} 未能上传：此群发上没有该附件`,
    );
    expect((w.sim.stats().apiCalls['media/uploadimg'] ?? 0) + (w.sim.stats().apiCalls['draft/add'] ?? 0)).toBe(0);
  });
});

describe('a video broadcast', () => {
  it('turns the temporary video into a mass video (media/uploadvideo) and sends it as mpvideo; it can be deleted', async () => {
    await w.follower('oA');
    await w.follower('oB');
    const form = new FormData();
    form.append('media', new Blob([Buffer.from(mp4())], { type: 'video/mp4' }), 'clip.mp4');
    const upload = (await (await fetch(`${w.sim.url}/cgi-bin/media/upload?access_token=${w.token}&type=video`, { method: 'POST', body: form })).json()) as {
      media_id: string;
    };
    const id = await w.broadcast({
      [B.ContentType]: BroadcastContent.Video,
      [B.Title]: '新品视频',
      [B.Content]: '三十秒看新品',
      [B.MediaId]: upload.media_id,
      [B.SendRequestedOn]: iso(w.clock.now()),
    });
    expect(await onBroadcastHint(w.hint(id, 'Create'), w.deps)).toBe('sent');
    expect(w.sim.stats().apiCalls['media/uploadvideo']).toBe(1);
    const body = w.sim.sent().find((s) => s.api === 'message/mass/sendall')?.body as { msgtype: string; mpvideo: { media_id: string } };
    expect(body.msgtype).toBe('mpvideo');
    expect(body.mpvideo.media_id).not.toBe(upload.media_id);
    await w.operator.update({ collection: EntitySets.Broadcast, key: id, data: { [B.DeleteRequestedOn]: iso(w.clock.now()) } });
    expect(await onBroadcastHint(w.hint(id), w.deps)).toBe('deleted');
  });
});
