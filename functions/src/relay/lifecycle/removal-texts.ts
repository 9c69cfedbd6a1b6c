/** What the account row says while and after the relay removes it (English, then Chinese, as every reason the product shows). */
import type { DeletedCounts } from './account-data.js';

/** English plural, English singular, Chinese measure word and noun. */
const NAMES: Record<keyof DeletedCounts, [string, string, string]> = {
  messages: ['messages', 'message', '条消息'],
  followers: ['followers', 'follower', '位粉丝'],
  qrCodes: ['QR codes', 'QR code', '个二维码'],
  tags: ['tags', 'tag', '个标签'],
  referralPrograms: ['referral programs', 'referral program', '个裂变活动'],
  dailyStats: ['daily statistics', 'daily statistic', '条每日统计'],
};

function list(counts: DeletedCounts, zh: boolean): string {
  const parts = (Object.keys(NAMES) as (keyof DeletedCounts)[])
    .filter((k) => (counts[k] ?? 0) > 0)
    .map((k) => {
      const n = counts[k] ?? 0;
      const [many, one, chinese] = NAMES[k];
      return `${n.toLocaleString('en-US')} ${zh ? chinese : n === 1 ? one : many}`;
    });
  return parts.length === 0 ? (zh ? '无' : 'nothing yet') : parts.join(zh ? '、' : ', ');
}

export function removingText(counts: DeletedCounts): string {
  return `Removing: the relay no longer serves this account; deleted so far: ${list(counts, false)}.\n正在移除：中继服务已停止为该公众号服务；已删除：${list(counts, true)}。`;
}

export function keptText(at: number): string {
  const when = new Date(at).toISOString();
  return `Removed from the relay on ${when}; its data in Dataverse was kept. To use the account again, authorize it again from Start To Use.\n已于 ${when} 从中继服务移除；其在 Dataverse 中的数据已保留。如需再次使用，请从“开始使用”重新授权。`;
}

export const NOT_BOUND_HERE =
  'This account is bound to another environment now: the relay kept serving it there and removed only what this environment asked for.\n该公众号现已绑定到另一个环境：中继服务在那里继续为其服务，只移除了本环境要求移除的内容。';

export function failedText(detail: string): string {
  return `Removal paused: ${detail}. Ask again with "Remove account" to continue where it stopped.\n移除已暂停：${detail}。请再次点击“移除公众号”从中断处继续。`;
}
