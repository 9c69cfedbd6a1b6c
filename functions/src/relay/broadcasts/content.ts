/**
 * What a broadcast sends, ready for WeChat: the row's text or media id, an article's draft (article.ts), and a video
 * turned into the media id mass sends take (media/uploadvideo of the row's temporary video, with its title and
 * description, through relay/materials). Refusals (no media, a video WeChat will not take) are said on the row.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html (上传视频素材)
 */
import { BroadcastContent } from '@wxm/solution/schema';
import type { MassContent } from '../../wechat/official-account/mass.js';
import { MaterialRefused, uploadMassVideo } from '../materials/upload.js';
import type { StoredBroadcast } from './broadcast-row.js';
import type { BroadcastDeps } from './deps.js';
import type { Refusal } from './reasons.js';
import { isContentRefusal, massContentOf } from './rules.js';

export async function massContent(b: StoredBroadcast, appid: string, deps: BroadcastDeps): Promise<MassContent | Refusal> {
  const content = massContentOf(b);
  if (isContentRefusal(content) || b.contentType !== BroadcastContent.Video) return content;
  if (!deps.uploads) return { code: 'video', why: { en: 'the relay has no upload path configured', zh: '中继未配置上传' } };
  try {
    const video = { title: (b.title || b.name).slice(0, 64), introduction: b.content.slice(0, 120) };
    return { type: 'mpvideo', mediaId: (await uploadMassVideo(appid, b.mediaId, video, deps.uploads)).mediaId };
  } catch (err) {
    if (err instanceof MaterialRefused) return { code: 'video', why: { en: err.reason.en, zh: err.reason.zh } };
    throw err;
  }
}
