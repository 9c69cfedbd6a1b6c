/** The tag form: name and account (editable), what WeChat holds (read-only), the audience it follows, and its followers. */
import { label } from '../dsl/labels.js';
import type { FormDef } from '../dsl/types.js';

const readOnly = (column: string) => ({ column, readOnly: true });

const forms: FormDef[] = [
  {
    id: 'wxm_tag_main',
    type: 'main',
    name: label('WeChat Tag', '微信标签'),
    description: label('A WeChat tag, its state in WeChat, its audience and its followers.', '微信标签、其在微信中的状态、受众及粉丝。'),
    header: ['wxm_officialaccountid', 'wxm_state', 'wxm_followercount'],
    tabs: [
      {
        id: 'general',
        label: label('General', '常规'),
        sections: [
          {
            id: 'tag',
            label: label('Tag', '标签'),
            cells: [{ column: 'wxm_name' }, { column: 'wxm_officialaccountid' }],
          },
          {
            id: 'wechat',
            label: label('WeChat', '微信'),
            cells: [readOnly('wxm_wechattagid'), readOnly('wxm_state'), readOnly('wxm_failurereason'), readOnly('wxm_followercount')],
          },
          {
            // An audience tag: the relay keeps the tag on exactly the followers of the list or view.
            id: 'audience',
            label: label('Audience', '受众'),
            cells: [{ column: 'wxm_audiencelistid' }, { column: 'wxm_audienceviewid' }, readOnly('wxm_audiencesyncedon')],
          },
          {
            id: 'followers',
            label: label('Followers', '粉丝'),
            cells: [
              {
                subgrid: {
                  id: 'tag_followers',
                  label: label('Followers', '粉丝'),
                  table: 'wxm_follower',
                  relationship: 'wxm_follower_wxm_tag',
                  view: 'wxm_follower_associated',
                  rows: 10,
                },
              },
            ],
          },
        ],
      },
    ],
  },
];

export default forms;
