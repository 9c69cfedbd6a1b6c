/**
 * Customer-service message bodies as WeChat's wire format (snake_case), so any documented field can be sent.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 */
interface CustomBase {
  /** The follower's openid. */
  touser: string;
  /** Send as a given customer-service agent. */
  customservice?: { kf_account: string };
}

export type CustomMessage = CustomBase &
  (
    | { msgtype: 'text'; text: { content: string } }
    | { msgtype: 'image'; image: { media_id: string } }
    | { msgtype: 'voice'; voice: { media_id: string } }
    | { msgtype: 'video'; video: { media_id: string; thumb_media_id?: string; title?: string; description?: string } }
    | { msgtype: 'music'; music: { title?: string; description?: string; musicurl: string; hqmusicurl?: string; thumb_media_id: string } }
    | { msgtype: 'news'; news: { articles: Array<{ title: string; description?: string; url?: string; picurl?: string }> } }
    | { msgtype: 'mpnews'; mpnews: { media_id: string } }
    | { msgtype: 'mpnewsarticle'; mpnewsarticle: { article_id: string } }
    | { msgtype: 'msgmenu'; msgmenu: { head_content?: string; list: Array<{ id: string; content: string }>; tail_content?: string } }
    | { msgtype: 'wxcard'; wxcard: { card_id: string } }
    | { msgtype: 'miniprogrampage'; miniprogrampage: { title: string; appid: string; pagepath: string; thumb_media_id: string } }
  );

export type UserInfoLang = 'zh_CN' | 'zh_TW' | 'en';

/** user/info, flattened. Nickname and avatar are no longer returned by WeChat (since 2021-12-27). */
export interface WechatUserInfo {
  subscribed: boolean;
  openid: string;
  unionid?: string;
  language?: string;
  /** Seconds since the epoch of the (last) follow. */
  subscribeTime?: number;
  remark?: string;
  tagIds: number[];
  /** ADD_SCENE_SEARCH, ADD_SCENE_QR_CODE, … */
  subscribeScene?: string;
  qrScene?: number;
  qrSceneStr?: string;
}

export type MediaType = 'image' | 'voice' | 'video' | 'thumb';

export interface UploadedMedia {
  type: MediaType;
  mediaId: string;
  /** Seconds since the epoch; temporary media lives 3 days. */
  createdAt: number;
}
