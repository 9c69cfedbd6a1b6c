/** A user's answer for one subscription template: accepted (may receive it) or rejected (turned off, refused, used up). */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const consentStatus: OptionSetDef = {
  name: 'wxm_consentstatus',
  codeName: 'ConsentStatus',
  displayName: label('Consent', '订阅状态'),
  description: label('Whether the user accepted the subscription template.', '用户是否同意接收此订阅模板。'),
  options: [
    { value: 472610000, name: 'Accepted', label: label('Accepted', '已同意') },
    { value: 472610001, name: 'Rejected', label: label('Rejected', '已拒绝') },
  ],
};

export default consentStatus;
