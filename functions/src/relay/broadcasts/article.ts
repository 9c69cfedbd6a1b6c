/**
 * An Article broadcast's content made in WeChat once: its images uploaded, then draft/add from the row's title,
 * author, HTML body and cover (a permanent image media id, e.g. a wxm_material's), checked against draft/add's limits
 * first; the media_id is written to wxm_articlemediaid so a retry, the preview and the send all use the same draft.
 * An image in the body is written `<img src="note:<annotation id>">`, a note (file) on the broadcast row: it goes to
 * WeChat through relay/materials' upload path as an article image (media/uploadimg, jpg/png under 1 MB, checked
 * first) and the body gets WeChat's URL, as WeChat filters images from anywhere else.
 * https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html (上传图文消息内的图片获取URL)
 */
import { Broadcast, BroadcastContent } from '@wxm/solution/schema';
import { articleProblems, type DraftArticle } from '../../wechat/official-account/draft.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import { noteOfRow } from '../materials/attachment.js';
import { MaterialRefused, uploadMedia } from '../materials/upload.js';
import { writeBroadcast, type StoredBroadcast } from './broadcast-row.js';
import type { BroadcastDeps } from './deps.js';
import type { Refusal } from './reasons.js';

const NOTE_IMAGE = /(<img\b[^>]*?\bsrc\s*=\s*)(["'])note:([0-9a-f-]{36})\2/gi;

/** The row with its article made (articleMediaId filled), or why it cannot be. Non-articles come back as they are. */
export async function ensureArticle(org: DataverseOrg, b: StoredBroadcast, appid: string, deps: BroadcastDeps): Promise<StoredBroadcast | Refusal> {
  if (b.contentType !== BroadcastContent.Article || b.articleMediaId) return b;
  const article: DraftArticle = {
    title: b.title.trim(),
    ...(b.author.trim() !== '' && { author: b.author.trim() }),
    content: b.content,
    thumbMediaId: b.mediaId,
  };
  const problems = articleProblems(article);
  if (problems.length > 0) return { code: 'article-invalid', fields: problems };
  const content = await withUploadedImages(org, b, appid, deps);
  if (typeof content !== 'string') return content;
  const { mediaId } = await deps.wechat.draft.add(deps.wechat.token(appid), [{ ...article, content }]);
  await writeBroadcast(org, b.id, { [Broadcast.columns.ArticleMediaId]: mediaId });
  return { ...b, articleMediaId: mediaId };
}

async function withUploadedImages(org: DataverseOrg, b: StoredBroadcast, appid: string, deps: BroadcastDeps): Promise<string | Refusal> {
  const ids = [...new Set([...b.content.matchAll(NOTE_IMAGE)].map((m) => m[3]!.toLowerCase()))];
  if (ids.length === 0) return b.content;
  if (!deps.uploads) return { code: 'article-image', note: ids[0]!, why: { en: 'the relay has no upload path configured', zh: '中继未配置上传' } };
  const urls = new Map<string, string>();
  for (const id of ids) {
    // A note of this broadcast only: a note of another record is never read for it, whoever typed its id.
    const file = await noteOfRow(org, b.id, id);
    if (!file) return { code: 'article-image', note: id, why: { en: 'no such note with a file on this broadcast', zh: '此群发上没有该附件' } };
    try {
      const uploaded = await uploadMedia(appid, file, 'article-image', deps.uploads);
      if (!uploaded.url) return { code: 'article-image', note: id, why: { en: 'WeChat answered no URL', zh: '微信未返回网址' } };
      urls.set(id, uploaded.url);
    } catch (err) {
      if (err instanceof MaterialRefused) return { code: 'article-image', note: id, why: { en: err.reason.en, zh: err.reason.zh } };
      throw err;
    }
  }
  return b.content.replace(NOTE_IMAGE, (_all, head: string, quote: string, id: string) => `${head}${quote}${urls.get(id.toLowerCase())}${quote}`);
}
