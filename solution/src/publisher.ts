/** The publisher that owns every component: prefix `wxm`, option values 472610000–472619999. */
import { label } from './dsl/labels.js';
import type { PublisherDef } from './dsl/types-components.js';

const publisher: PublisherDef = {
  uniqueName: 'wechatmarketing',
  displayName: label('Wechat Marketing', '微信营销'),
  description: label('Publisher of the Wechat Marketing solution for Dynamics 365.', 'Dynamics 365 微信营销解决方案的发布者。'),
  prefix: 'wxm',
  // Chosen once and never changed: every choice value in the solution is 47261 * 10000 + n.
  optionValuePrefix: 47261,
  website: 'https://wechatmarketing.example',
};

export default publisher;
