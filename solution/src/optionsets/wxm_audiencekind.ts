/** Who a broadcast goes to: every follower, the followers of a tag, or those of a saved view or marketing list. */
import { label } from '../dsl/labels.js';
import type { OptionSetDef } from '../dsl/types-components.js';

const audienceKind: OptionSetDef = {
  name: 'wxm_audiencekind',
  codeName: 'AudienceKind',
  displayName: label('Audience', '受众'),
  description: label('Everyone, a WeChat tag, a saved view or a static marketing list.', '全部粉丝、微信标签、系统视图或静态营销列表。'),
  options: [
    { value: 472610000, name: 'Everyone', label: label('Everyone', '全部粉丝') },
    { value: 472610001, name: 'Tag', label: label('WeChat Tag', '微信标签') },
    { value: 472610002, name: 'View', label: label('View', '视图') },
    { value: 472610003, name: 'MarketingList', label: label('Marketing List', '营销列表') },
  ],
};

export default audienceKind;
