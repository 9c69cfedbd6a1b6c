/** The solution manifest: unique name and the names an admin sees in the solutions list. */
import { label } from './dsl/labels.js';
import type { SolutionManifestDef } from './dsl/types-components.js';

const solution: SolutionManifestDef = {
  uniqueName: 'WechatMarketing',
  displayName: label('Wechat Marketing', '微信营销'),
  description: label(
    'Run WeChat Official Accounts from Dynamics 365: followers, conversations and replies, through the Wechat Marketing relay.',
    '在 Dynamics 365 中运营微信公众号：通过微信营销中继服务管理粉丝、会话与回复。',
  ),
};

export default solution;
