/** What a parametric QR code is for: a marketing channel, a follower's referral code, or a single-use binding code. */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const qrPurpose: OptionSetDef = {
  name: 'wxm_qrpurpose',
  codeName: 'QrPurpose',
  displayName: label('QR Code Purpose', '二维码用途'),
  description: label('What a parametric QR code is for.', '带参数二维码的用途。'),
  options: [
    { value: 472610000, name: 'Channel', label: label('Channel', '渠道') },
    { value: 472610001, name: 'Referral', label: label('Referral', '裂变推荐') },
    { value: 472610002, name: 'Binding', label: label('Binding', '绑定') },
  ],
};

export default qrPurpose;
