/** WeChat's media types for uploads (media/upload and material/add_material `type`). */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const mediaType: OptionSetDef = {
  name: 'wxm_mediatype',
  codeName: 'MediaType',
  displayName: label('Media Type', '素材类型'),
  description: label('Image, voice, video or thumb, as WeChat names them.', '图片、语音、视频或缩略图，按微信的分类。'),
  options: [
    { value: 472610000, name: 'Image', label: label('Image', '图片') },
    { value: 472610001, name: 'Voice', label: label('Voice', '语音') },
    { value: 472610002, name: 'Video', label: label('Video', '视频') },
    { value: 472610003, name: 'Thumb', label: label('Thumb', '缩略图') },
  ],
};

export default mediaType;
