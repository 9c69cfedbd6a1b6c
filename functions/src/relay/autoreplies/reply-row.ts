/**
 * The auto reply an envelope carries → the outbound wxm_message row that shows it in the conversation: marked
 * automatic, Sent (WeChat took it with the callback's answer), create-only by its own key (`auto:` + the inbound
 * message's id), so the change set that writes the inbound message writes it once and a redelivery writes nothing.
 * A mini program card is written Pending instead: the outbound send path (relay/outbound) sends it as a
 * customer-service message within the window the follower's message or click just opened.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html
 */
import { DeliveryStatus, Direction, EntitySets, Message, MessageType, TableNames } from '@wxm/solution/schema';
import type { Row, WriteOperation } from '../../dataverse/types.js';
import type { AutoReplyRecord } from '../envelope.js';
import { accountRef, bind, followerRef, messageKey } from '../delivery/keys.js';
import { fit } from '../delivery/text-fit.js';

const C = Message.columns;
const T = TableNames.Message;

export const autoReplyMsgId = (inboundMsgId: string): string => `auto:${inboundMsgId}`;

export function autoReplyOperation(accountId: string, openid: string, inboundMsgId: string, auto: AutoReplyRecord): WriteOperation {
  const wechatMsgId = autoReplyMsgId(inboundMsgId);
  const row: Row = {
    [C.Direction]: Direction.Outbound,
    [C.WeChatMsgId]: fit(T, C.WeChatMsgId, wechatMsgId),
    ...(auto.card
      ? { [C.DeliveryStatus]: DeliveryStatus.Pending }
      : { [C.DeliveryStatus]: DeliveryStatus.Sent, [C.SentOn]: new Date(auto.at).toISOString().replace(/\.\d{3}Z$/, 'Z') }),
    [C.Automatic]: true,
    [bind(Message.navigation.OfficialAccountId)]: accountRef(accountId),
    [bind(Message.navigation.FollowerId)]: followerRef(accountId, openid),
    ...contentOf(auto),
  };
  return { kind: 'upsert', entitySet: EntitySets.Message, key: messageKey(accountId, wechatMsgId), data: row, ifNoneMatch: true };
}

function contentOf(auto: AutoReplyRecord): Row {
  if (auto.card) {
    return {
      [C.MessageType]: MessageType.MiniProgramPage,
      [C.Title]: fit(T, C.Title, auto.card.title),
      [C.Content]: JSON.stringify(auto.card),
      [C.Name]: fit(T, C.Name, auto.card.title || 'auto reply mini program'),
    };
  }
  const r = auto.reply;
  switch (r.type) {
    case 'text':
      return { [C.MessageType]: MessageType.Text, [C.Content]: fit(T, C.Content, r.content), [C.Name]: fit(T, C.Name, r.content || 'auto reply') };
    case 'image':
      return { [C.MessageType]: MessageType.Image, [C.MediaId]: fit(T, C.MediaId, r.mediaId), [C.Name]: 'auto reply image' };
    case 'news': {
      const first = r.articles[0];
      return {
        [C.MessageType]: MessageType.News,
        [C.Title]: fit(T, C.Title, first?.title ?? ''),
        [C.Content]: fit(T, C.Content, r.articles.map((a) => `${a.title}\n${a.url ?? ''}`).join('\n\n')),
        [C.Name]: fit(T, C.Name, first?.title ?? 'auto reply news'),
      };
    }
    default:
      return { [C.MessageType]: MessageType.Unknown, [C.Name]: `auto reply ${r.type}` };
  }
}
