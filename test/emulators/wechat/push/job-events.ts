/**
 * Completion events WeChat pushes after asynchronous sends: TEMPLATESENDJOBFINISH and MASSSENDJOBFINISH.
 * They are pushed shortly after the API answered, never blocking it.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import type { SimAccount } from '../state/accounts.js';
import type { SimState } from '../state/simulator-state.js';
import { buildXml, type XmlFields } from '../xml.js';
import { deliver, sealPush } from './deliver.js';

/** Pushes later (next macrotask) so the API answer goes out first; failures end up in the push log only. */
function pushLater(state: SimState, account: SimAccount, openid: string, fields: XmlFields): void {
  if (!state.settings.jobFinishEvents) return;
  const plaintext = buildXml({ ToUserName: account.originalId, FromUserName: openid, CreateTime: state.nowSeconds(), MsgType: 'event', ...fields });
  state.later(async () => {
    const push = sealPush(state, plaintext, { kind: 'account', appid: account.appid, originalId: account.originalId, openid });
    await deliver(state, push, plaintext);
  }, 10);
}

/** `status`: `success`, `failed:user block` (the follower blocks the account's template messages) or `failed: system failed`. */
export function templateJobFinished(state: SimState, account: SimAccount, openid: string, msgId: number, status = 'success'): void {
  pushLater(state, account, openid, { Event: 'TEMPLATESENDJOBFINISH', MsgID: msgId, Status: status });
}

export interface MassJobOutcome {
  msgId: number;
  total: number;
  sent: number;
  errors: number;
  /** `send success` unless said; `send fail` for a send an administrator never confirmed. */
  status?: string;
  /** Followers left after the monthly filter; default sent + errors. */
  filter?: number;
  /** Articles of an mpnews send: each gets an originality-check result and a URL. */
  articles?: number;
}

export function massJobFinished(state: SimState, account: SimAccount, openid: string, outcome: MassJobOutcome): void {
  const articles = outcome.articles ?? 0;
  const items = Array.from({ length: articles }, (_, i) => i + 1);
  pushLater(state, account, openid, {
    Event: 'MASSSENDJOBFINISH',
    MsgID: outcome.msgId,
    Status: outcome.status ?? 'send success',
    TotalCount: outcome.total,
    FilterCount: outcome.filter ?? outcome.sent + outcome.errors,
    SentCount: outcome.sent,
    ErrorCount: outcome.errors,
    CopyrightCheckResult: {
      Count: articles,
      ResultList:
        articles === 0
          ? ''
          : {
              item: items.map((idx) => ({
                ArticleIdx: idx,
                UserDeclareState: 0,
                AuditState: 2,
                OriginalArticleUrl: '',
                OriginalArticleType: 0,
                CanReprint: 1,
                NeedReplaceContent: 0,
                NeedShowReprintSource: 0,
              })),
            },
      CheckState: 1,
    },
    ...(articles > 0 && {
      ArticleUrlResult: {
        Count: articles,
        ResultList: {
          item: items.map((idx) => ({ ArticleIdx: idx, ArticleUrl: `https://mp.weixin.qq.com/s?__biz=${account.originalId}&mid=${outcome.msgId}&idx=${idx}` })),
        },
      },
    }),
  });
}
