/** The follower sync on the Official Account form: state, progress, pause and failure, and the Sync followers action. */
const en = {
  'sync.never': 'Followers: not synced yet. Sync followers copies every follower of this account from WeChat into Dataverse.',
  'sync.running': 'Follower sync running since {date}: {synced} of {total} followers written.',
  'sync.starting': 'Follower sync running since {date}: reading the first page of followers from WeChat.',
  'sync.paused': 'Follower sync paused at {synced} of {total} followers; it continues on {date}. {reason}',
  'sync.failed': 'Follower sync failed at {synced} of {total} followers: {reason} Sync followers again continues from there.',
  'sync.completed':
    'Followers synced on {date}: {synced} followers. Follows and unfollows keep them current, and a full sync runs every night (WeChat shares no nicknames or avatars).',
  'sync.offer': 'Copy every follower of this account from WeChat into Dataverse.',
  'sync.offerResume': 'Continue the paused sync now (for instance after resetting the quota).',
  'sync.action': 'Sync followers',
  'sync.requested': 'Follower sync requested at {date}; waiting for the relay to start it…',
  'sync.timeout': 'The relay has not started the follower sync yet. Refresh the form in a minute.',
} as const satisfies Record<string, string>;

const zh: Record<keyof typeof en, string> = {
  'sync.never': '粉丝：尚未同步。“同步粉丝”会把此公众号的全部粉丝从微信复制到 Dataverse。',
  'sync.running': '粉丝同步自 {date} 起进行中：已写入 {synced} / {total} 位粉丝。',
  'sync.starting': '粉丝同步自 {date} 起进行中：正在从微信读取第一页粉丝。',
  'sync.paused': '粉丝同步已在 {synced} / {total} 位粉丝处暂停，将于 {date} 继续。{reason}',
  'sync.failed': '粉丝同步在 {synced} / {total} 位粉丝处失败：{reason}再次“同步粉丝”将从该处继续。',
  'sync.completed': '粉丝已于 {date} 同步：共 {synced} 位粉丝。关注和取消关注会实时更新，每晚还会完整同步一次（微信不再提供昵称和头像）。',
  'sync.offer': '把此公众号的全部粉丝从微信复制到 Dataverse。',
  'sync.offerResume': '立即继续已暂停的同步（例如在重置接口调用次数之后）。',
  'sync.action': '同步粉丝',
  'sync.requested': '已于 {date} 请求粉丝同步，正在等待中继服务开始……',
  'sync.timeout': '中继服务尚未开始粉丝同步。请稍后刷新表单。',
};

export const followerSync = { en, zh };
