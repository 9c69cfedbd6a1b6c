/** "Remove account" on the Official Account form: what will be lost, the choice, and the relay's progress. */
const en = {
  'removal.offer': 'Remove this account from Wechat Marketing. First choose Remove Data Too (delete its rows) or keep them, then use Remove account.',
  'removal.action': 'Remove account',
  'removal.counting': 'Counting what this account has in Dataverse…',
  'removal.title': 'Remove {name}?',
  'removal.stillAuthorized':
    'WeChat still authorizes Wechat Marketing for this account. Cancel the authorization in the WeChat Official Accounts Platform first (Settings and development → Authorization management → Cancel authorization); otherwise WeChat keeps sending its messages, which the relay then drops.',
  'removal.relay': 'The relay stops serving this account: its connection to this environment, tokens, sync and statistics progress are removed.',
  'removal.deleteData': 'These rows will be deleted from Dataverse and cannot be restored: {list}. Then the account row itself is deleted.',
  'removal.keepData': 'Its rows stay in Dataverse ({list}); the account row is kept and marked Unauthorized.',
  'removal.nothing': 'It has no followers, messages, tags, QR codes, referral programs or daily statistics in Dataverse.',
  'removal.confirmDelete': 'Remove and delete data',
  'removal.confirmKeep': 'Remove, keep data',
  'removal.cancel': 'Cancel',
  'removal.requested': 'Removal requested on {date}. The relay reports its progress under Remove Account.',
  'removal.state': 'Removal: {state}',
  'removal.followers': '{n} followers',
  'removal.messages': '{n} messages',
  'removal.tags': '{n} tags',
  'removal.qrCodes': '{n} QR codes',
  'removal.referralPrograms': '{n} referral programs',
  'removal.dailyStats': '{n} daily statistics',
  'removal.many': 'more than {n}',
  'removal.separator': ', ',
};

const zh: Record<keyof typeof en, string> = {
  'removal.offer': '从 Wechat Marketing 移除此公众号。请先选择“同时删除数据”（删除其记录）或保留数据，然后点击“移除公众号”。',
  'removal.action': '移除公众号',
  'removal.counting': '正在统计此公众号在 Dataverse 中的数据…',
  'removal.title': '移除 {name}？',
  'removal.stillAuthorized':
    '微信仍授权 Wechat Marketing 管理此公众号。请先在微信公众平台取消授权（设置与开发 → 授权管理 → 取消授权）；否则微信会继续推送其消息，而中继服务将丢弃这些消息。',
  'removal.relay': '中继服务将停止为此公众号服务：移除其与本环境的连接、令牌、同步与统计进度。',
  'removal.deleteData': '以下记录将从 Dataverse 中删除且无法恢复：{list}。随后删除公众号记录本身。',
  'removal.keepData': '其记录将保留在 Dataverse 中（{list}）；公众号记录保留并标记为“已取消授权”。',
  'removal.nothing': '它在 Dataverse 中没有粉丝、消息、标签、二维码、裂变活动或每日统计。',
  'removal.confirmDelete': '移除并删除数据',
  'removal.confirmKeep': '移除并保留数据',
  'removal.cancel': '取消',
  'removal.requested': '已于 {date} 请求移除。中继服务会在“移除公众号”中报告进度。',
  'removal.state': '移除：{state}',
  'removal.followers': '{n} 位粉丝',
  'removal.messages': '{n} 条消息',
  'removal.tags': '{n} 个标签',
  'removal.qrCodes': '{n} 个二维码',
  'removal.referralPrograms': '{n} 个裂变活动',
  'removal.dailyStats': '{n} 条每日统计',
  'removal.many': '超过 {n}',
  'removal.separator': '、',
};

export const removal = { en, zh } as const;
