/**
 * 全网发布 (full-network release) automated test. WeChat picks one of five test account groups at random, so
 * all of them are recognised here, before normal routing, and answered exactly as the test expects.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/operation/thirdparty/releases_instructions.html
 */
import type { InboundMessage } from '../../wechat/index.js';

/**
 * Official Account and Mini Program appids of the five test groups with their original IDs (gh_…), from the
 * Chinese page, which is authoritative (the English one lists gh_26128078e9ab for group 2 too). A push for a
 * test account is accepted only when its ToUserName is that account's original ID, as for any other account.
 */
export const RELEASE_TEST_ORIGINAL_IDS: ReadonlyMap<string, string> = new Map([
  ['wx570bc396a51b8ff8', 'gh_3c884a361561'],
  ['wxd101a85aa106f53e', 'gh_8dad206e9538'],
  ['wx9252c5e0bb1836fc', 'gh_c0f28a78b318'],
  ['wxc39235c15087f6f3', 'gh_905ae9d01059'],
  ['wx8e1097c5bc82cde9', 'gh_3f222ed8d140'],
  ['wx7720d01d4b2a4500', 'gh_393666f1fdf4'],
  ['wx14550af28c71a144', 'gh_26128078e9ab'],
  ['wx05d483572dcd5d8b', 'gh_39abb5d4e1b7'],
  ['wxa35b9c23cfe664eb', 'gh_2b3713f184a6'],
  ['wx5910277cae6fd970', 'gh_7818dcb60240'],
]);

export const RELEASE_TEST_APPIDS: ReadonlySet<string> = new Set(RELEASE_TEST_ORIGINAL_IDS.keys());

export const TEXT_CASE = 'TESTCOMPONENT_MSG_TYPE_TEXT';
const QUERY_AUTH_PREFIX = 'QUERY_AUTH_CODE:';

export type ReleaseTestAction =
  /** Reply passively (encrypted) with this text. */
  | { kind: 'reply-text'; content: string }
  /** Answer with an empty body now; then exchange the code and send "<code>_from_api" by customer service. */
  | { kind: 'reply-later'; queryAuthCode: string }
  | { kind: 'none' };

export function releaseTestAction(authorizerAppid: string, message: InboundMessage): ReleaseTestAction {
  if (!RELEASE_TEST_APPIDS.has(authorizerAppid)) return { kind: 'none' };
  if (message.kind === 'text') {
    if (message.content === TEXT_CASE) return { kind: 'reply-text', content: `${TEXT_CASE}_callback` };
    if (message.content.startsWith(QUERY_AUTH_PREFIX)) {
      return { kind: 'reply-later', queryAuthCode: message.content.slice(QUERY_AUTH_PREFIX.length) };
    }
    return { kind: 'none' };
  }
  if (message.msgType === 'event' && 'event' in message && typeof message.event === 'string') {
    return { kind: 'reply-text', content: `${message.event}from_callback` };
  }
  return { kind: 'none' };
}
