/** WeChat's two kinds of parametric QR code: temporary (at most 30 days) or permanent (100,000 per account). */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const qrKind: OptionSetDef = {
  name: 'wxm_qrkind',
  codeName: 'QrKind',
  displayName: label('QR Code Kind', '二维码类型'),
  description: label('Temporary (expires, at most 30 days) or permanent (100,000 per account).', '临时（会过期，最长 30 天）或永久（每个公众号 100,000 个）。'),
  options: [
    { value: 472610000, name: 'Temporary', label: label('Temporary', '临时') },
    { value: 472610001, name: 'Permanent', label: label('Permanent', '永久') },
  ],
};

export default qrKind;
