/** WeChat message types; externalValue is the MsgType / msgtype string WeChat uses. */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const messageType: OptionSetDef = {
  name: 'wxm_messagetype',
  codeName: 'MessageType',
  displayName: label('Message Type', '消息类型'),
  description: label('The kind of WeChat message or event.', '微信消息或事件的类型。'),
  options: [
    { value: 472610000, name: 'Text', label: label('Text', '文本'), externalValue: 'text' },
    { value: 472610001, name: 'Image', label: label('Image', '图片'), externalValue: 'image' },
    { value: 472610002, name: 'Voice', label: label('Voice', '语音'), externalValue: 'voice' },
    { value: 472610003, name: 'Video', label: label('Video', '视频'), externalValue: 'video' },
    { value: 472610004, name: 'ShortVideo', label: label('Short Video', '小视频'), externalValue: 'shortvideo' },
    { value: 472610005, name: 'Location', label: label('Location', '位置'), externalValue: 'location' },
    { value: 472610006, name: 'Link', label: label('Link', '链接'), externalValue: 'link' },
    { value: 472610007, name: 'Event', label: label('Event', '事件'), externalValue: 'event' },
    { value: 472610008, name: 'News', label: label('Article', '图文'), externalValue: 'news' },
    { value: 472610009, name: 'Music', label: label('Music', '音乐'), externalValue: 'music' },
    { value: 472610010, name: 'MiniProgramPage', label: label('Mini Program Card', '小程序卡片'), externalValue: 'miniprogrampage' },
    { value: 472610011, name: 'Template', label: label('Template Message', '模板消息'), externalValue: 'template' },
    { value: 472610099, name: 'Unknown', label: label('Other', '其他'), externalValue: 'unknown' },
  ],
};

export default messageType;
