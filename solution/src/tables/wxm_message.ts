/**
 * One message or event between a follower and an account. Inbound rows are written by the relay,
 * once per WeChat message (the key makes retries harmless); outbound rows are created by operators
 * and sent by the relay, which records the status.
 */
import { bool, choice, dateTime, decimal, int, lookup, memo, text } from '../dsl/columns.js';
import { label } from '../dsl/labels.js';
import type { TableDef } from '../dsl/types.js';

const message: TableDef = {
  schemaName: 'wxm_Message',
  entitySetName: 'wxm_messages',
  displayName: label('Message', '消息'),
  pluralName: label('Messages', '消息'),
  description: label('A WeChat message or event between a follower and an Official Account.', '粉丝与公众号之间的一条微信消息或事件。'),
  ownership: 'UserOwned',
  // Media (images, voice, video) is downloaded at once and kept as a note on the message.
  hasNotes: true,
  quickCreate: true,
  audit: false,
  primaryName: text('wxm_Name', label('Summary', '摘要'), label('The first words of the message.', '消息的开头部分。'), 200),
  columns: [
    lookup(
      'wxm_OfficialAccountId',
      label('Official Account', '公众号'),
      label('The account of the conversation.', '会话所属的公众号。'),
      {
        table: 'wxm_officialaccount',
        relationship: 'wxm_officialaccount_wxm_message',
        cascadeDelete: 'Restrict',
      },
      { required: 'required' },
    ),
    lookup('wxm_FollowerId', label('Follower', '粉丝'), label('The follower of the conversation.', '会话中的粉丝。'), {
      table: 'wxm_follower',
      relationship: 'wxm_follower_wxm_message',
      cascadeDelete: 'Restrict',
    }),
    choice('wxm_Direction', label('Direction', '方向'), label('Received from or sent to the follower.', '收到的还是发给粉丝的。'), 'wxm_direction', {
      required: 'required',
      // Forms default to Outbound: a person creating a message is replying. The relay always sets it.
      defaultValue: 472610001,
    }),
    choice('wxm_MessageType', label('Message Type', '消息类型'), label('Text, image, event and so on.', '文本、图片、事件等。'), 'wxm_messagetype', {
      required: 'required',
      defaultValue: 472610000,
    }),
    // Memo at the Dataverse maximum: long texts, emoji and the raw XML of unknown types fit.
    memo('wxm_Content', label('Content', '内容'), label('Text of the message, or the label of a location.', '消息的文本，或位置的名称。'), 1048576),
    // MsgId is a 64-bit number: kept as text so JavaScript never rounds it. Events get a composite id.
    text(
      'wxm_WeChatMsgId',
      label('WeChat Message ID', '微信消息 ID'),
      label("MsgId from WeChat, or the relay's id for events and outbound messages.", '微信的 MsgId，或中继服务为事件及发出的消息生成的 ID。'),
      200,
    ),
    text(
      'wxm_MediaId',
      label('Media ID', '媒体 ID'),
      label('WeChat media id of an image, voice or video (valid for 3 days).', '图片、语音或视频的微信媒体 ID（3 天内有效）。'),
      200,
    ),
    text('wxm_ThumbMediaId', label('Thumbnail Media ID', '缩略图媒体 ID'), label('WeChat media id of a video thumbnail.', '视频缩略图的微信媒体 ID。'), 200),
    text('wxm_MediaUrl', label('Media URL', '媒体地址'), label('PicUrl of an image, or the URL of a link.', '图片的 PicUrl，或链接的地址。'), 2000, {
      format: 'url',
    }),
    text('wxm_Title', label('Title', '标题'), label('Title of a link or article.', '链接或图文的标题。'), 200),
    text('wxm_Event', label('Event', '事件'), label('WeChat event name, e.g. subscribe or CLICK.', '微信事件名，例如 subscribe 或 CLICK。'), 64),
    // EventKey of a VIEW event is a URL, so it gets URL room.
    text('wxm_EventKey', label('Event Key', '事件 KEY'), label('Menu key, QR scene or URL of the event.', '事件的菜单 KEY、二维码场景值或网址。'), 2000),
    decimal('wxm_Latitude', label('Latitude', '纬度'), label('Latitude of a location.', '位置的纬度。'), { precision: 6, min: -90, max: 90 }),
    decimal('wxm_Longitude', label('Longitude', '经度'), label('Longitude of a location.', '位置的经度。'), { precision: 6, min: -180, max: 180 }),
    dateTime('wxm_WeChatCreatedOn', label('WeChat Time', '微信时间'), label('CreateTime of the message at WeChat.', '消息在微信中的 CreateTime。')),
    dateTime('wxm_SentOn', label('Sent On', '发送时间'), label('When the relay sent the message to WeChat.', '中继服务将消息发送到微信的时间。')),
    choice(
      'wxm_DeliveryStatus',
      label('Delivery Status', '投递状态'),
      label('Received, or the sending state of an outbound message.', '已接收，或发出消息的发送状态。'),
      'wxm_deliverystatus',
      { defaultValue: 472610001 },
    ),
    int(
      'wxm_ErrorCode',
      label('Error Code', '错误码'),
      label('WeChat errcode when sending failed.', '发送失败时微信返回的 errcode。'),
      -2147483648,
      2147483647,
    ),
    text('wxm_ErrorDetail', label('Error Detail', '错误详情'), label('Why sending failed and what to do.', '发送失败的原因以及处理方法。'), 2000),
    memo(
      'wxm_RawXml',
      label('Raw XML', '原始 XML'),
      label('The message as WeChat sent it, kept for types the solution does not know.', '微信发来的原始消息，用于保存解决方案未识别的类型。'),
      1048576,
    ),
    // Auto replies (relay/autoreplies): the relay's passive reply to a follower, stored as an outbound message.
    bool(
      'wxm_Automatic',
      label('Automatic Reply', '自动回复'),
      label(
        'Yes: the relay answered with an auto-reply rule (a passive reply, not counted in the reply window).',
        '是：中继按自动回复规则回复（被动回复，不计入回复窗口）。',
      ),
      { yes: label('Automatic', '自动'), no: label('Manual', '人工'), defaultValue: false },
    ),
  ],
  keys: [
    {
      schemaName: 'wxm_message_account_msgid',
      displayName: label('Account and WeChat Message ID', '公众号与微信消息 ID'),
      columns: ['wxm_officialaccountid', 'wxm_wechatmsgid'],
    },
  ],
};

export default message;
