/**
 * Passive replies: the XML answered in the HTTP response to a message push (then encrypted with
 * WechatCrypto.encryptReply in security mode). ToUserName is the follower's openid, FromUserName the
 * account's original id: the reverse of the inbound message.
 *
 * https://developers.weixin.qq.com/doc/service/en/Message_Management/Passive_user_reply_message.html
 * https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Forwarding_of_messages_to_service_center.html
 */
import { buildXml } from '../xml/build.js';
import type { XmlBuildRecord } from '../xml/types.js';

export interface NewsArticle {
  title: string;
  description?: string;
  picUrl?: string;
  url?: string;
}

export type PassiveReply =
  | { type: 'text'; content: string }
  | { type: 'image'; mediaId: string }
  | { type: 'voice'; mediaId: string }
  | { type: 'video'; mediaId: string; title?: string; description?: string }
  | { type: 'music'; thumbMediaId: string; title?: string; description?: string; musicUrl?: string; hqMusicUrl?: string }
  /** WeChat shows at most 8 articles (currently only the first for new accounts); 1..8 are accepted here. */
  | { type: 'news'; articles: readonly NewsArticle[] }
  /** Hands the conversation to the customer-service system, optionally to one agent account. */
  | { type: 'transfer_customer_service'; kfAccount?: string };

export interface PassiveReplyAddress {
  /** The follower's openid (the inbound FromUserName). */
  toUser: string;
  /** The account's original id gh_… (the inbound ToUserName). */
  fromUser: string;
  /** Seconds since the epoch. */
  createTime: number | string;
}

export const MAX_NEWS_ARTICLES = 8;

export function buildPassiveReply(reply: PassiveReply, { toUser, fromUser, createTime }: PassiveReplyAddress): string {
  const seconds = Number(createTime);
  if (!Number.isSafeInteger(seconds) || seconds < 0 || !/^\d+$/.test(String(createTime))) {
    throw new TypeError('createTime must be whole seconds since the epoch');
  }
  if (!toUser || !fromUser) throw new TypeError('toUser and fromUser are required');
  return buildXml({ ToUserName: toUser, FromUserName: fromUser, CreateTime: seconds, MsgType: reply.type, ...body(reply) });
}

function body(reply: PassiveReply): XmlBuildRecord {
  switch (reply.type) {
    case 'text':
      return { Content: reply.content };
    case 'image':
      return { Image: { MediaId: reply.mediaId } };
    case 'voice':
      return { Voice: { MediaId: reply.mediaId } };
    case 'video':
      return { Video: { MediaId: reply.mediaId, Title: reply.title, Description: reply.description } };
    case 'music':
      return {
        Music: {
          Title: reply.title,
          Description: reply.description,
          MusicUrl: reply.musicUrl,
          HQMusicUrl: reply.hqMusicUrl,
          ThumbMediaId: reply.thumbMediaId,
        },
      };
    case 'news': {
      const n = reply.articles.length;
      if (n < 1 || n > MAX_NEWS_ARTICLES) throw new RangeError(`a news reply holds 1 to ${MAX_NEWS_ARTICLES} articles, not ${n}`);
      return {
        ArticleCount: n,
        Articles: {
          item: reply.articles.map((a) => ({ Title: a.title, Description: a.description, PicUrl: a.picUrl, Url: a.url })),
        },
      };
    }
    case 'transfer_customer_service':
      return reply.kfAccount ? { TransInfo: { KfAccount: reply.kfAccount } } : {};
  }
}
