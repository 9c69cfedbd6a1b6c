/**
 * Realistic inbound traffic for the delivery benchmark: several followers per account, each following first
 * (most from a parametric QR code), then chatting in Chinese with emoji, sharing a location or a link, sending
 * the odd photo, tapping menus and reporting their location; a few unfollow at the end. Envelopes are what the
 * callback puts on `wechat-inbound` (dedupe key by the relay's own rule), interleaved across followers in
 * CreateTime order as the queue would receive them. Deterministic (seeded), so runs compare.
 * Shapes: https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html
 */
import { dedupeKey, parseInbound } from '../../functions/src/wechat/index.js';
import type { InboundEnvelope } from '../../functions/src/relay/envelope.js';
import { wechatMessageId } from '../../functions/src/relay/delivery/message-id.js';

export interface BenchAccount {
  appid: string;
  originalId: string;
  nickName: string;
}

/** What must be in Dataverse once every envelope is delivered. */
export interface ExpectedMessage {
  appid: string;
  openid: string;
  wechatMsgId: string;
  /** Text messages: the exact content that must survive the round trip. */
  content?: string;
  /** Photos: one note with the file. */
  notes: number;
}

export interface Traffic {
  envelopes: InboundEnvelope[];
  messages: ExpectedMessage[];
  /** `appid|openid` of every follower. */
  followers: string[];
}

const T0 = 1_718_000_000;

const PHRASES = [
  '你好！请问这个活动什么时候结束？🎉',
  '我想了解一下会员积分怎么兑换 🙏',
  '收到货了，包装很好，点赞 👍👍',
  '请问周末门店几点开门？',
  '订单号 20240610123456 还没发货，麻烦查一下 😅',
  '谢谢客服小姐姐 ❤️',
  '能开发票吗？公司抬头：上海某某科技有限公司',
  '𠮷野家的优惠券还能用吗？🍜',
  '好的，明白了 😊',
  '这个颜色有没有 XL 码？🧥',
  '我在北京朝阳区，可以送货上门吗？🚚',
  '👋😀🎁🧧🐉',
];

/** A small xorshift PRNG: the same traffic every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

function xml(fields: Record<string, string | number>): string {
  const body = Object.entries(fields)
    .map(([k, v]) => (typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`))
    .join('\n');
  return `<xml>\n${body}\n</xml>`;
}

interface Push {
  at: number;
  appid: string;
  openid: string;
  xml: string;
  content?: string;
  notes: number;
}

/** `followersPerAccount` followers per account, `messagesPerFollower` envelopes on average (first one: subscribe). */
export function buildTraffic(accounts: readonly BenchAccount[], followersPerAccount: number, messagesPerFollower: number, seed = 20240610): Traffic {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const pushes: Push[] = [];
  let msgId = 24_614_728_451_000_000n;
  accounts.forEach((account, a) => {
    for (let f = 0; f < followersPerAccount; f++) {
      const openid = `oBench${String(a)}${String(f).padStart(5, '0')}Xy_7-QzKwL9mNp`.slice(0, 28);
      const head = { ToUserName: account.originalId, FromUserName: openid };
      let at = T0 + Math.floor(random() * 60);
      const count = Math.max(2, Math.round(messagesPerFollower * (0.4 + random() * 1.2)));
      const qr = random() < 0.7;
      pushes.push({
        at,
        appid: account.appid,
        openid,
        notes: 0,
        xml: xml({
          ...head,
          CreateTime: at,
          MsgType: 'event',
          Event: 'subscribe',
          ...(qr && { EventKey: `qrscene_${1000 + (f % 7)}`, Ticket: `gQH47joAAAAAAAAAASxodHRwOi8vd2VpeGluLnFxLmNvbS9xL${f}` }),
        }),
      });
      for (let m = 1; m < count; m++) {
        at += 1 + Math.floor(random() * 20);
        const r = random();
        const base = { ...head, CreateTime: at };
        const id = String((msgId += 1n));
        if (r < 0.62) {
          const content = `${pick(PHRASES)}${random() < 0.3 ? ` #${m}` : ''}`;
          pushes.push({ at, appid: account.appid, openid, notes: 0, content, xml: xml({ ...base, MsgType: 'text', Content: content, MsgId: id }) });
        } else if (r < 0.67) {
          const mediaId = `bench_media_${a}_${f}_${m}`;
          pushes.push({
            at,
            appid: account.appid,
            openid,
            notes: 1,
            xml: xml({ ...base, MsgType: 'image', PicUrl: `http://mmbiz.qpic.cn/mmbiz_jpg/${mediaId}/0`, MediaId: mediaId, MsgId: id }),
          });
        } else if (r < 0.72) {
          pushes.push({
            at,
            appid: account.appid,
            openid,
            notes: 0,
            xml: xml({ ...base, MsgType: 'location', Location_X: 31.2304, Location_Y: 121.4737, Scale: 15, Label: '上海市黄浦区人民广场 🏙️', MsgId: id }),
          });
        } else if (r < 0.76) {
          pushes.push({
            at,
            appid: account.appid,
            openid,
            notes: 0,
            xml: xml({
              ...base,
              MsgType: 'link',
              Title: '双十一预售清单 🛒',
              Description: '看看这个',
              Url: `https://mp.weixin.qq.com/s/bench${f}x${m}`,
              MsgId: id,
            }),
          });
        } else if (r < 0.86) {
          pushes.push({
            at,
            appid: account.appid,
            openid,
            notes: 0,
            xml: xml({ ...base, MsgType: 'event', Event: 'CLICK', EventKey: pick(['MENU_MEMBER', 'MENU_COUPON', 'MENU_STORES']) }),
          });
        } else if (r < 0.92) {
          pushes.push({
            at,
            appid: account.appid,
            openid,
            notes: 0,
            xml: xml({ ...base, MsgType: 'event', Event: 'VIEW', EventKey: `https://shop.example.cn/item/${m}`, MenuId: 412 }),
          });
        } else {
          pushes.push({
            at,
            appid: account.appid,
            openid,
            notes: 0,
            xml: xml({ ...base, MsgType: 'event', Event: 'LOCATION', Latitude: 39.9042, Longitude: 116.4074, Precision: 65 }),
          });
        }
      }
      if (random() < 0.05) {
        at += 30;
        pushes.push({ at, appid: account.appid, openid, notes: 0, xml: xml({ ...head, CreateTime: at, MsgType: 'event', Event: 'unsubscribe' }) });
      }
    }
  });
  pushes.sort((x, y) => x.at - y.at);

  const envelopes: InboundEnvelope[] = [];
  const messages: ExpectedMessage[] = [];
  for (const p of pushes) {
    const msg = parseInbound(p.xml);
    const key = dedupeKey(p.appid, msg);
    envelopes.push({ v: 1, authorizerAppid: p.appid, dedupeKey: key, xml: p.xml, receivedAt: p.at * 1000 + 300 });
    messages.push({
      appid: p.appid,
      openid: p.openid,
      wechatMsgId: wechatMessageId(msg, key),
      notes: p.notes,
      ...(p.content !== undefined && { content: p.content }),
    });
  }
  const followers = [...new Set(pushes.map((p) => `${p.appid}|${p.openid}`))];
  return { envelopes, messages, followers };
}

/** The first `count` envelopes and what they must produce. */
export function firstOf(traffic: Traffic, count: number): Traffic {
  const messages = traffic.messages.slice(0, count);
  return { envelopes: traffic.envelopes.slice(0, count), messages, followers: [...new Set(messages.map((m) => `${m.appid}|${m.openid}`))] };
}
