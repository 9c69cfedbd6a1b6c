/**
 * An Article broadcast's content made in WeChat once: draft/add from the row's title, author, HTML body and cover
 * (a permanent image media id, e.g. uploaded by relay/materials), checked against draft/add's limits first; the
 * media_id is written to wxm_articlemediaid so a retry, the preview and the send all use the same draft. Images in
 * the body are expected as media/uploadimg URLs (relay/materials, purpose 'article-image'); WeChat filters others.
 * https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html
 */
import { Broadcast, BroadcastContent } from '@wxm/solution/schema';
import { articleProblems, type DraftArticle } from '../../wechat/official-account/draft.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import { writeBroadcast, type StoredBroadcast } from './broadcast-row.js';
import type { BroadcastDeps } from './deps.js';
import type { Refusal } from './reasons.js';

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
  const { mediaId } = await deps.wechat.draft.add(deps.wechat.token(appid), [article]);
  await writeBroadcast(org, b.id, { [Broadcast.columns.ArticleMediaId]: mediaId });
  return { ...b, articleMediaId: mediaId };
}
