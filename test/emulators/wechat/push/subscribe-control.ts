/**
 * Control routes for subscriptions (not WeChat): make a user answer the subscription popup (POST /sim/subscribe/popup
 * {appid, openid, templateId, accept, scene?}), turn a notification off in the service-notification settings
 * (POST /sim/subscribe/change {appid, openid, templateId}), and list what WeChat holds (GET /sim/subscribe?appid=).
 */
import { SimInputError } from '../errors.js';
import { num, str } from '../control/inputs.js';
import type { SimState } from '../state/simulator-state.js';
import { subscriptionBook, templatesOf } from '../state/subscriptions.js';
import { pushChange, pushPopup } from './subscribe-events.js';

type Json = Record<string, unknown>;
type Handler = (state: SimState, body: Json, query: URLSearchParams) => Promise<[number, unknown]> | [number, unknown];

export const subscribeControlRoutes: Record<string, Handler> = {
  'POST /sim/subscribe/popup': async (state, body) => {
    if (typeof body.accept !== 'boolean') throw new SimInputError('accept must be a boolean');
    const scene = num(body, 'scene');
    return [
      200,
      await pushPopup(state, {
        appid: str(body, 'appid', true),
        openid: str(body, 'openid', true),
        templateId: str(body, 'templateId', true),
        accept: body.accept,
        ...(scene === undefined ? {} : { scene }),
      }),
    ];
  },
  'POST /sim/subscribe/change': async (state, body) => [
    200,
    await pushChange(state, str(body, 'appid', true), str(body, 'openid', true), str(body, 'templateId', true)),
  ],
  'GET /sim/subscribe': (state, _body, query) => {
    const appid = state.account(query.get('appid') ?? '').appid;
    const prefix = `${appid}|`;
    return [
      200,
      {
        templates: [...templatesOf(state, appid).values()].map((t) => ({ templateId: t.priTmplId, tid: t.tid, title: t.title, content: t.content })),
        consents: [...subscriptionBook(state).consents.entries()]
          .filter(([key]) => key.startsWith(prefix))
          .map(([key, c]) => {
            const [, openid, templateId] = key.split('|');
            return { openid, templateId, status: c.status, remaining: c.remaining };
          }),
      },
    ];
  },
};
