/**
 * A signed service hands the relay an Azure AD application user for this Dataverse environment.
 * An admin creates it; the relay reads it, takes the secret, blanks it and reports the status.
 */
import { bool, choice, dateTime, lookup, text } from '../dsl/columns.js';
import { label } from '../dsl/labels.js';
import type { TableDef } from '../dsl/types.js';

const signedService: TableDef = {
  schemaName: 'wxm_SignedService',
  entitySetName: 'wxm_signedservices',
  displayName: label('Signed Service', '已注册的服务'),
  pluralName: label('Signed Services', '已注册的服务'),
  description: label(
    'Gives the Wechat Marketing relay an application user to write into this environment.',
    '为微信营销中继服务提供写入本环境所用的应用程序用户。',
  ),
  ownership: 'OrganizationOwned',
  hasNotes: false,
  quickCreate: false,
  audit: true,
  primaryName: text('wxm_Name', label('Name', '名称'), label('A name for this connection.', '此连接的名称。'), 100, { required: 'required' }),
  columns: [
    // Directory (tenant) ID is a GUID, but admins also paste the domain (contoso.onmicrosoft.com).
    text(
      'wxm_TenantId',
      label('Directory (Tenant) ID', '目录（租户）ID'),
      label('Azure AD directory of the app registration.', '应用注册所在的 Azure AD 目录。'),
      100,
      { required: 'required' },
    ),
    text(
      'wxm_ClientId',
      label('Application (Client) ID', '应用程序（客户端）ID'),
      label('Application ID of the app registration.', '应用注册的应用程序 ID。'),
      100,
      { required: 'required' },
    ),
    text(
      'wxm_ClientSecret',
      label('Client Secret', '客户端密码'),
      label('Secret of the app registration. The relay stores it encrypted and clears this field.', '应用注册的密码。中继服务加密保存后会清空此字段。'),
      255,
      { secured: true },
    ),
    text(
      'wxm_EnvironmentUrl',
      label('Environment URL', '环境地址'),
      label(
        'This environment, e.g. https://contoso.crm.dynamics.com or https://contoso.crm.dynamics.cn.',
        '本环境地址，例如 https://contoso.crm.dynamics.com 或 https://contoso.crm.dynamics.cn。',
      ),
      200,
      { required: 'required', format: 'url' },
    ),
    choice('wxm_Cloud', label('Cloud', '云'), label('Global, or China operated by 21Vianet.', '全球版，或由世纪互联运营的中国版。'), 'wxm_cloud', {
      required: 'required',
      defaultValue: 472610000,
    }),
    text(
      'wxm_AppId',
      label('Official Account AppID', '公众号 AppID'),
      label('AppID shown on the authorization result page.', '授权结果页上显示的 AppID。'),
      32,
    ),
    text(
      'wxm_BindingToken',
      label('Binding Token', '绑定令牌'),
      label('Token shown on the authorization result page; proves the account was authorized by you.', '授权结果页上显示的令牌，用于证明公众号由您授权。'),
      100,
      { secured: true },
    ),
    text(
      'wxm_ContactMatchColumn',
      label('Contact Match Column', '联系人匹配列'),
      label(
        'Optional: logical name of a Contact column holding the WeChat unionid (or openid); followers are linked to the matching Contact.',
        '可选：联系人中保存微信 unionid（或 openid）的列的逻辑名称；粉丝将关联到匹配的联系人。',
      ),
      100,
    ),
    bool(
      'wxm_AgreementAccepted',
      label('I have read and agree to the agreement', '我已阅读并同意协议'),
      label("Untick and save to revoke the relay's access.", '取消勾选并保存即可撤销中继服务的访问权限。'),
      {
        yes: label('Yes', '是'),
        no: label('No', '否'),
        defaultValue: false,
      },
    ),
    choice('wxm_ConnectionStatus', label('Connection Status', '连接状态'), label('Set by the relay.', '由中继服务设置。'), 'wxm_connectionstatus', {
      defaultValue: 472610000,
    }),
    text(
      'wxm_StatusReasonCode',
      label('Status Reason Code', '状态原因代码'),
      label('Machine-readable reason, e.g. invalid_client_secret.', '机器可读的原因，例如 invalid_client_secret。'),
      100,
    ),
    text(
      'wxm_StatusReasonEn',
      label('Status Reason (English)', '状态原因（英文）'),
      label('What happened and what to do, in English.', '发生了什么以及如何处理（英文）。'),
      2000,
    ),
    text(
      'wxm_StatusReasonZh',
      label('Status Reason (Chinese)', '状态原因（中文）'),
      label('What happened and what to do, in Chinese.', '发生了什么以及如何处理（中文）。'),
      2000,
    ),
    dateTime(
      'wxm_LastCheckedOn',
      label('Last Checked On', '最近检查时间'),
      label('When the relay last checked the connection.', '中继服务最近检查连接的时间。'),
    ),
    lookup(
      'wxm_OfficialAccountId',
      label('Official Account', '公众号'),
      label('The account bound to this environment through this service.', '通过此服务绑定到本环境的公众号。'),
      {
        table: 'wxm_officialaccount',
        relationship: 'wxm_officialaccount_wxm_signedservice',
        cascadeDelete: 'RemoveLink',
      },
    ),
  ],
  keys: [],
};

export default signedService;
