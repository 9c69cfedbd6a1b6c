/** The message form, and the quick-create form operators use to write a reply. */
import { label } from '../dsl/labels.js';
import type { FormDef } from '../dsl/types.js';

const forms: FormDef[] = [
  {
    id: 'wxm_message_main',
    type: 'main',
    name: label('Message', '消息'),
    description: label('A message or event with its delivery details.', '一条消息或事件及其投递详情。'),
    header: ['wxm_direction', 'wxm_deliverystatus', 'createdon'],
    tabs: [
      {
        id: 'message',
        label: label('Message', '消息'),
        sections: [
          {
            id: 'message',
            label: label('Message', '消息'),
            cells: ['wxm_followerid', 'wxm_officialaccountid', 'wxm_messagetype', { column: 'wxm_content', rowSpan: 6 }, 'wxm_title', 'wxm_mediaurl'],
          },
          {
            id: 'delivery',
            label: label('Delivery', '投递'),
            cells: [
              { column: 'wxm_deliverystatus', readOnly: true },
              { column: 'wxm_senton', readOnly: true },
              { column: 'wxm_errorcode', readOnly: true },
              { column: 'wxm_errordetail', readOnly: true },
            ],
          },
        ],
      },
      {
        id: 'wechat',
        label: label('WeChat Details', '微信详情'),
        sections: [
          {
            id: 'wechat',
            label: label('WeChat Details', '微信详情'),
            cells: [
              'wxm_name',
              'wxm_direction',
              'wxm_wechatmsgid',
              'wxm_wechatcreatedon',
              'wxm_mediaid',
              'wxm_thumbmediaid',
              'wxm_event',
              'wxm_eventkey',
              'wxm_latitude',
              'wxm_longitude',
            ],
          },
        ],
      },
    ],
  },
  {
    id: 'wxm_message_quickcreate',
    type: 'quickCreate',
    name: label('Reply', '回复'),
    description: label('Write a message to a follower; the relay sends it.', '给粉丝写一条消息，由中继服务发送。'),
    tabs: [
      {
        id: 'reply',
        label: label('Reply', '回复'),
        sections: [
          {
            id: 'reply',
            label: label('Reply', '回复'),
            cells: ['wxm_followerid', 'wxm_officialaccountid', 'wxm_messagetype', { column: 'wxm_content', rowSpan: 6 }],
          },
        ],
      },
    ],
  },
];

export default forms;
