/**
 * Control routes for mass sends (not WeChat): an administrator confirming (or not) a send held by "API 群发保护"
 * (POST /sim/mass/confirm {appid, msgId?, reject?}: the latest waiting send when msgId is left out), the MP console's
 * switches (POST /sim/mass/settings {appid, protection?, agreementAccepted?}), and what WeChat holds (GET
 * /sim/mass?appid=: jobs, waiting sends, drafts, each follower's mass messages this month).
 */
import { SimInputError } from '../errors.js';
import { num, str } from '../control/inputs.js';
import { expireIfLate, finishJob } from '../apis/mass.js';
import type { SimState } from './simulator-state.js';
import { beijingMonth, massBook } from './mass.js';

type Json = Record<string, unknown>;
type Handler = (state: SimState, body: Json, query: URLSearchParams) => Promise<[number, unknown]> | [number, unknown];

export const massControlRoutes: Record<string, Handler> = {
  'POST /sim/mass/confirm': (state, body) => {
    const account = state.account(str(body, 'appid', true));
    const book = massBook(state);
    const msgId = num(body, 'msgId');
    for (const j of book.jobs.values()) if (j.appid === account.appid) expireIfLate(state, account, j);
    const waiting = [...book.jobs.values()].filter((j) => j.appid === account.appid && j.awaitingSince !== undefined);
    const job = msgId === undefined ? waiting.at(-1) : waiting.find((j) => j.msgId === msgId);
    if (!job) throw new SimInputError('no send of this account waits for confirmation');
    finishJob(state, account, job, body.reject !== true);
    return [200, { msgId: job.msgId, status: job.status }];
  },
  'POST /sim/mass/settings': (state, body) => {
    const account = state.account(str(body, 'appid', true));
    const mass = massBook(state).of(account.appid);
    for (const key of ['protection', 'agreementAccepted'] as const) {
      const value = body[key];
      if (value === undefined) continue;
      if (typeof value !== 'boolean') throw new SimInputError(`${key} must be a boolean`);
      mass[key] = value;
    }
    return [200, { protection: mass.protection, agreementAccepted: mass.agreementAccepted }];
  },
  'GET /sim/mass': (state, _body, query) => {
    const account = state.account(query.get('appid') ?? '');
    const book = massBook(state);
    const mass = book.of(account.appid);
    const month = beijingMonth(state.clock.now());
    return [
      200,
      {
        protection: mass.protection,
        agreementAccepted: mass.agreementAccepted,
        jobs: [...book.jobs.values()]
          .filter((j) => j.appid === account.appid)
          .map((j) => ({ msgId: j.msgId, msgtype: j.msgtype, status: j.status, addressed: j.addressed.length, waiting: j.awaitingSince !== undefined })),
        drafts: [...book.drafts.values()].filter((d) => d.appid === account.appid).map((d) => ({ mediaId: d.mediaId, articles: d.articles })),
        monthly: Object.fromEntries([...mass.monthly].filter(([, v]) => v.month === month).map(([openid, v]) => [openid, v.count])),
      },
    ];
  },
};
