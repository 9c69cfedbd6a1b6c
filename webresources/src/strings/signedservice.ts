/** The Signed Service form: connection status, the four setup steps per cloud, the secret, revoking. */
const en = {
  'ss.state.pending': 'Pending',
  'ss.state.connected': 'Connected',
  'ss.state.failed': 'Failed',
  'ss.state.revoked': 'Revoked',
  'ss.status': 'Connection: {state}. {reason}',
  'ss.statusNoReason': 'Connection: {state}.',
  'ss.checking': 'Connection: checking… the relay is verifying what you saved.',
  'ss.cloud.global': 'global cloud',
  'ss.cloud.china': 'China cloud operated by 21Vianet',
  'ss.cloudChoice.global': 'Global',
  'ss.cloudChoice.china': 'China (21Vianet)',
  'ss.step1':
    'Step 1 of 4 · Azure app registration ({cloud}): at {portal} open App registrations → New registration (single tenant). Copy its Application (client) ID and Directory (tenant) ID, and create a client secret under Certificates & secrets.',
  'ss.step2':
    'Step 2 of 4 · Application user: in the Power Platform admin center open this environment → Settings → Users + permissions → Application users → New app user, and choose that application.',
  'ss.step3':
    'Step 3 of 4 · Role: give the application user the Wechat Marketing Relay role, and add it to the field security profile Wechat Marketing Relay Secrets.',
  'ss.step4':
    'Step 4 of 4 · This form: cloud “{cloudChoice}”, environment URL like {environment}, the IDs and the secret from step 1, the AppId and binding token from Start To Use; tick the agreement and save.',
  'ss.secretStored': '{label} (stored by the relay)',
  'ss.tokenUsed': '{label} (used by the relay)',
  'ss.revokeTitle': 'Revoke the relay’s access?',
  'ss.revokeText':
    'When you save with the agreement unticked, the relay deletes the credentials of this application user and writes nothing more to this environment: followers’ new messages stop arriving in Dynamics 365.',
  'ss.revokeConfirm': 'Untick to revoke',
  'ss.revokeCancel': 'Keep connected',
  'ss.revokeSave': 'Save the record to revoke the relay’s access. Nothing changes until you save.',
  'ss.reconnect':
    'To connect again, enter a client secret and a new binding token from Start To Use, then save: the relay deleted the old ones when access was revoked.',
} as const satisfies Record<string, string>;

const zh: Record<keyof typeof en, string> = {
  'ss.state.pending': '待连接',
  'ss.state.connected': '已连接',
  'ss.state.failed': '连接失败',
  'ss.state.revoked': '已撤销',
  'ss.status': '连接状态：{state}。{reason}',
  'ss.statusNoReason': '连接状态：{state}。',
  'ss.checking': '连接状态：检查中…中继服务正在验证您保存的信息。',
  'ss.cloud.global': '全球版',
  'ss.cloud.china': '由世纪互联运营的中国版',
  'ss.cloudChoice.global': '全球版',
  'ss.cloudChoice.china': '中国版（世纪互联）',
  'ss.step1':
    '第 1 步，共 4 步 · Azure 应用注册（{cloud}）：在 {portal} 打开“应用注册 → 新注册”（单租户）。复制应用程序（客户端）ID 和目录（租户）ID，并在“证书和密码”中新建客户端密码。',
  'ss.step2': '第 2 步，共 4 步 · 应用程序用户：在 Power Platform 管理中心打开此环境 → 设置 → 用户 + 权限 → 应用程序用户 → 新建应用用户，并选择该应用程序。',
  'ss.step3': '第 3 步，共 4 步 · 角色：为该应用程序用户分配 Wechat Marketing Relay 角色，并将其加入字段安全配置文件 Wechat Marketing Relay Secrets。',
  'ss.step4':
    '第 4 步，共 4 步 · 此表单：云选择“{cloudChoice}”，环境地址形如 {environment}，填写第 1 步的 ID 和密码，以及“开通服务”给出的 AppId 和绑定令牌；勾选协议并保存。',
  'ss.secretStored': '{label}（已由中继服务保存）',
  'ss.tokenUsed': '{label}（已由中继服务使用）',
  'ss.revokeTitle': '撤销中继服务的访问权限？',
  'ss.revokeText': '取消勾选协议并保存后，中继服务将删除此应用程序用户的凭据，且不再向此环境写入任何内容：粉丝的新消息将不再进入 Dynamics 365。',
  'ss.revokeConfirm': '取消勾选以撤销',
  'ss.revokeCancel': '保持连接',
  'ss.revokeSave': '保存记录后即撤销中继服务的访问权限。保存前不会有任何变化。',
  'ss.reconnect': '如需重新连接，请填写客户端密码和通过“开通服务”获取的新绑定令牌，然后保存：撤销访问权限时中继服务已删除原有信息。',
};

export const signedService = { en, zh };
