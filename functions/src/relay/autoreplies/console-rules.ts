/**
 * The MP console's auto replies (get_current_autoreply_info) → wxm_autoreply rows marked imported. There is no API to
 * set them, and once the relay answers for the account the console's own rules stop answering, so they are copied
 * once, at authorization, and answered by the relay from then on. Mapping:
 * - add_friend_autoreply_info → a Follow rule; message_default_autoreply_info → a Default rule (every message, as
 *   the console does);
 * - each keyword rule → one Keyword rule per match mode it uses (equal → Exact, contain → Contains), its first reply
 *   (the console's random_one / reply_all lists have several; a passive reply carries one);
 * - replies: text → Text, img → Image (media_id), news → News (title, digest, cover and article url); voice and
 *   video have no reply type here: the row keeps name and keywords, without reply type, and is refused with the
 *   reason until an admin picks one.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Getting_Rules_for_Auto_Replies.html
 */
import { AutoReply, AutoReplyKind, AutoReplyState, AutoReplyType, KeywordMatch } from '@wxm/solution/schema';
import type { Row } from '../../dataverse/types.js';
import type { TokenSource, WechatApiClient } from '../../wechat/index.js';

const C = AutoReply.columns;

type Json = Record<string, unknown>;

/** GET /cgi-bin/get_current_autoreply_info as the authorizer. */
export async function getConsoleRules(client: WechatApiClient, token: TokenSource): Promise<Json> {
  return client.request<Json>({ method: 'GET', path: '/cgi-bin/get_current_autoreply_info', token });
}

const obj = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The rows to create for the console's rules (without the account lookup, which the caller binds). */
export function rowsFromConsole(info: Json): Row[] {
  const rows: Row[] = [];
  const follow = obj(info.add_friend_autoreply_info);
  if (info.is_add_friend_reply_open === 1 && follow)
    rows.push({ [C.Name]: 'Follow reply (MP console)', [C.Kind]: AutoReplyKind.Follow, ...replyColumns(follow) });
  const fallback = obj(info.message_default_autoreply_info);
  if (info.is_autoreply_open === 1 && fallback)
    rows.push({ [C.Name]: 'Default reply (MP console)', [C.Kind]: AutoReplyKind.Default, [C.DefaultPeriodMinutes]: 0, ...replyColumns(fallback) });
  const keywordRules = list(obj(info.keyword_autoreply_info)?.list);
  if (info.is_autoreply_open === 1) {
    for (const rule of keywordRules.map(obj)) {
      if (!rule) continue;
      const reply = obj(list(rule.reply_list_info)[0]);
      const keywords = list(rule.keyword_list_info).map(obj);
      for (const [mode, match] of [
        ['equal', KeywordMatch.Exact],
        ['contain', KeywordMatch.Contains],
      ] as const) {
        const words = keywords
          .filter((k) => k?.match_mode === mode)
          .map((k) => str(k?.content).trim())
          .filter(Boolean);
        if (words.length === 0) continue;
        rows.push({
          [C.Name]: str(rule.rule_name).slice(0, 100) || 'Keyword reply (MP console)',
          [C.Kind]: AutoReplyKind.Keyword,
          [C.Keywords]: words.join('\n'),
          [C.MatchMode]: match,
          [C.Priority]: 0,
          ...(reply ? replyColumns(reply) : {}),
        });
      }
    }
  }
  return rows.map((r) => ({ ...r, [C.Imported]: true, [C.State]: AutoReplyState.Pending }));
}

function replyColumns(reply: Json): Row {
  switch (reply.type) {
    case 'text':
      return { [C.ReplyType]: AutoReplyType.Text, [C.ReplyText]: str(reply.content) };
    case 'img':
      return { [C.ReplyType]: AutoReplyType.Image, [C.MediaId]: str(reply.content) };
    case 'news': {
      const articles = list(obj(reply.news_info)?.list)
        .map(obj)
        .filter((a): a is Json => Boolean(a))
        .slice(0, 8)
        .map((a) => ({ title: str(a.title), description: str(a.digest), picurl: str(a.cover_url), url: str(a.content_url) }));
      return { [C.ReplyType]: AutoReplyType.News, [C.NewsJson]: JSON.stringify(articles) };
    }
    default:
      // voice / video: kept as a note in the reply text; no reply type, so the rule is refused with the reason.
      return { [C.ReplyText]: `MP console reply of type ${str(reply.type)}: ${str(reply.content)}`.slice(0, 2000) };
  }
}
