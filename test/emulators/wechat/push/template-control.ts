/**
 * Control routes for template messages (not WeChat): mark a follower as blocking the account's template messages
 * (POST /sim/templates/block {appid, openid, blocks}: the next sends to them report `failed:user block`), add a
 * library template as if added in the MP console (POST /sim/templates {appid, shortId, keywords}), and list what
 * WeChat holds and what followers were shown (GET /sim/templates?appid=).
 */
import { SimInputError } from '../errors.js';
import { str } from '../control/inputs.js';
import { addLibraryTemplate } from '../apis/template.js';
import type { SimState } from '../state/simulator-state.js';
import { TEMPLATE_LIBRARY, templateBook } from '../state/templates.js';

type Json = Record<string, unknown>;
type Handler = (state: SimState, body: Json, query: URLSearchParams) => Promise<[number, unknown]> | [number, unknown];

export const templateControlRoutes: Record<string, Handler> = {
  'POST /sim/templates/block': (state, body) => {
    if (typeof body.blocks !== 'boolean') throw new SimInputError('blocks must be a boolean');
    const appid = str(body, 'appid', true);
    state.account(appid);
    const book = templateBook(state, appid);
    const openid = str(body, 'openid', true);
    if (body.blocks) book.blocking.add(openid);
    else book.blocking.delete(openid);
    return [200, { appid, openid, blocks: body.blocks }];
  },
  'POST /sim/templates': (state, body) => {
    const appid = str(body, 'appid', true);
    state.account(appid);
    const keywords = body.keywords;
    if (!Array.isArray(keywords)) throw new SimInputError('keywords must be an array of keyword names');
    return [201, addLibraryTemplate(state, appid, str(body, 'shortId', true), keywords)];
  },
  'GET /sim/templates': (state, _body, query) => {
    const appid = query.get('appid') ?? '';
    state.account(appid);
    const book = templateBook(state, appid);
    return [200, { templates: [...book.templates.values()], blocking: [...book.blocking], delivered: book.delivered, library: TEMPLATE_LIBRARY }];
  },
};
