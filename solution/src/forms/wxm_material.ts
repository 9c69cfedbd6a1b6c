/**
 * The material form: the file and what it is for (editable; the file is a note on the row), what WeChat returned
 * (read-only). Its script (webresources/src/forms/material) offers Choose file… / Upload and Delete from WeChat as
 * buttons, shows each step and WeChat's answer, again after every refresh.
 */
import { label } from '../dsl/labels.js';
import type { FormDef } from '../dsl/types.js';

const readOnly = (column: string) => ({ column, readOnly: true });

const forms: FormDef[] = [
  {
    id: 'wxm_material_main',
    type: 'main',
    name: label('WeChat Material', '微信素材'),
    description: label('A file uploaded to WeChat and the media id WeChat returned.', '上传到微信的文件及微信返回的 media_id。'),
    header: ['wxm_state', 'wxm_mediaid', 'wxm_expireson'],
    libraries: ['wxm_/forms/material.js'],
    events: [{ event: 'onload', handlers: [{ library: 'wxm_/forms/material.js', functionName: 'WechatMarketing.Material.onLoad' }] }],
    tabs: [
      {
        id: 'general',
        label: label('General', '常规'),
        sections: [
          {
            id: 'material',
            label: label('Material', '素材'),
            cells: [
              { column: 'wxm_name' },
              { column: 'wxm_officialaccountid' },
              { column: 'wxm_purpose' },
              { column: 'wxm_mediatype' },
              { column: 'wxm_title' },
              { column: 'wxm_introduction' },
            ],
          },
          {
            id: 'file',
            label: label('File', '文件'),
            cells: [{ column: 'wxm_annotationid' }, { column: 'wxm_uploadrequestedon' }],
          },
          {
            id: 'wechat',
            label: label('WeChat', '微信'),
            cells: [
              readOnly('wxm_state'),
              readOnly('wxm_failurereason'),
              readOnly('wxm_mediaid'),
              readOnly('wxm_url'),
              readOnly('wxm_expireson'),
              readOnly('wxm_uploadedon'),
              readOnly('wxm_deletedon'),
              readOnly('wxm_filename'),
              readOnly('wxm_filesize'),
            ],
          },
        ],
      },
    ],
  },
];

export default forms;
