/**
 * A conversation with every kind of message the relay stores, spread over yesterday and today, as the tests and
 * the README screenshots show it. Times are relative to `now` so the reply window is open: the follower last
 * wrote 40 minutes ago and two replies have gone out since (3 of 5 left).
 */
import { Message } from '@wxm/solution/schema';
import { failureDetail } from '../../../../functions/src/relay/outbound/failure-reasons.js';
import { mp4Stub, png, wav } from './media-fixtures.js';
import { addFollower, addMessage, addNote, type SeedOrg } from './seed.js';

const M = Message.columns;
const H = 3600_000;
const MIN = 60_000;

export const EVERY_TYPE = {
  name: '张三 Zhang San',
  openid: 'oEveryType000000000000000001',
  greeting: 'Hi! Do you ship to Shanghai? 🚚',
  answer: 'Yes 👍 Delivery takes 2–3 days. Details: https://example.com/shipping',
  voiceRecognition: '这个多少钱？',
  location: { label: '上海市黄浦区南京东路', latitude: 31.2304, longitude: 121.4737 },
  link: { title: 'Spring catalogue', description: 'All new arrivals, in one place', url: 'https://example.com/catalogue' },
  menuKey: 'MENU_PRICES',
  qrScene: 'spring_fair',
  lastWords: '谢谢！我想要两件 L 码 😊',
  lastReply: '好的，已为您预留 ✅',
  missingVideo: 'WeChat did not provide the file (media id MEDIA_SV_1): media_id expired',
  /** When the follower last wrote, relative to `now`. */
  lastWroteAgoMs: 40 * MIN,
} as const;

export interface EveryTypeSeed {
  followerId: string;
  /** Message ids by what they are. */
  ids: Record<string, string>;
  /** When each of them was said (epoch ms). */
  at: Record<string, number>;
}

export function seedEveryType(org: SeedOrg, now: number): EveryTypeSeed {
  const f = EVERY_TYPE;
  const followerId = addFollower(org, { name: f.name, openid: f.openid });
  const ids: Record<string, string> = {};
  const at: Record<string, number> = {};
  const add = (key: string, ago: number, message: Parameters<typeof addMessage>[3]) => {
    at[key] = now - ago;
    ids[key] = addMessage(org, followerId, now - ago, message);
    return ids[key]!;
  };
  add('followQr', 26 * H, { direction: 'in', type: 'Event', columns: { [M.Event]: 'subscribe', [M.EventKey]: `qrscene_${f.qrScene}` } });
  add('greeting', 25.9 * H, { direction: 'in', type: 'Text', columns: { [M.Content]: f.greeting } });
  add('answer', 25.8 * H, { direction: 'out', type: 'Text', columns: { [M.Content]: f.answer } });
  add('failed', 25.7 * H, {
    direction: 'out',
    type: 'Text',
    status: 'Failed',
    columns: { [M.Content]: 'Are you still there?', [M.ErrorCode]: 45047, [M.ErrorDetail]: failureDetail(45047) },
  });
  const image = add('image', 3 * H, {
    direction: 'in',
    type: 'Image',
    columns: { [M.MediaId]: 'MEDIA_IMG_1', [M.MediaUrl]: 'http://mmbiz.qpic.cn/example.jpg' },
  });
  addNote(org, image, { subject: 'WeChat image', file: { name: 'MEDIA_IMG_1.png', type: 'image/png', bytes: png(240, 160, [32, 120, 200], [250, 170, 60]) } });
  const voice = add('voice', 2.9 * H, { direction: 'in', type: 'Voice', columns: { [M.MediaId]: 'MEDIA_VOICE_1', [M.Content]: f.voiceRecognition } });
  addNote(org, voice, { subject: 'WeChat voice', file: { name: 'MEDIA_VOICE_1.wav', type: 'audio/wav', bytes: wav(0.6) } });
  const video = add('video', 2.8 * H, { direction: 'in', type: 'Video', columns: { [M.MediaId]: 'MEDIA_VIDEO_1', [M.ThumbMediaId]: 'MEDIA_THUMB_1' } });
  addNote(org, video, { subject: 'WeChat video', file: { name: 'MEDIA_VIDEO_1.mp4', type: 'video/mp4', bytes: mp4Stub() } });
  addNote(org, video, {
    subject: 'WeChat video thumbnail',
    file: { name: 'MEDIA_THUMB_1.png', type: 'image/png', bytes: png(200, 120, [20, 20, 60], [120, 40, 160]) },
  });
  add('menu', 2.7 * H, { direction: 'in', type: 'Event', columns: { [M.Event]: 'CLICK', [M.EventKey]: f.menuKey } });
  add('location', 2.6 * H, {
    direction: 'in',
    type: 'Location',
    columns: { [M.Content]: f.location.label, [M.Latitude]: f.location.latitude, [M.Longitude]: f.location.longitude },
  });
  add('link', 2.5 * H, {
    direction: 'in',
    type: 'Link',
    columns: { [M.Title]: f.link.title, [M.Content]: `${f.link.title}\n${f.link.description}\n${f.link.url}`, [M.MediaUrl]: f.link.url },
  });
  add('miniprogram', 2.3 * H, { direction: 'in', type: 'MiniProgramPage', columns: { [M.Title]: 'Order #1024', [M.Content]: 'pages/order/detail?id=1024' } });
  const shortVideo = add('shortvideo', 2.2 * H, { direction: 'in', type: 'ShortVideo', columns: { [M.MediaId]: 'MEDIA_SV_1' } });
  addNote(org, shortVideo, { subject: 'WeChat shortvideo', text: f.missingVideo });
  add('unfollow', 1.5 * H, { direction: 'in', type: 'Event', columns: { [M.Event]: 'unsubscribe' } });
  add('refollow', 1.4 * H, { direction: 'in', type: 'Event', columns: { [M.Event]: 'subscribe' } });
  add('lastWords', f.lastWroteAgoMs, { direction: 'in', type: 'Text', columns: { [M.Content]: f.lastWords } });
  const imageReply = add('imageReply', 35 * MIN, { direction: 'out', type: 'Image', status: 'Pending' });
  addNote(org, imageReply, {
    subject: 'WeChat image reply',
    file: { name: 'catalogue.png', type: 'image/png', bytes: png(160, 120, [200, 60, 90], [250, 220, 120]) },
  });
  add('lastReply', 30 * MIN, { direction: 'out', type: 'Text', columns: { [M.Content]: f.lastReply } });
  return { followerId, ids, at };
}
