/**
 * MASSSENDJOBFINISH (forwarded by delivery as a `wechat-event` task): WeChat's result of one mass-send call. The
 * chunk row with that msg_id gets the status, counts and originality check; the broadcast gets the sums of its chunks
 * and becomes Sent (or Failed with WeChat's reason) once every sent chunk has a result. The org is found again from
 * the appid; the row by the msg_id of its account. Idempotent: the same event twice writes the same values. An event
 * that comes before its msg_id is written is kept a day in the shared store and applied by the send (send.ts).
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html (事件推送群发结果)
 */
import { Broadcast, BroadcastStatus, EntitySets, OfficialAccount } from '@wxm/solution/schema';
import { parseXml, xmlChild, xmlList, xmlText, type XmlRecord } from '../../wechat/index.js';
import type { WechatEventTask } from '../envelope.js';
import { stringLiteral } from '../delivery/keys.js';
import type { TagOrg } from '../tags/tag-deps.js';
import { readBroadcast, recordFailed, writeBroadcast } from './broadcast-row.js';
import { chunkByMsgId, chunksOfBroadcast, recordChunkResult } from './chunks.js';
import { openBroadcastOrg, type BroadcastDeps } from './deps.js';
import { explainStatus } from './status-reasons.js';

const B = Broadcast.columns;
const earlyKey = (appid: string, msgId: string) => `mass-job|${appid}|${msgId}`;

export interface JobResult {
  msgId: string;
  status: string;
  total: number;
  filter: number;
  sent: number;
  errors: number;
  copyright: string;
}

const int = (r: XmlRecord, name: string) => {
  const v = Number(xmlText(r, name) ?? '0');
  return Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0;
};

/** The event's fields; the originality check as one line per article. */
export function jobResultOf(raw: string): JobResult | undefined {
  const xml = parseXml(raw);
  const msgId = (xmlText(xml, 'MsgID') ?? xmlText(xml, 'MsgId') ?? '').trim();
  const status = (xmlText(xml, 'Status') ?? '').trim();
  if (!/^\d{1,20}$/.test(msgId) || !status) return undefined;
  return {
    msgId,
    status,
    total: int(xml, 'TotalCount'),
    filter: int(xml, 'FilterCount'),
    sent: int(xml, 'SentCount'),
    errors: int(xml, 'ErrorCount'),
    copyright: copyrightOf(xml),
  };
}

function copyrightOf(xml: XmlRecord): string {
  const check = xmlChild(xml, 'CopyrightCheckResult');
  if (!check) return '';
  const urls = new Map<string, string>();
  const urlList = xmlChild(xmlChild(xml, 'ArticleUrlResult') ?? {}, 'ResultList');
  for (const item of urlList ? xmlList(urlList, 'item') : []) {
    if (typeof item === 'object') urls.set(xmlText(item, 'ArticleIdx') ?? '', xmlText(item, 'ArticleUrl') ?? '');
  }
  const list = xmlChild(check, 'ResultList');
  const lines = (list ? xmlList(list, 'item') : []).flatMap((item) => {
    if (typeof item !== 'object') return [];
    const idx = xmlText(item, 'ArticleIdx') ?? '?';
    const url = urls.get(idx);
    return [
      `Article ${idx}: declared ${xmlText(item, 'UserDeclareState') ?? '-'}, audit ${xmlText(item, 'AuditState') ?? '-'}, can reprint ${xmlText(item, 'CanReprint') ?? '-'}` +
        `${xmlText(item, 'OriginalArticleUrl') ? `, original ${xmlText(item, 'OriginalArticleUrl')}` : ''}${url ? `, ${url}` : ''}`,
    ];
  });
  return [`CheckState ${xmlText(check, 'CheckState') ?? '-'} (1 original or not a reprint, 2 reprint allowed, 3 reprint refused)`, ...lines].join('\n');
}

export async function onMassSendJobFinish(task: WechatEventTask, deps: BroadcastDeps): Promise<'recorded' | 'kept' | 'skipped'> {
  const result = jobResultOf(task.raw);
  if (!result) {
    deps.logger.warn('MASSSENDJOBFINISH without MsgID or Status; completed', { authorizerAppid: task.appid });
    return 'skipped';
  }
  const binding = await deps.registry.bindingOf(task.appid);
  const access = binding ? await openBroadcastOrg(binding.organizationId, deps) : undefined;
  if (!access) return 'skipped';
  const accountId = await accountIdOf(access, task.appid);
  if (!accountId) return 'skipped';
  if (await applyResult(access, accountId, result)) return 'recorded';
  // Not written yet (the send is between WeChat's answer and its write): the send applies it.
  await deps.kv.put(earlyKey(task.appid, result.msgId), JSON.stringify(result), deps.clock.now() + 86_400_000);
  return 'kept';
}

/** Called by the send once a chunk's msg_id is written. */
export async function applyEarlyResult(access: TagOrg, appid: string, accountId: string, msgId: string, deps: BroadcastDeps): Promise<void> {
  const raw = await deps.kv.get(earlyKey(appid, msgId));
  if (!raw) return;
  if (await applyResult(access, accountId, JSON.parse(raw) as JobResult)) await deps.kv.delete(earlyKey(appid, msgId));
}

async function applyResult(access: TagOrg, accountId: string, result: JobResult): Promise<boolean> {
  const chunk = await chunkByMsgId(access.org, accountId, result.msgId);
  if (!chunk) return false;
  await recordChunkResult(access.org, chunk.id, result);
  const b = await readBroadcast(access.org, chunk.broadcastId);
  if (!b || b.status === BroadcastStatus.Deleted) return true;
  const chunks = await chunksOfBroadcast(access.org, b.id);
  const sent = chunks.filter((c) => c.msgId !== '');
  const done = sent.filter((c) => c.resultStatus !== '');
  const sum = (f: (c: (typeof chunks)[number]) => number) => done.reduce((n, c) => n + f(c), 0);
  const totals = {
    [B.TotalCount]: sum((c) => c.total),
    [B.FilterCount]: sum((c) => c.filter),
    [B.SentCount]: sum((c) => c.sent),
    [B.ErrorCount]: sum((c) => c.errors),
    [B.ResultStatus]: [...new Set(done.map((c) => c.resultStatus))].join('; ').slice(0, 200),
    [B.CopyrightResult]: done
      .map((c) => c.copyright)
      .filter(Boolean)
      .join('\n')
      .slice(0, 20000),
  };
  const complete = done.length === sent.length && sent.length === chunks.length;
  if (!complete) {
    await writeBroadcast(access.org, b.id, totals);
    return true;
  }
  const failed = done.filter((c) => c.resultStatus !== 'send success');
  if (failed.length === done.length) {
    await recordFailed(access.org, b.id, explainStatus(failed[0]?.resultStatus ?? ''), totals);
  } else {
    const partial = failed.length > 0 ? explainStatus(failed[0]?.resultStatus ?? '') : undefined;
    await writeBroadcast(access.org, b.id, {
      ...totals,
      [B.BroadcastStatus]: BroadcastStatus.Sent,
      [B.FailureReason]: partial ? `${partial.en}\n${partial.zh}` : null,
    });
  }
  return true;
}

async function accountIdOf(access: TagOrg, appid: string): Promise<string | undefined> {
  const rows = await access.org.retrieveMultiple(EntitySets.OfficialAccount, {
    select: [OfficialAccount.columns.Id],
    filter: `${OfficialAccount.columns.AppId} eq ${stringLiteral(appid)}`,
    top: 1,
  });
  const id = rows[0] ? String(rows[0][OfficialAccount.columns.Id]) : undefined;
  // The account row must be the one bound to this org, never one that merely claims the appid.
  return id && (await access.appidOf(id)) === appid ? id : undefined;
}
