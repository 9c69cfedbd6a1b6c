/** What a broadcast sends: text, an image, voice or video (a media id), or an article made here (draft/add). */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const broadcastContent: OptionSetDef = {
  name: 'wxm_broadcastcontent',
  codeName: 'BroadcastContent',
  displayName: label('Content Type', '内容类型'),
  description: label('The kind of message the broadcast sends.', '群发消息的类型。'),
  options: [
    { value: 472610000, name: 'Text', label: label('Text', '文本') },
    { value: 472610001, name: 'Image', label: label('Image', '图片') },
    { value: 472610002, name: 'Voice', label: label('Voice', '语音') },
    { value: 472610003, name: 'Video', label: label('Video', '视频') },
    { value: 472610004, name: 'Article', label: label('Article', '图文') },
  ],
};

export default broadcastContent;
