/**
 * Every inbound type WeChat documents → the exact change set the worker writes: the follower operation, the
 * `wxm_message` row (create-only by account + WeChat message id) and its notes.
 */
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { DeliveryStatus, Direction, EntitySets, Follower, Message, MessageType, SubscribeScene } from '@wxm/solution/schema';
import type { Row, WriteOperation } from '../../dataverse/types.js';
import { deliverInbound } from './deliver-inbound.js';
import { FOLLOWER_SELECT } from './follower-row.js';
import { event, deliveryWorld, envelopeOf, OPENID, push, T0, type DeliveryWorld } from '@wxm/testkit/kit/delivery/inbound-fixtures';

const M = Message.columns;
const F = Follower.columns;
let w: DeliveryWorld;
let account: string;

beforeEach(() => {
  w = deliveryWorld();
  account = w.bound.officialAccountId;
  w.profiles.profiles.set(OPENID, {
    subscribed: true,
    unionid: 'uUnion01',
    language: 'zh_CN',
    tagIds: [2, 101],
    subscribeTime: T0 - 86_400,
    subscribeScene: 'ADD_SCENE_SEARCH',
  });
});

/** Delivers one push and returns the change set it was written with. */
async function deliver(xml: string): Promise<WriteOperation[]> {
  const envelope = envelopeOf(xml);
  const outcome = await deliverInbound(envelope, w.deps);
  expect(outcome.status).toBe('delivered');
  const batches = w.org.calls.filter((c) => c.op === 'batch');
  const last = batches.at(-1);
  if (last?.op !== 'batch') throw new Error('nothing written');
  expect(last.changeSets).toHaveLength(1);
  return last.changeSets[0] ?? [];
}

const followerKey = `${F.OpenId}='${OPENID}',_${F.OfficialAccountId}_value=`;
const base = (xml: string, type: number, id: string, extra: Row): Row => ({
  [M.Direction]: Direction.Inbound,
  [M.MessageType]: type,
  [M.WeChatMsgId]: id,
  [M.WeChatCreatedOn]: '2024-06-10T06:13:20Z',
  [M.DeliveryStatus]: DeliveryStatus.Received,
  [M.RawXml]: xml,
  [`${Message.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})`,
  [`${Message.navigation.FollowerId}@odata.bind`]: `/${EntitySets.Follower}(${followerKey}${account})`,
  ...extra,
});
const messageOp = (id: string, data: Row): WriteOperation => ({
  kind: 'upsert',
  entitySet: EntitySets.Message,
  key: `_${M.OfficialAccountId}_value=${account},${M.WeChatMsgId}='${id}'`,
  data,
  ifNoneMatch: true,
});
const eventId = (xml: string) => `evt-${createHash('sha256').update(envelopeOf(xml).dedupeKey).digest('base64url')}`;
const noteOp = (id: string, data: Row): WriteOperation => ({
  kind: 'create',
  entitySet: 'annotations',
  data: {
    subject: data.subject,
    'objectid_wxm_message@odata.bind': `/${EntitySets.Message}(_${M.OfficialAccountId}_value=${account},${M.WeChatMsgId}='${id}')`,
    ...data,
  },
});
const file = (text: string, contentType: string, filename: string) => ({ bytes: new TextEncoder().encode(text), contentType, filename });
const b64 = (text: string) => Buffer.from(text).toString('base64');
const dataOf = (op: WriteOperation | undefined): Row => (op && (op.kind === 'create' || op.kind === 'upsert') ? op.data : {});

describe('standard messages', () => {
  it('text with emoji and 4-byte characters: content verbatim; a new follower gets its profile', async () => {
    const xml = push({ MsgType: 'text', Content: '你好 👋🏽 𠮷 <b>&amp;', MsgId: '23456789012345678' });
    const ops = await deliver(xml);
    expect(ops).toEqual([
      {
        kind: 'upsert',
        entitySet: EntitySets.Follower,
        key: `${followerKey}${account}`,
        ifNoneMatch: true,
        select: FOLLOWER_SELECT,
        data: {
          [F.OpenId]: OPENID,
          [F.Name]: OPENID,
          [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})`,
          [F.Subscribed]: true,
          [F.SubscribedOn]: '2024-06-09T06:13:20Z',
          [F.SubscribeScene]: SubscribeScene.Search,
          [F.LastInteractionOn]: '2024-06-10T06:13:20Z',
          // The message opens the 48-hour allowance (relay/window), its count from 0.
          [F.LastMessageOn]: '2024-06-10T06:13:20Z',
          [F.SentSinceMessage]: 0,
          [F.UnionId]: 'uUnion01',
          [F.Language]: 'zh_CN',
          [F.Tags]: '2,101',
        },
      },
      messageOp(
        '23456789012345678',
        base(xml, MessageType.Text, '23456789012345678', { [M.Content]: '你好 👋🏽 𠮷 <b>&amp;', [M.Name]: 'text: 你好 👋🏽 𠮷 <b>&amp;' }),
      ),
    ]);
    expect(w.profiles.calls).toEqual([`wxaaaabbbbccccdddd:${OPENID}`]);
  });

  it('image: PicUrl and MediaId on the row, the picture as a note', async () => {
    w.media.files.set('imgMedia1', file('JPEGDATA', 'image/jpeg', 'imgMedia1.jpg'));
    const xml = push({ MsgType: 'image', PicUrl: 'http://mmbiz.qpic.cn/pic1', MediaId: 'imgMedia1', MsgId: '1000000000000000001' });
    const ops = await deliver(xml);
    expect(ops.slice(1)).toEqual([
      messageOp(
        '1000000000000000001',
        base(xml, MessageType.Image, '1000000000000000001', { [M.MediaId]: 'imgMedia1', [M.MediaUrl]: 'http://mmbiz.qpic.cn/pic1', [M.Name]: 'image' }),
      ),
      noteOp('1000000000000000001', { subject: 'WeChat image', filename: 'imgMedia1.jpg', mimetype: 'image/jpeg', documentbody: b64('JPEGDATA') }),
    ]);
    expect(w.media.calls).toEqual(['wxaaaabbbbccccdddd:imgMedia1']);
  });

  it('voice with recognition: the recognised text is the content; the audio is a note', async () => {
    w.media.files.set('voiceMedia1', file('#!AMR', 'audio/amr', 'voiceMedia1.amr'));
    const xml = push({ MsgType: 'voice', MediaId: 'voiceMedia1', Format: 'amr', Recognition: '明天见', MsgId: '1000000000000000002' });
    const ops = await deliver(xml);
    expect(ops.slice(1)).toEqual([
      messageOp(
        '1000000000000000002',
        base(xml, MessageType.Voice, '1000000000000000002', { [M.MediaId]: 'voiceMedia1', [M.Content]: '明天见', [M.Name]: 'voice: 明天见' }),
      ),
      noteOp('1000000000000000002', { subject: 'WeChat voice', filename: 'voiceMedia1.amr', mimetype: 'audio/amr', documentbody: b64('#!AMR') }),
    ]);
  });

  it.each([
    ['video', MessageType.Video],
    ['shortvideo', MessageType.ShortVideo],
  ])('%s: the video and its thumbnail, each a note', async (kind, type) => {
    w.media.files.set('vid1', file('MP4', 'video/mp4', 'vid1.mp4'));
    w.media.files.set('thumb1', file('JPG', 'image/jpeg', 'thumb1.jpg'));
    const xml = push({ MsgType: kind, MediaId: 'vid1', ThumbMediaId: 'thumb1', MsgId: '1000000000000000003' });
    const ops = await deliver(xml);
    expect(ops.slice(1)).toEqual([
      messageOp('1000000000000000003', base(xml, type, '1000000000000000003', { [M.MediaId]: 'vid1', [M.ThumbMediaId]: 'thumb1', [M.Name]: kind })),
      noteOp('1000000000000000003', { subject: `WeChat ${kind}`, filename: 'vid1.mp4', mimetype: 'video/mp4', documentbody: b64('MP4') }),
      noteOp('1000000000000000003', { subject: `WeChat ${kind} thumbnail`, filename: 'thumb1.jpg', mimetype: 'image/jpeg', documentbody: b64('JPG') }),
    ]);
  });

  it('location: coordinates rounded to the column precision, the label as content', async () => {
    const xml = push({
      MsgType: 'location',
      Location_X: '23.1345219',
      Location_Y: '113.358803',
      Scale: 20,
      Label: '广州市天河区',
      MsgId: '1000000000000000004',
    });
    const ops = await deliver(xml);
    expect(ops.slice(1)).toEqual([
      messageOp(
        '1000000000000000004',
        base(xml, MessageType.Location, '1000000000000000004', {
          [M.Latitude]: 23.134522,
          [M.Longitude]: 113.358803,
          [M.Content]: '广州市天河区',
          [M.Name]: 'location: 广州市天河区',
        }),
      ),
    ]);
  });

  it('link: title, description and URL', async () => {
    const xml = push({ MsgType: 'link', Title: '公众号开发', Description: '文档', Url: 'https://developers.weixin.qq.com/doc/', MsgId: '1000000000000000005' });
    const ops = await deliver(xml);
    expect(ops.slice(1)).toEqual([
      messageOp(
        '1000000000000000005',
        base(xml, MessageType.Link, '1000000000000000005', {
          [M.Title]: '公众号开发',
          [M.Content]: '公众号开发\n文档\nhttps://developers.weixin.qq.com/doc/',
          [M.MediaUrl]: 'https://developers.weixin.qq.com/doc/',
          [M.Name]: 'link: 公众号开发 文档 https://developers.weixin.qq.com/doc/',
        }),
      ),
    ]);
  });

  it('miniprogrampage: title, page path, thumbnail; nothing downloaded', async () => {
    const xml = push({
      MsgType: 'miniprogrampage',
      AppId: 'wxmini0000000001',
      Title: '小程序',
      PagePath: 'pages/index?x=1',
      ThumbUrl: 'http://mmbiz.qpic.cn/t',
      ThumbMediaId: 'mpThumb',
      MsgId: '1000000000000000006',
    });
    const ops = await deliver(xml);
    expect(ops.slice(1)).toEqual([
      messageOp(
        '1000000000000000006',
        base(xml, MessageType.MiniProgramPage, '1000000000000000006', {
          [M.Title]: '小程序',
          [M.Content]: 'pages/index?x=1',
          [M.MediaUrl]: 'http://mmbiz.qpic.cn/t',
          [M.ThumbMediaId]: 'mpThumb',
          [M.Name]: 'miniprogrampage: pages/index?x=1',
        }),
      ),
    ]);
    expect(w.media.calls).toEqual([]);
  });

  it('an unknown MsgType is kept as Unknown with its raw XML', async () => {
    const xml = push({ MsgType: 'channels_card', Content: 'card', FinderUsername: 'v2_x', MsgId: '1000000000000000007' });
    const ops = await deliver(xml);
    expect(ops.slice(1)).toEqual([
      messageOp('1000000000000000007', base(xml, MessageType.Unknown, '1000000000000000007', { [M.Content]: 'card', [M.Name]: 'channels_card: card' })),
    ]);
  });
});

describe('events', () => {
  it('subscribe through a parametric QR code: scene QrCode and the QR scene on the follower', async () => {
    w.profiles.profiles.set(OPENID, { subscribed: true, tagIds: [], subscribeTime: T0, subscribeScene: 'ADD_SCENE_QR_CODE', qrSceneStr: '123123' });
    const xml = event('subscribe', { EventKey: 'qrscene_123123', Ticket: 'TICKET' });
    const ops = await deliver(xml);
    expect(dataOf(ops[0])).toEqual({
      [F.OpenId]: OPENID,
      [F.Name]: OPENID,
      [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})`,
      [F.Subscribed]: true,
      [F.SubscribedOn]: '2024-06-10T06:13:20Z',
      [F.SubscribeScene]: SubscribeScene.QrCode,
      [F.QrScene]: '123123',
      [F.LastInteractionOn]: '2024-06-10T06:13:20Z',
      // A follow opens the 1-minute allowance.
      [F.LastEventOn]: '2024-06-10T06:13:20Z',
      [F.SentSinceEvent]: 0,
    });
    expect(ops[1]).toEqual(
      messageOp(
        eventId(xml),
        base(xml, MessageType.Event, eventId(xml), { [M.Event]: 'subscribe', [M.EventKey]: 'qrscene_123123', [M.Name]: 'event subscribe' }),
      ),
    );
  });

  it('unsubscribe: a follower first met leaving is stored as not following; no user/info call', async () => {
    const xml = event('unsubscribe');
    const ops = await deliver(xml);
    expect(ops[0]).toEqual({
      kind: 'upsert',
      entitySet: EntitySets.Follower,
      key: `${followerKey}${account}`,
      ifNoneMatch: true,
      select: FOLLOWER_SELECT,
      data: {
        [F.OpenId]: OPENID,
        [F.Name]: OPENID,
        [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})`,
        [F.Subscribed]: false,
        [F.UnsubscribedOn]: '2024-06-10T06:13:20Z',
      },
    });
    expect(ops[1]).toEqual(messageOp(eventId(xml), base(xml, MessageType.Event, eventId(xml), { [M.Event]: 'unsubscribe', [M.Name]: 'event unsubscribe' })));
    expect(w.profiles.calls).toEqual([]);
  });

  it('SCAN by a known follower: event key, the 48-hour window moves, the follow source stays', async () => {
    await deliver(event('subscribe', { EventKey: 'qrscene_first' }, { at: T0 - 100 }));
    const xml = event('SCAN', { EventKey: 'spring2024', Ticket: 'T' });
    const ops = await deliver(xml);
    expect(ops[0]).toMatchObject({ kind: 'upsert', entitySet: EntitySets.Follower, data: { [F.LastInteractionOn]: '2024-06-10T06:13:20Z' } });
    // The scan opens a new 1-minute allowance: its time and a count back to 0.
    expect(dataOf(ops[0])).toEqual({ [F.LastInteractionOn]: '2024-06-10T06:13:20Z', [F.LastEventOn]: '2024-06-10T06:13:20Z', [F.SentSinceEvent]: 0 });
    expect(ops[1]).toEqual(
      messageOp(eventId(xml), base(xml, MessageType.Event, eventId(xml), { [M.Event]: 'SCAN', [M.EventKey]: 'spring2024', [M.Name]: 'event SCAN' })),
    );
    expect(w.org.rows(EntitySets.Follower)[0]).toMatchObject({ [F.QrScene]: 'first', [F.SubscribeScene]: SubscribeScene.QrCode });
  });

  it('LOCATION report: coordinates on the row; not an interaction, so a known follower is not written', async () => {
    await deliver(push({ MsgType: 'text', Content: 'hi', MsgId: '1' }, { at: T0 - 10 }));
    const xml = event('LOCATION', { Latitude: '23.137466', Longitude: '113.352425', Precision: '119.385040' });
    const ops = await deliver(xml);
    expect(ops).toEqual([
      messageOp(
        eventId(xml),
        base(xml, MessageType.Event, eventId(xml), { [M.Event]: 'LOCATION', [M.Latitude]: 23.137466, [M.Longitude]: 113.352425, [M.Name]: 'event LOCATION' }),
      ),
    ]);
  });

  it('CLICK: the menu key; an interaction', async () => {
    await deliver(push({ MsgType: 'text', Content: 'hi', MsgId: '1' }, { at: T0 - 10 }));
    const xml = event('CLICK', { EventKey: 'MENU_PRICES' });
    const ops = await deliver(xml);
    expect(dataOf(ops[0])).toEqual({ [F.LastInteractionOn]: '2024-06-10T06:13:20Z', [F.LastEventOn]: '2024-06-10T06:13:20Z', [F.SentSinceEvent]: 0 });
    expect(ops[1]).toEqual(
      messageOp(eventId(xml), base(xml, MessageType.Event, eventId(xml), { [M.Event]: 'CLICK', [M.EventKey]: 'MENU_PRICES', [M.Name]: 'event CLICK' })),
    );
  });

  it('VIEW: the URL as event key; opening a link does not open the 48-hour window', async () => {
    await deliver(push({ MsgType: 'text', Content: 'hi', MsgId: '1' }, { at: T0 - 10 }));
    const xml = event('VIEW', { EventKey: 'https://example.com/a?b=c', MenuId: '208396938' });
    const ops = await deliver(xml);
    expect(ops).toEqual([
      messageOp(
        eventId(xml),
        base(xml, MessageType.Event, eventId(xml), { [M.Event]: 'VIEW', [M.EventKey]: 'https://example.com/a?b=c', [M.Name]: 'event VIEW' }),
      ),
    ]);
  });

  it('TEMPLATESENDJOBFINISH: the job MsgID as event key, the status as content, an event id (not the job id)', async () => {
    const xml = event('TEMPLATESENDJOBFINISH', { MsgID: '200163836', Status: 'failed:user block' });
    const ops = await deliver(xml);
    expect(eventId(xml)).toMatch(/^evt-[A-Za-z0-9_-]{43}$/);
    expect(ops.at(-1)).toEqual(
      messageOp(
        eventId(xml),
        base(xml, MessageType.Event, eventId(xml), {
          [M.Event]: 'TEMPLATESENDJOBFINISH',
          [M.EventKey]: '200163836',
          [M.Content]: 'failed:user block',
          [M.Name]: 'event TEMPLATESENDJOBFINISH: failed:user block',
        }),
      ),
    );
  });

  it('MASSSENDJOBFINISH: an account event, no follower; counts in the content', async () => {
    const xml = event(
      'MASSSENDJOBFINISH',
      { MsgID: '1988', Status: 'sendsuccess', TotalCount: 100, FilterCount: 80, SentCount: 75, ErrorCount: 5 },
      { from: 'oMassSendAssistant' },
    );
    const ops = await deliver(xml);
    const { [`${Message.navigation.FollowerId}@odata.bind`]: _none, ...withoutFollower } = base(xml, MessageType.Event, eventId(xml), {
      [M.Event]: 'MASSSENDJOBFINISH',
      [M.EventKey]: '1988',
      [M.Content]: 'sendsuccess\nTotalCount 100, FilterCount 80, SentCount 75, ErrorCount 5',
      [M.Name]: 'event MASSSENDJOBFINISH: sendsuccess TotalCount 100, FilterCount 80, SentCount 75, ErrorCount 5',
    });
    expect(ops).toEqual([messageOp(eventId(xml), withoutFollower)]);
    expect(w.org.rows(EntitySets.Follower)).toEqual([]);
  });

  it('an unknown event (scancode_push) is an Event row with its key, and counts as an interaction', async () => {
    const xml = event('scancode_push', { EventKey: 'scan_menu', ScanCodeInfo: 'x' });
    const ops = await deliver(xml);
    expect(dataOf(ops[0])).toMatchObject({ [F.LastInteractionOn]: '2024-06-10T06:13:20Z' });
    expect(ops[1]).toEqual(
      messageOp(
        eventId(xml),
        base(xml, MessageType.Event, eventId(xml), { [M.Event]: 'scancode_push', [M.EventKey]: 'scan_menu', [M.Name]: 'event scancode_push' }),
      ),
    );
  });
});
