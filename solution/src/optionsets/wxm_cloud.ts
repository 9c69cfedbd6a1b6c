/** Which Microsoft cloud the customer's Dataverse lives in: decides sign-in authority and org host. */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const cloud: OptionSetDef = {
  name: 'wxm_cloud',
  codeName: 'Cloud',
  displayName: label('Cloud', '云'),
  description: label(
    'Global (login.microsoftonline.com, *.crm.dynamics.com) or China operated by 21Vianet (login.chinacloudapi.cn, *.crm.dynamics.cn).',
    '全球版（login.microsoftonline.com，*.crm.dynamics.com）或由世纪互联运营的中国版（login.chinacloudapi.cn，*.crm.dynamics.cn）。',
  ),
  options: [
    { value: 472610000, name: 'Global', label: label('Global', '全球版'), externalValue: 'Global' },
    { value: 472610001, name: 'China', label: label('China (21Vianet)', '中国版（世纪互联）'), externalValue: 'China' },
  ],
};

export default cloud;
