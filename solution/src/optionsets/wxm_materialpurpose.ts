/** What a material is uploaded for; it picks WeChat's endpoint (temporary media, permanent material, article image). */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const materialPurpose: OptionSetDef = {
  name: 'wxm_materialpurpose',
  codeName: 'MaterialPurpose',
  displayName: label('Material Purpose', '素材用途'),
  description: label(
    'Temporary media (3 days), permanent material, an image inside an article, or an article cover (thumb).',
    '临时素材（3 天）、永久素材、图文消息内的图片，或图文封面（缩略图）。',
  ),
  options: [
    { value: 472610000, name: 'Temporary', label: label('Temporary (3 days)', '临时素材（3 天）') },
    { value: 472610001, name: 'Permanent', label: label('Permanent', '永久素材') },
    { value: 472610002, name: 'ArticleImage', label: label('Image in an Article', '图文内图片') },
    { value: 472610003, name: 'Thumb', label: label('Article Cover (Thumb)', '图文封面（缩略图）') },
  ],
};

export default materialPurpose;
