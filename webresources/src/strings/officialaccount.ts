/** The Official Account form: authorization status, permissions against what the product needs, verification, delivery errors. */
const en = {
  'oa.authorized': 'Authorized to Wechat Marketing since {date}.',
  'oa.authorizedNoDate': 'Authorized to Wechat Marketing.',
  'oa.unauthorized': 'The authorization was cancelled in WeChat: this account’s messages no longer arrive. Authorize it again from Start To Use.',
  'oa.needsAttention': 'This account needs attention: check its permissions and the last delivery error.',
  'oa.permissionsAll': 'Permissions: all {count} required permission sets are granted ({names}).',
  'oa.permissionsMissing':
    'Permissions: {granted} of {count} required permission sets granted. Missing: {names}. Authorize again from Start To Use and keep them ticked.',
  'oa.permissionsUnknown': 'Permissions: not reported by the relay yet.',
  'oa.verified': 'Verification: {type}.',
  'oa.unverified':
    'Verification: not verified by WeChat. WeChat gives customer-service messages, which replies from Dynamics 365 use, to verified accounts only.',
  'oa.lastError': 'Last delivery error ({date}): {error}',
  'oa.lastErrorNoDate': 'Last delivery error: {error}',
} as const satisfies Record<string, string>;

const zh: Record<keyof typeof en, string> = {
  'oa.authorized': '自 {date} 起已授权给微信营销。',
  'oa.authorizedNoDate': '已授权给微信营销。',
  'oa.unauthorized': '该账号已在微信中取消授权，其消息将不再进入。请通过“开通服务”重新授权。',
  'oa.needsAttention': '该账号需要处理：请检查其权限和最近的投递错误。',
  'oa.permissionsAll': '权限：全部 {count} 个必需的权限集均已授予（{names}）。',
  'oa.permissionsMissing': '权限：{count} 个必需的权限集中已授予 {granted} 个。缺少：{names}。请通过“开通服务”重新授权并保持勾选。',
  'oa.permissionsUnknown': '权限：中继服务尚未报告。',
  'oa.verified': '认证：{type}。',
  'oa.unverified': '认证：未通过微信认证。从 Dynamics 365 回复所用的客服消息接口仅向已认证的账号开放。',
  'oa.lastError': '最近投递错误（{date}）：{error}',
  'oa.lastErrorNoDate': '最近投递错误：{error}',
};

export const officialAccount = { en, zh };
