/**
 * Drafts (草稿箱): draft/add makes articles a mass send can carry (mpnews media_id), draft/delete removes one. Checked
 * as WeChat does: 1-8 articles, a title of at most 32 characters (45003), an author of at most 16 (45110), content
 * under 20,000 characters and 1 MB (45002), a cover that is this account's permanent material (40007).
 * https://developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html
 */
import { randomBytes } from 'node:crypto';
import { WechatApiError } from '../errors.js';
import { massBook } from '../state/mass.js';
import { materialsOf } from '../state/material.js';
import { OK, type ApiSpec } from './registry.js';

const chars = (s: string) => [...s].length;

export const draftApis: ApiSpec[] = [
  {
    api: 'draft/add',
    auth: 'authorizer',
    scope: 7,
    handle({ state, account, json }) {
      const list = json().articles;
      if (!Array.isArray(list) || list.length === 0 || list.length > 8) throw new WechatApiError(47001);
      const articles = list.map((raw: unknown) => {
        const a = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
        const title = typeof a.title === 'string' ? a.title : '';
        const content = typeof a.content === 'string' ? a.content : '';
        const thumb = typeof a.thumb_media_id === 'string' ? a.thumb_media_id : '';
        if (title === '' || chars(title) > 32) throw new WechatApiError(45003, 'title size out of limit');
        if (typeof a.author === 'string' && chars(a.author) > 16) throw new WechatApiError(45110, 'author size out of limit');
        if (content === '' || chars(content) >= 20_000 || Buffer.byteLength(content) >= 1_000_000) throw new WechatApiError(45002, 'content size out of limit');
        // A permanent image or thumb only (a temporary one gives 40007 in a permanent article).
        if (!materialsOf(state).get(account.appid, thumb)) throw new WechatApiError(40007);
        return { title, content, thumbMediaId: thumb };
      });
      const mediaId = randomBytes(24).toString('base64url');
      massBook(state).drafts.set(mediaId, { mediaId, appid: account.appid, articles });
      return { media_id: mediaId };
    },
  },
  {
    api: 'draft/delete',
    auth: 'authorizer',
    scope: 7,
    handle({ state, account, json }) {
      const id = json().media_id;
      const drafts = massBook(state).drafts;
      const draft = typeof id === 'string' ? drafts.get(id) : undefined;
      if (!draft || draft.appid !== account.appid) throw new WechatApiError(40007);
      drafts.delete(draft.mediaId);
      return { ...OK };
    },
  },
];
