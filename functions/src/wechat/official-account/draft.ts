/**
 * Drafts (草稿箱) and article images, for mass-sent articles: `draft/add` makes an article from a title, an HTML body
 * and a cover (a permanent thumb/image media id) and answers the media_id mass sends use (msgtype mpnews). Images in
 * the body must be on WeChat's CDN: upload them with media/uploadimg (relay/materials, purpose 'article-image') and
 * use the URL it answers; WeChat filters outside image URLs. Limits: title ≤ 32 characters, author ≤ 16, digest ≤ 128,
 * content < 20,000 characters and < 1 MB.
 * https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html
 * https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Delete_draft.html
 */
import type { TokenSource, WechatApiClient } from '../api/types.js';
import { WechatApiError } from '../api/errors.js';

export const ARTICLE_LIMITS = { title: 32, author: 16, digest: 128, contentChars: 20_000, contentBytes: 1_000_000 } as const;

export interface DraftArticle {
  title: string;
  author?: string;
  digest?: string;
  /** HTML; images only from media/uploadimg URLs. */
  content: string;
  /** Cover image: a permanent image or thumb media id. */
  thumbMediaId: string;
  contentSourceUrl?: string;
  /** 0/1: comments open. */
  needOpenComment?: boolean;
}

export interface DraftApi {
  add(token: TokenSource, articles: readonly DraftArticle[]): Promise<{ mediaId: string }>;
  remove(token: TokenSource, mediaId: string): Promise<void>;
}

/** What an article breaks of draft/add's limits (empty: none), checked before calling WeChat. */
export function articleProblems(a: DraftArticle): Array<'title' | 'author' | 'digest' | 'content' | 'thumb'> {
  const out: Array<'title' | 'author' | 'digest' | 'content' | 'thumb'> = [];
  const chars = (s: string) => [...s].length;
  if (a.title.trim() === '' || chars(a.title) > ARTICLE_LIMITS.title) out.push('title');
  if (a.author !== undefined && chars(a.author) > ARTICLE_LIMITS.author) out.push('author');
  if (a.digest !== undefined && chars(a.digest) > ARTICLE_LIMITS.digest) out.push('digest');
  if (a.content.trim() === '' || chars(a.content) >= ARTICLE_LIMITS.contentChars || Buffer.byteLength(a.content) >= ARTICLE_LIMITS.contentBytes) {
    out.push('content');
  }
  if (a.thumbMediaId.trim() === '') out.push('thumb');
  return out;
}

export function createDraftApi(client: WechatApiClient): DraftApi {
  return {
    /** 新建草稿 */
    async add(token, articles) {
      const body = {
        articles: articles.map((a) => ({
          article_type: 'news',
          title: a.title,
          ...(a.author !== undefined && { author: a.author }),
          ...(a.digest !== undefined && { digest: a.digest }),
          content: a.content,
          ...(a.contentSourceUrl !== undefined && { content_source_url: a.contentSourceUrl }),
          thumb_media_id: a.thumbMediaId,
          need_open_comment: a.needOpenComment ? 1 : 0,
        })),
      };
      const r = await client.request<Record<string, unknown>>({ method: 'POST', path: '/cgi-bin/draft/add', body, token });
      if (typeof r.media_id !== 'string' || r.media_id === '') throw new WechatApiError(-1, 'draft/add answered without media_id', '/cgi-bin/draft/add');
      return { mediaId: r.media_id };
    },
    /** 删除草稿 */
    async remove(token, mediaId) {
      await client.request({ method: 'POST', path: '/cgi-bin/draft/delete', body: { media_id: mediaId }, token });
    },
  };
}
