/**
 * The QR code form: what the code is for and how long it lives (editable), what WeChat returned and the counts
 * (read-only); its script (webresources/src/forms/qrcode) shows the code's state and opens the QR display.
 */
import { label } from '../dsl/labels.js';
import type { FormDef } from '../dsl/types.js';

const readOnly = (column: string) => ({ column, readOnly: true });

const forms: FormDef[] = [
  {
    id: 'wxm_qrcode_main',
    type: 'main',
    name: label('WeChat QR Code', '微信二维码'),
    description: label('A parametric QR code, what WeChat returned and its scan counts.', '带参数二维码、微信返回的信息及扫码统计。'),
    header: ['wxm_state', 'wxm_scancount', 'wxm_newfollowercount', 'wxm_stillfollowing'],
    // State, reason and counts as notifications, and "Show QR code · Download PNG" opening the QR display.
    libraries: ['wxm_/forms/qrcode.js'],
    events: [{ event: 'onload', handlers: [{ library: 'wxm_/forms/qrcode.js', functionName: 'WechatMarketing.QrCode.onLoad' }] }],
    tabs: [
      {
        id: 'general',
        label: label('General', '常规'),
        sections: [
          {
            id: 'code',
            label: label('Code', '二维码'),
            cells: [
              { column: 'wxm_name' },
              { column: 'wxm_officialaccountid' },
              { column: 'wxm_purpose' },
              { column: 'wxm_permanent' },
              { column: 'wxm_expireseconds' },
              { column: 'wxm_scene' },
              { column: 'wxm_campaignid' },
              { column: 'wxm_employeeid' },
            ],
          },
          {
            id: 'wechat',
            label: label('WeChat', '微信'),
            cells: [
              readOnly('wxm_state'),
              readOnly('wxm_failurereason'),
              readOnly('wxm_ticket'),
              readOnly('wxm_url'),
              readOnly('wxm_imageurl'),
              readOnly('wxm_expireson'),
            ],
          },
          {
            id: 'counts',
            label: label('Scans', '扫码统计'),
            cells: [readOnly('wxm_scancount'), readOnly('wxm_newfollowercount'), readOnly('wxm_stillfollowing')],
          },
          {
            id: 'referral',
            label: label('Referral', '裂变推荐'),
            cells: [{ column: 'wxm_referrerid' }, { column: 'wxm_referralprogramid' }],
          },
        ],
      },
    ],
  },
];

export default forms;
