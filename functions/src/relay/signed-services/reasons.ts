/**
 * The status reasons a Signed Service can show, in English and Chinese, each telling an admin what to do.
 * The code goes to wxm_statusreasoncode, the texts to wxm_statusreasonen / wxm_statusreasonzh.
 */

export type ReasonCode =
  | 'connected'
  | 'agreement-not-accepted'
  | 'missing-fields'
  | 'invalid-fields'
  | 'cloud-mismatch'
  | 'invalid-secret'
  | 'app-not-found'
  | 'tenant-not-found'
  | 'app-user-missing'
  | 'role-missing'
  | 'environment-unreachable'
  | 'environment-mismatch'
  | 'binding-token-invalid'
  | 'account-not-authorized'
  | 'revoked'
  | 'environment-not-allowed'
  | 'moved'
  /** The row asked for a change that failed: the connection keeps working as before (see changeNotApplied). */
  | 'change-not-applied';

export const REASONS: Record<ReasonCode, { en: string; zh: string }> = {
  connected: {
    en: 'Connected: messages of this Official Account are written to this environment.',
    zh: '已连接：该公众号的消息将写入此环境。',
  },
  'agreement-not-accepted': {
    en: 'Not connected: tick the agreement and save to hand the relay this application user.',
    zh: '未连接：请勾选协议并保存，将此应用程序用户交给中继服务使用。',
  },
  'missing-fields': {
    en: 'Not connected: fill in the directory (tenant) ID, application (client) ID, client secret, environment URL and AppId.',
    zh: '未连接：请填写目录（租户）ID、应用程序（客户端）ID、客户端密码、环境地址和 AppId。',
  },
  'invalid-fields': {
    en: 'Not connected: the directory (tenant) ID and application (client) ID must be GUIDs, and the environment URL an https address such as https://contoso.crm.dynamics.com.',
    zh: '未连接：目录（租户）ID 和应用程序（客户端）ID 必须是 GUID，环境地址必须是 https 地址，例如 https://contoso.crm.dynamics.com。',
  },
  'cloud-mismatch': {
    en: 'The environment URL does not belong to the chosen cloud: *.crm.dynamics.com is Global, *.crm.dynamics.cn is China (21Vianet). Correct the cloud or the URL.',
    zh: '环境地址与所选的云不一致：*.crm.dynamics.com 属于全球版，*.crm.dynamics.cn 属于中国版（世纪互联）。请更正云或地址。',
  },
  'invalid-secret': {
    en: 'The client secret is wrong or expired. Create a new one in Azure (App registrations → Certificates & secrets) and save it here.',
    zh: '客户端密码错误或已过期。请在 Azure（应用注册 → 证书和密码）中新建一个密码并在此保存。',
  },
  'app-not-found': {
    en: 'No application with this client ID exists in the directory. Check the application (client) ID and the directory (tenant) ID.',
    zh: '该目录中不存在此客户端 ID 的应用程序。请检查应用程序（客户端）ID 和目录（租户）ID。',
  },
  'tenant-not-found': {
    en: 'The directory (tenant) ID was not found in this cloud. Check the ID, and the cloud (Global or China).',
    zh: '在此云中找不到该目录（租户）ID。请检查 ID 以及所选的云（全球版或中国版）。',
  },
  'app-user-missing': {
    en: 'The application is not a user of this environment. Create an application user for its client ID (Settings → Security → Application users).',
    zh: '该应用程序不是此环境的用户。请为其客户端 ID 新建应用程序用户（设置 → 安全 → 应用程序用户）。',
  },
  'role-missing': {
    en: 'The application user lacks privileges. Give it the Wechat Marketing Relay role (Manage roles).',
    zh: '应用程序用户权限不足。请为其分配 Wechat Marketing Relay 角色（管理角色）。',
  },
  'environment-unreachable': {
    en: "The environment URL cannot be reached. Use this environment's address, e.g. https://contoso.crm.dynamics.com (global) or https://contoso.crm.dynamics.cn (China).",
    zh: '无法访问环境地址。请使用此环境的地址，例如 https://contoso.crm.dynamics.com（全球版）或 https://contoso.crm.dynamics.cn（中国版）。',
  },
  'environment-mismatch': {
    en: 'The environment URL belongs to another environment. Enter the address of the environment this record is in.',
    zh: '环境地址指向了另一个环境。请填写此记录所在环境的地址。',
  },
  'binding-token-invalid': {
    en: 'The binding token is wrong, expired or already used, or belongs to another AppId. Authorize the account again from Start To Use to get a new one.',
    zh: '设置令牌错误、已过期、已被使用，或属于其他 AppId。请通过“开通服务”重新授权以获取新的令牌。',
  },
  'account-not-authorized': {
    en: 'This AppId has not authorized Wechat Marketing, or revoked it. Authorize it from Start To Use first.',
    zh: '此 AppId 尚未授权微信营销，或已取消授权。请先通过“开通服务”完成授权。',
  },
  revoked: {
    en: 'Revoked: the agreement was unticked. The relay deleted these credentials and writes nothing more to this environment.',
    zh: '已撤销：协议已取消勾选。中继服务已删除这些凭据，不会再向此环境写入任何内容。',
  },
  'environment-not-allowed': {
    en: 'Not connected: environment URL not allowed. The relay connects only to https://<org>.crm.dynamics.com (Global, also crm2 … crm21) or https://<org>.crm.dynamics.cn (China), without a port or an IP address.',
    zh: '未连接：环境地址不被允许。中继服务只连接 https://<组织>.crm.dynamics.com（全球版，也包括 crm2 … crm21）或 https://<组织>.crm.dynamics.cn（中国版），地址中不能带端口或 IP 地址。',
  },
  moved: {
    en: 'Moved (revoked here): this Official Account was connected to another environment with a binding token issued for that environment. Its messages are no longer written here.',
    zh: '已迁移（此处已撤销）：该公众号已凭为另一环境签发的设置令牌连接到该环境，其消息不再写入此处。',
  },
  'change-not-applied': {
    en: 'Change not applied. The connection keeps working with the credentials saved before.',
    zh: '更改未生效。连接继续使用之前保存的凭据。',
  },
};

const NOT_CONNECTED = { en: /^Not connected: /, zh: /^未连接：/ };

/**
 * The texts of a reason; for 'change-not-applied', "Change not applied: <why>" with the reason of the change
 * that failed (the connection itself is untouched).
 */
export function reasonText(reason: ReasonCode, changeReason?: ReasonCode): { en: string; zh: string } {
  if (reason !== 'change-not-applied' || !changeReason || changeReason === 'change-not-applied') return REASONS[reason];
  const why = REASONS[changeReason];
  return {
    en: `Change not applied: ${why.en.replace(NOT_CONNECTED.en, '')} The connection keeps working with the credentials saved before.`,
    zh: `更改未生效：${why.zh.replace(NOT_CONNECTED.zh, '')}连接继续使用之前保存的凭据。`,
  };
}

/** The reason code as written to wxm_statusreasoncode and shown by the status endpoint. */
export function reasonCode(reason: ReasonCode, changeReason?: ReasonCode): string {
  return reason === 'change-not-applied' && changeReason ? `${reason}:${changeReason}` : reason;
}
