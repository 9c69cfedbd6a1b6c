/**
 * get_current_autoreply_info: the auto replies set in the MP console (follow reply, default reply, keyword rules),
 * in WeChat's answer shape. There is no API to set them, so an account has none until a test or the sandbox says
 * what its console holds (setConsoleAutoReplies); `REALISTIC_CONSOLE_RULES` is the kind of answer WeChat gives.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Getting_Rules_for_Auto_Replies.html
 */
import type { SimState } from '../state/simulator-state.js';
import type { ApiSpec } from './registry.js';

export interface ConsoleReply {
  type: 'text' | 'img' | 'voice' | 'video' | 'news';
  content?: string;
  news_info?: {
    list: Array<{ title: string; author?: string; digest?: string; show_cover?: number; cover_url?: string; content_url: string; source_url?: string }>;
  };
}

export interface ConsoleRules {
  is_add_friend_reply_open: 0 | 1;
  is_autoreply_open: 0 | 1;
  add_friend_autoreply_info?: ConsoleReply;
  message_default_autoreply_info?: ConsoleReply;
  keyword_autoreply_info?: {
    list: Array<{
      rule_name: string;
      create_time: number;
      reply_mode: 'reply_all' | 'random_one';
      keyword_list_info: Array<{ type: 'text'; match_mode: 'contain' | 'equal'; content: string }>;
      reply_list_info: ConsoleReply[];
    }>;
  };
}

/** What an account with a few console rules answers (modelled on the documented example). */
export const REALISTIC_CONSOLE_RULES: ConsoleRules = {
  is_add_friend_reply_open: 1,
  is_autoreply_open: 1,
  add_friend_autoreply_info: { type: 'text', content: '感谢关注！回复“营业时间”查看门店时间。' },
  message_default_autoreply_info: { type: 'text', content: '您好，客服稍后回复您。' },
  keyword_autoreply_info: {
    list: [
      {
        rule_name: '营业时间',
        create_time: 1701590400,
        reply_mode: 'random_one',
        keyword_list_info: [
          { type: 'text', match_mode: 'equal', content: '营业时间' },
          { type: 'text', match_mode: 'contain', content: '几点开门' },
        ],
        reply_list_info: [{ type: 'text', content: '门店每天 9:00-21:00 营业。' }],
      },
      {
        rule_name: '新品',
        create_time: 1701676800,
        reply_mode: 'reply_all',
        keyword_list_info: [{ type: 'text', match_mode: 'contain', content: '新品' }],
        reply_list_info: [
          {
            type: 'news',
            news_info: {
              list: [
                {
                  title: '冬季新品上市',
                  author: 'Demo',
                  digest: '全场新品八折',
                  show_cover: 1,
                  cover_url: 'http://mmbiz.qpic.cn/mmbiz_jpg/demo/0',
                  content_url: 'http://mp.weixin.qq.com/s?__biz=demo&mid=1&idx=1',
                  source_url: '',
                },
              ],
            },
          },
        ],
      },
      {
        rule_name: '语音问候',
        create_time: 1701763200,
        reply_mode: 'random_one',
        keyword_list_info: [{ type: 'text', match_mode: 'contain', content: '语音' }],
        reply_list_info: [{ type: 'voice', content: 'NESsxgHEvAcg3egJTtYj4uG1PTL6iPhratdWKDLAXYErhN6oEEfMdVyblWtBY5vp' }],
      },
    ],
  },
};

const NONE: ConsoleRules = { is_add_friend_reply_open: 0, is_autoreply_open: 0 };
const consoles = new WeakMap<SimState, Map<string, ConsoleRules>>();

/** What the MP console of `appid` holds (tests and the sandbox; WeChat offers no API for it). */
export function setConsoleAutoReplies(state: SimState, appid: string, rules: ConsoleRules): void {
  let book = consoles.get(state);
  if (!book) consoles.set(state, (book = new Map()));
  book.set(appid, structuredClone(rules));
}

export const autoreplyApis: ApiSpec[] = [
  {
    api: 'get_current_autoreply_info',
    auth: 'authorizer',
    // Message management (permission set 1) covers reading the console's auto replies.
    scope: 1,
    handle({ state, account }) {
      return structuredClone(consoles.get(state)?.get(account.appid) ?? NONE) as unknown as Record<string, unknown>;
    },
  },
];
