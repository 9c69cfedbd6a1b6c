/**
 * The signed service form follows the admin's steps: the app registration, the environment, the
 * account to bind, the agreement, then what the relay reported back. Its script (webresources/src/forms/
 * signedservice) shows the live status and the setup steps, and asks before unticking the agreement revokes.
 */
import { label } from '../dsl/labels.js';
import type { FormDef, FormHandlerDef } from '../dsl/types.js';

const SCRIPT = 'wxm_/forms/signedservice.js';
const handler = (name: string): FormHandlerDef => ({ library: SCRIPT, functionName: `WechatMarketing.SignedService.${name}` });

const forms: FormDef[] = [
  {
    id: 'wxm_signedservice_main',
    type: 'main',
    name: label('Signed Service', '已注册的服务'),
    description: label('Hands the relay an application user for this environment.', '为中继服务提供本环境的应用程序用户。'),
    header: ['wxm_connectionstatus', 'wxm_cloud', 'wxm_lastcheckedon'],
    libraries: [SCRIPT],
    events: [
      { event: 'onload', handlers: [handler('onLoad')] },
      { event: 'onsave', handlers: [handler('onSave')] },
      { event: 'onchange', column: 'wxm_agreementaccepted', handlers: [handler('onAgreementChange')] },
      { event: 'onchange', column: 'wxm_cloud', handlers: [handler('onCloudChange')] },
    ],
    tabs: [
      {
        id: 'general',
        label: label('General', '常规'),
        sections: [
          {
            id: 'application',
            label: label('Azure AD Application', 'Azure AD 应用程序'),
            cells: ['wxm_name', 'wxm_cloud', 'wxm_environmenturl', 'wxm_tenantid', 'wxm_clientid', 'wxm_clientsecret'],
          },
          {
            id: 'account',
            label: label('Official Account', '公众号'),
            cells: ['wxm_appid', 'wxm_bindingtoken', { column: 'wxm_officialaccountid', readOnly: true }, 'wxm_contactmatchcolumn'],
          },
          {
            id: 'agreement',
            label: label('Agreement', '协议'),
            cells: ['wxm_agreementaccepted'],
          },
          {
            id: 'status',
            label: label('Connection', '连接'),
            cells: [
              { column: 'wxm_connectionstatus', readOnly: true },
              { column: 'wxm_lastcheckedon', readOnly: true },
              { column: 'wxm_statusreasonen', readOnly: true },
              { column: 'wxm_statusreasonzh', readOnly: true },
              { column: 'wxm_statusreasoncode', readOnly: true },
            ],
          },
        ],
      },
    ],
  },
];

export default forms;
