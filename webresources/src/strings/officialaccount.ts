/**
 * The Official Account form: authorization status, permissions against what the product needs, what the account can
 * use per feature, Update authorization, verification, delivery errors, and today's API quota with Reset quota.
 */
const en = {
  'oa.authorized': 'Authorized to Wechat Marketing since {date}.',
  'oa.authorizedNoDate': 'Authorized to Wechat Marketing.',
  'oa.unauthorized': 'The authorization was cancelled in WeChat: this account’s messages no longer arrive. Authorize it again from Start To Use.',
  'oa.needsAttention': 'This account needs attention: check its permissions and the last delivery error.',
  'oa.permissionsAll': 'Permissions: all {count} required permission sets are granted ({names}).',
  'oa.permissionsMissing':
    'Permissions: {granted} of {count} required permission sets granted. Missing: {names}. Use Update authorization and keep them ticked.',
  'oa.permissionsUnknown': 'Permissions: not reported by the relay yet.',
  'oa.verified': 'Verification: {type}.',
  'oa.unverified':
    'Verification: not verified by WeChat. WeChat gives customer-service messages, which replies from Dynamics 365 use, to verified accounts only.',
  'oa.lastError': 'Last delivery error ({date}): {error}',
  'oa.lastErrorNoDate': 'Last delivery error: {error}',
  'oa.featuresAvailable': 'Can use: {features}.',
  'oa.featuresNone': 'Can use: none of the marketing features yet.',
  'oa.featureUnavailable': 'Cannot use {feature}: {reasons}.',
  'oa.exclusiveElsewhere':
    'Permission set {id} ({name}) is not granted to Wechat Marketing. Only one platform may hold it, so another platform probably does. Disabled here: {features}. To use them, cancel the set on that platform, then use Update authorization.',
  'oa.updateAuthorization': 'Add permission sets by authorizing this account again: its connection, followers and messages stay.',
  'oa.updateAuthorizationAction': 'Update authorization',
  'oa.quotaNever': 'API quota: not read yet. Use Check quota to read today’s use from WeChat.',
  'oa.quota': 'API quota today (read {date}): {lines}.',
  'oa.quotaLine': '{api} {used} of {limit} used ({remain} left)',
  'oa.quotaUntracked': '{api}: no daily quota',
  'oa.quotaError': '{api}: WeChat answered {code}',
  'oa.quotaCheck': 'Read today’s use of the APIs Wechat Marketing calls from WeChat.',
  'oa.quotaCheckAction': 'Check quota',
  'oa.quotaWaiting': 'Asked the relay at {date}; waiting for WeChat’s answer…',
  'oa.quotaTimeout': 'The relay has not answered yet: the result appears here when the form is opened again.',
  'oa.quotaResets': 'Quota resets this month (Beijing time): {used} of 10 used.',
  'oa.quotaResetsLast': 'Quota resets this month (Beijing time): {used} of 10 used. Last reset: {result}',
  'oa.quotaReset': 'Reset today’s counts of every API of this account ({left} of 10 resets left this month).',
  'oa.quotaResetAction': 'Reset quota',
  'oa.quotaResetTitle': 'Reset the API quota?',
  'oa.quotaResetText': 'WeChat sets today’s counts of every API of {name} back to zero. An account can do this 10 times a month; {left} left this month.',
  'oa.quotaResetConfirm': 'Reset',
  'oa.quotaResetCancel': 'Cancel',
  'oa.messagePush':
    'Mini Program message push (消息推送): WeChat pushes this Mini Program’s messages and events (subscribe message consents and receipts) to {url} through the third-party platform. Token and EncodingAESKey: the platform’s own, held by the relay (never shown in Dynamics). Encryption: secure mode, the only mode a third-party platform may use; data format XML. Nothing to paste in the Mini Program’s console while it is authorized to Wechat Marketing.',
  'oa.messagePushNoRelay':
    'Mini Program message push (消息推送): the relay address (environment variable wxm_RelayUrl) is not set, so the server URL cannot be shown.',
} as const satisfies Record<string, string>;

const zh: Record<keyof typeof en, string> = {
  'oa.authorized': '自 {date} 起已授权给微信营销。',
  'oa.authorizedNoDate': '已授权给微信营销。',
  'oa.unauthorized': '该账号已在微信中取消授权，其消息将不再进入。请通过“开通服务”重新授权。',
  'oa.needsAttention': '该账号需要处理：请检查其权限和最近的投递错误。',
  'oa.permissionsAll': '权限：全部 {count} 个必需的权限集均已授予（{names}）。',
  'oa.permissionsMissing': '权限：{count} 个必需的权限集中已授予 {granted} 个。缺少：{names}。请点击“更新授权”并保持勾选。',
  'oa.permissionsUnknown': '权限：中继服务尚未报告。',
  'oa.verified': '认证：{type}。',
  'oa.unverified': '认证：未通过微信认证。从 Dynamics 365 回复所用的客服消息接口仅向已认证的账号开放。',
  'oa.lastError': '最近投递错误（{date}）：{error}',
  'oa.lastErrorNoDate': '最近投递错误：{error}',
  'oa.featuresAvailable': '可以使用：{features}。',
  'oa.featuresNone': '可以使用：暂无可用的营销功能。',
  'oa.featureUnavailable': '无法使用{feature}：{reasons}。',
  'oa.exclusiveElsewhere':
    '权限集 {id}（{name}）未授予微信营销。该权限集只能由一个平台持有，可能已授权给其他平台。此处停用：{features}。如需使用，请先在该平台取消该权限集，再点击“更新授权”。',
  'oa.updateAuthorization': '重新授权此公众号以添加权限集：其连接、粉丝和消息均保持不变。',
  'oa.updateAuthorizationAction': '更新授权',
  'oa.quotaNever': '接口配额：尚未读取。请点击“查询配额”从微信读取今日调用情况。',
  'oa.quota': '今日接口配额（读取于 {date}）：{lines}。',
  'oa.quotaLine': '{api} 已用 {used}/{limit}（剩余 {remain}）',
  'oa.quotaUntracked': '{api}：无每日配额',
  'oa.quotaError': '{api}：微信返回 {code}',
  'oa.quotaCheck': '从微信读取微信营销所调用接口的今日调用情况。',
  'oa.quotaCheckAction': '查询配额',
  'oa.quotaWaiting': '已于 {date} 请求中继服务，正在等待微信答复…',
  'oa.quotaTimeout': '中继服务尚未答复：再次打开表单时将在此显示结果。',
  'oa.quotaResets': '本月（北京时间）配额重置：已使用 {used}/10 次。',
  'oa.quotaResetsLast': '本月（北京时间）配额重置：已使用 {used}/10 次。最近一次：{result}',
  'oa.quotaReset': '重置此公众号所有接口的今日调用次数（本月还剩 {left}/10 次）。',
  'oa.quotaResetAction': '重置配额',
  'oa.quotaResetTitle': '重置接口配额？',
  'oa.quotaResetText': '微信会将 {name} 所有接口的今日调用次数清零。每个公众号每月可重置 10 次；本月还剩 {left} 次。',
  'oa.quotaResetConfirm': '重置',
  'oa.quotaResetCancel': '取消',
  'oa.messagePush':
    '小程序消息推送：微信通过第三方平台将该小程序的消息与事件（订阅消息的授权与回执）推送到 {url}。Token 与 EncodingAESKey：第三方平台自身的值，由中继服务保管（不在 Dynamics 中显示）。消息加解密方式：安全模式（第三方平台仅允许此模式）；数据格式 XML。授权给微信营销期间，无需在小程序后台填写任何内容。',
  'oa.messagePushNoRelay': '小程序消息推送：未设置中继服务地址（环境变量 wxm_RelayUrl），无法显示服务器地址。',
};

export const officialAccount = { en, zh };
