/**
 * Mass sends (群发) of an Official Account with the authorizer's token: to everyone or a tag (sendall), to a list of
 * 2-10,000 openids (send, service accounts), a preview to one follower, the status of a send, and deleting a sent
 * article or video. `clientmsgid` makes a send idempotent: WeChat answers 45065 with the first send's msg_id when the
 * id was used before (returned here as `{ duplicate: true, msgId }`), 45066 when it is retried within a minute,
 * 45067 when it is longer than 64 bytes. Other refusals surface as WechatApiError (48003: the mass-send agreement was
 * never accepted; 45028: no quota left; 40130: fewer than 2 openids).
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import type { TokenSource, WechatApiClient } from '../api/types.js';
import { WechatApiError } from '../api/errors.js';

/** mass/send takes 2-10,000 openids a call. */
export const MASS_OPENIDS_MAX = 10_000;
export const MASS_OPENIDS_MIN = 2;
/** clientmsgid: at most 64 bytes (45067 otherwise). */
export const CLIENT_MSG_ID_MAX = 64;
export const CLIENT_MSG_ID_USED = 45065;

/** What a mass message carries: text, or a media id (image, voice, mpvideo, mpnews from draft/add). */
export type MassContent =
  | { type: 'text'; content: string }
  | { type: 'image'; mediaId: string }
  | { type: 'voice'; mediaId: string }
  | { type: 'mpvideo'; mediaId: string }
  | { type: 'mpnews'; mediaId: string };

export type MassAudience = { kind: 'all' } | { kind: 'tag'; tagId: number } | { kind: 'openids'; openids: readonly string[] };

export interface MassSendRequest {
  audience: MassAudience;
  content: MassContent;
  clientMsgId: string;
  /** mpnews: send even when the originality check finds a reprint (send_ignore_reprint 1). Default false. */
  ignoreReprint?: boolean;
}

export interface MassSendResult {
  msgId: string;
  /** Article sends: the id of the article data (for analytics). */
  msgDataId?: string;
  /** True when WeChat answered 45065: this clientmsgid was sent before and msgId is that send. */
  duplicate: boolean;
}

export type MassStatus = 'SEND_SUCCESS' | 'SENDING' | 'SEND_FAIL' | 'DELETE' | string;

export interface MassApi {
  send(token: TokenSource, request: MassSendRequest): Promise<MassSendResult>;
  preview(token: TokenSource, openid: string, content: MassContent): Promise<void>;
  status(token: TokenSource, msgId: string): Promise<MassStatus>;
  /** Deletes a sent mpnews or video (article_idx 0: all of them). */
  remove(token: TokenSource, msgId: string, articleIdx?: number): Promise<void>;
}

type Json = Record<string, unknown>;
const id = (v: unknown): string | undefined => (typeof v === 'number' || (typeof v === 'string' && v !== '') ? String(v) : undefined);

/** The `<msgtype>: {...}` part WeChat expects. */
export function contentBody(content: MassContent): Json {
  if (content.type === 'text') return { msgtype: 'text', text: { content: content.content } };
  return { msgtype: content.type, [content.type]: { media_id: content.mediaId } };
}

export function createMassApi(client: WechatApiClient): MassApi {
  const post = (path: string, body: Json, token: TokenSource) => client.request<Json>({ method: 'POST', path, body, token });
  return {
    /** 根据标签进行群发 (sendall) / 根据OpenID列表群发 (send) */
    async send(token, request) {
      if (Buffer.byteLength(request.clientMsgId) > CLIENT_MSG_ID_MAX || request.clientMsgId === '') {
        throw new RangeError(`clientmsgid must be 1-${CLIENT_MSG_ID_MAX} bytes`);
      }
      const { audience } = request;
      const body: Json = { ...contentBody(request.content), clientmsgid: request.clientMsgId };
      if (request.content.type === 'mpnews') body.send_ignore_reprint = request.ignoreReprint ? 1 : 0;
      let path: string;
      if (audience.kind === 'openids') {
        if (audience.openids.length < MASS_OPENIDS_MIN || audience.openids.length > MASS_OPENIDS_MAX) {
          throw new RangeError(`mass/send takes ${MASS_OPENIDS_MIN}-${MASS_OPENIDS_MAX} openids (got ${audience.openids.length})`);
        }
        path = '/cgi-bin/message/mass/send';
        body.touser = [...audience.openids];
      } else {
        path = '/cgi-bin/message/mass/sendall';
        body.filter = audience.kind === 'all' ? { is_to_all: true } : { is_to_all: false, tag_id: audience.tagId };
      }
      try {
        const r = await post(path, body, token);
        const msgId = id(r.msg_id);
        if (!msgId) throw new WechatApiError(-1, 'mass send answered without msg_id', path);
        const dataId = id(r.msg_data_id);
        return { msgId, ...(dataId !== undefined && { msgDataId: dataId }), duplicate: false };
      } catch (err) {
        // The clientmsgid was used: that earlier send is this one (a retry after a crash or a lost answer).
        if (err instanceof WechatApiError && err.errcode === CLIENT_MSG_ID_USED && err.msgId) return { msgId: err.msgId, duplicate: true };
        throw err;
      }
    },

    /** 预览接口: one follower by openid. */
    async preview(token, openid, content) {
      await post('/cgi-bin/message/mass/preview', { touser: openid, ...contentBody(content) }, token);
    },

    /** 查询群发消息发送状态 */
    async status(token, msgId) {
      const r = await post('/cgi-bin/message/mass/get', { msg_id: msgId }, token);
      return typeof r.msg_status === 'string' ? r.msg_status : '';
    },

    /** 删除群发: mpnews and video only; an article index of 0 deletes every article. */
    async remove(token, msgId, articleIdx = 0) {
      await post('/cgi-bin/message/mass/delete', { msg_id: msgId, article_idx: articleIdx }, token);
    },
  };
}
