/**
 * The delivery worker against the Dataverse emulator through the real gateway: what Dataverse accepts (names,
 * types, lengths, binds by alternate key, notes), exactly-once under replays, order, outages, tenant isolation.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountStatus, DeliveryStatus, Direction, EntitySets, Follower, Message, MessageType, OfficialAccount } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import type { DataverseOrg } from '../../dataverse/types.js';
import { deliverInbound } from './deliver-inbound.js';
import { APPID, envelopeOf, event, OPENID, push, T0 } from '@wxm/testkit/kit/delivery/inbound-fixtures';
import { deliveryDeps as depsFor, startTenant, type Tenant } from '@wxm/testkit/kit/delivery/emulator-world';

const emulators = new Emulators();
afterAll(() => emulators.closeAll());

const F = Follower.columns;
const M = Message.columns;
const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

describe('one org', () => {
  let t: Tenant;
  let deps: ReturnType<typeof depsFor>;
  beforeEach(async () => {
    t = await startTenant(emulators, APPID);
    deps = depsFor([t]);
    deps.profiles.profiles.set(OPENID, {
      subscribed: true,
      unionid: 'uUnion01',
      language: 'zh_CN',
      tagIds: [2, 101],
      subscribeTime: T0 - 600,
      subscribeScene: 'ADD_SCENE_QR_CODE',
      qrSceneStr: 'spring',
    });
  });
  afterEach(() => t.dv.close());

  it('a text with emoji, 4-byte characters and 2,000 characters survives; follower and message rows as Dataverse stores them', async () => {
    const content = `你好 👋🏽 𠮷 ${'长'.repeat(1990)}`;
    const xml = push({ MsgType: 'text', Content: content, MsgId: '24000000000000000001' });
    expect(await deliverInbound(envelopeOf(xml), deps)).toEqual({ status: 'delivered', wechatMsgId: '24000000000000000001', followerCreated: true });
    const [follower] = t.dv.rows(EntitySets.Follower);
    expect(follower).toMatchObject({
      [F.OpenId]: OPENID,
      [F.Name]: OPENID,
      [`_${F.OfficialAccountId}_value`]: t.bound.officialAccountId,
      [F.Subscribed]: true,
      [F.SubscribedOn]: iso(T0 - 600),
      [F.SubscribeScene]: 472610003,
      [F.QrScene]: 'spring',
      [F.LastInteractionOn]: iso(T0),
      [F.UnionId]: 'uUnion01',
      [F.Language]: 'zh_CN',
      [F.Tags]: '2,101',
    });
    const [message] = t.dv.rows(EntitySets.Message);
    expect(message).toMatchObject({
      [M.Direction]: Direction.Inbound,
      [M.MessageType]: MessageType.Text,
      [M.Content]: content,
      [M.WeChatMsgId]: '24000000000000000001',
      [M.WeChatCreatedOn]: iso(T0),
      [M.DeliveryStatus]: DeliveryStatus.Received,
      [M.RawXml]: xml,
      [`_${M.OfficialAccountId}_value`]: t.bound.officialAccountId,
      [`_${M.FollowerId}_value`]: follower?.[F.Id],
    });
  });

  it('an image, replayed three times: one message row, one note with the bytes, regarding that message', async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3, 250]);
    deps.media.files.set('MEDIA_1', { bytes, contentType: 'image/jpeg', filename: 'MEDIA_1.jpg' });
    const envelope = envelopeOf(push({ MsgType: 'image', PicUrl: 'http://mmbiz.qpic.cn/x', MediaId: 'MEDIA_1', MsgId: '24000000000000000002' }));
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push((await deliverInbound(envelope, deps)).status);
    expect(outcomes).toEqual(['delivered', 'duplicate', 'duplicate']);
    const messages = t.dv.rows(EntitySets.Message);
    expect(messages).toHaveLength(1);
    const notes = t.dv.rows('annotations');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      subject: 'WeChat image',
      filename: 'MEDIA_1.jpg',
      mimetype: 'image/jpeg',
      filesize: 9,
      isdocument: true,
      objecttypecode: 'wxm_message',
      _objectid_value: messages[0]?.[M.Id],
    });
    expect(Buffer.from(String(notes[0]?.documentbody), 'base64')).toEqual(Buffer.from(bytes));
  });

  it('every event type is accepted by Dataverse as mapped (unknown ones with their raw XML)', async () => {
    const pushes = [
      event('subscribe', { EventKey: 'qrscene_123123', Ticket: 'T' }, { at: T0 }),
      event('SCAN', { EventKey: '123123', Ticket: 'T' }, { at: T0 + 1 }),
      event('LOCATION', { Latitude: '23.137466', Longitude: '113.352425', Precision: '119.385040' }, { at: T0 + 2 }),
      event('CLICK', { EventKey: 'MENU_1' }, { at: T0 + 3 }),
      event('VIEW', { EventKey: `https://example.com/${'p/'.repeat(400)}` }, { at: T0 + 4 }),
      event('TEMPLATESENDJOBFINISH', { MsgID: '200163836', Status: 'success' }, { at: T0 + 5 }),
      event(
        'MASSSENDJOBFINISH',
        { MsgID: '1988', Status: 'sendsuccess', TotalCount: 3, FilterCount: 3, SentCount: 3, ErrorCount: 0 },
        { at: T0 + 6, from: 'oMassAssistant' },
      ),
      event('kf_create_session', { KfAccount: 'kf@x' }, { at: T0 + 7 }),
      push({ MsgType: 'location', Location_X: '23.134521', Location_Y: '113.358803', Scale: 20, Label: '位置', MsgId: '24000000000000000010' }, { at: T0 + 8 }),
      push({ MsgType: 'link', Title: 'T', Description: 'D', Url: 'https://e.com', MsgId: '24000000000000000011' }, { at: T0 + 9 }),
      push(
        {
          MsgType: 'miniprogrampage',
          AppId: 'wxmini',
          Title: 'MP',
          PagePath: 'pages/a',
          ThumbUrl: 'http://t',
          ThumbMediaId: 'tm',
          MsgId: '24000000000000000012',
        },
        { at: T0 + 10 },
      ),
      event('unsubscribe', {}, { at: T0 + 11 }),
    ];
    for (const xml of pushes) expect((await deliverInbound(envelopeOf(xml), deps)).status).toBe('delivered');
    const rows = t.dv.rows(EntitySets.Message);
    expect(rows).toHaveLength(pushes.length);
    expect(rows.filter((r) => r[`_${M.FollowerId}_value`] === null || r[`_${M.FollowerId}_value`] === undefined).map((r) => r[M.Event])).toEqual([
      'MASSSENDJOBFINISH',
    ]);
    expect(t.dv.rows(EntitySets.Follower)).toEqual([
      expect.objectContaining({
        [F.Subscribed]: false,
        [F.SubscribedOn]: iso(T0),
        [F.UnsubscribedOn]: iso(T0 + 11),
        [F.QrScene]: '123123',
        [F.LastInteractionOn]: iso(T0 + 10),
      }),
    ]);
  });

  it('subscribe and unsubscribe of the same second delivered in reverse: not following, both times kept', async () => {
    deps.profiles.profiles.set(OPENID, new Error('user/info down'));
    await deliverInbound(envelopeOf(event('unsubscribe', {}, { at: T0 })), deps);
    await deliverInbound(envelopeOf(event('subscribe', { EventKey: 'qrscene_7' }, { at: T0 })), deps);
    expect(t.dv.rows(EntitySets.Follower)).toEqual([
      expect.objectContaining({ [F.Subscribed]: false, [F.SubscribedOn]: iso(T0), [F.UnsubscribedOn]: iso(T0), [F.QrScene]: '7' }),
    ]);
    expect(t.dv.rows(EntitySets.Message)).toHaveLength(2);
  });

  it('Dataverse down: thrown as transient, nothing half-written; back up: the retry delivers once', async () => {
    t.dv.setOutage(true);
    const envelope = envelopeOf(push({ MsgType: 'text', Content: 'down', MsgId: '24000000000000000020' }));
    await expect(deliverInbound(envelope, deps)).rejects.toMatchObject({ name: 'DataverseError', kind: 'transient', status: 503 });
    t.dv.setOutage(false);
    expect(t.dv.rows(EntitySets.Message)).toEqual([]);
    expect(await deliverInbound(envelope, deps)).toMatchObject({ status: 'delivered' });
    expect(t.dv.rows(EntitySets.Message)).toHaveLength(1);
  });

  it('an application user without the message privilege: 403, the account says Needs Attention, thrown for poison', async () => {
    const limited = await startTenant(emulators, 'wxlimited00000001');
    limited.dv.addApplicationUser({
      clientId: '0a0a0a0a-0000-4000-8000-000000000001',
      clientSecret: 'limited-secret-0001',
      privileges: ['prvReadwxm_follower', 'prvCreatewxm_follower', 'prvWritewxm_follower', 'prvReadwxm_officialaccount', 'prvWritewxm_officialaccount'],
    });
    const org = gatewayFor(limited.dv).open(
      credentialsFor(limited.dv, { clientId: '0a0a0a0a-0000-4000-8000-000000000001', clientSecret: 'limited-secret-0001' }),
    );
    const d = depsFor([{ ...limited, org, bound: { ...limited.bound, org } }]);
    await expect(deliverInbound(envelopeOf(push({ MsgType: 'text', Content: 'x', MsgId: '1' }), 'wxlimited00000001'), d)).rejects.toMatchObject({
      kind: 'forbidden',
      status: 403,
    });
    const [account] = limited.dv.rows(EntitySets.OfficialAccount);
    expect(account?.[OfficialAccount.columns.AccountStatus]).toBe(AccountStatus.NeedsAttention);
    expect(String(account?.[OfficialAccount.columns.LastDeliveryError])).toContain('prvCreatewxm_message');
    expect(limited.dv.rows(EntitySets.Message)).toEqual([]);
    await limited.dv.close();
  });
});

describe('outage in the middle of a delivery', () => {
  it('the follower query succeeds, the $batch meets the outage: no follower, no message; the retry writes both once', async () => {
    let outageAtBatch = true;
    let dvRef: Tenant['dv'] | undefined;
    const wrap = (org: DataverseOrg): DataverseOrg =>
      Object.assign(Object.create(org) as DataverseOrg, {
        submit: (ops: Parameters<DataverseOrg['submit']>[0]) => {
          if (outageAtBatch) dvRef?.setOutage({ requests: 1 });
          return org.submit(ops);
        },
      });
    const t = await startTenant(emulators, APPID, { wrap });
    dvRef = t.dv;
    const deps = depsFor([t]);
    const envelope = envelopeOf(push({ MsgType: 'text', Content: 'mid', MsgId: '24000000000000000030' }));
    await expect(deliverInbound(envelope, deps)).rejects.toMatchObject({ kind: 'transient' });
    expect(t.dv.rows(EntitySets.Follower)).toEqual([]);
    expect(t.dv.rows(EntitySets.Message)).toEqual([]);
    outageAtBatch = false;
    await deliverInbound(envelope, deps);
    await deliverInbound(envelope, deps);
    expect(t.dv.rows(EntitySets.Follower)).toHaveLength(1);
    expect(t.dv.rows(EntitySets.Message)).toHaveLength(1);
    await t.dv.close();
  });
});

describe('two relay instances, one follower', () => {
  it('messages of one new follower split across two instances at once: all delivered, the follower created once, its window at the latest', async () => {
    const t = await startTenant(emulators, APPID);
    // Two processes: each its own delivery memory (no shared turns, cache or batch); only Dataverse's keys and ETags arbitrate.
    const one = depsFor([t]);
    const two = depsFor([t]);
    const pushes = Array.from({ length: 10 }, (_, i) => push({ MsgType: 'text', Content: `n${i}`, MsgId: `${500 + i}` }, { at: T0 + ((i * 7) % 10) }));
    const outcomes = await Promise.all(pushes.map((xml, i) => deliverInbound(envelopeOf(xml), i % 2 ? one : two)));
    expect(outcomes.map((o) => o.status)).toEqual(Array(10).fill('delivered'));
    expect(t.dv.rows(EntitySets.Message)).toHaveLength(10);
    expect(t.dv.rows(EntitySets.Follower)).toEqual([expect.objectContaining({ [F.OpenId]: OPENID, [F.LastInteractionOn]: iso(T0 + 9), [F.Subscribed]: true })]);
    // A change set refused with 412 (the other instance created or changed the follower first) is followed by a
    // look-up of its message before being redone from a fresh read: those look-ups count the races.
    const redone = t.dv.requestLog().filter((r) => r.method === 'GET' && r.path.includes(`${EntitySets.Message}(`)).length;
    expect(redone).toBeGreaterThan(0);
    console.log(`[two instances] 10 messages of one follower: ${t.dv.requestLog().length} requests, ${redone} change sets lost a race and were redone`);
    await t.dv.close();
  });
});

describe('tenant isolation', () => {
  it('two accounts bound to two orgs: each message lands only in its own org, with that org’s own application user', async () => {
    const a = await startTenant(emulators, 'wxaaaa000000000001');
    const b = await startTenant(emulators, 'wxbbbb000000000002');
    const deps = depsFor([a, b]);
    const envelopes = [
      ...Array.from({ length: 5 }, (_, i) =>
        envelopeOf(push({ MsgType: 'text', Content: `A${i}`, MsgId: `${100 + i}` }, { from: `oAfollower${i}` }), 'wxaaaa000000000001'),
      ),
      ...Array.from({ length: 5 }, (_, i) =>
        envelopeOf(push({ MsgType: 'text', Content: `B${i}`, MsgId: `${100 + i}` }, { from: `oBfollower${i}` }), 'wxbbbb000000000002'),
      ),
    ];
    // Concurrently, so both orgs' micro-batches are open at the same time.
    await Promise.all(envelopes.map((e) => deliverInbound(e, deps)));
    const contents = (t: Tenant) =>
      t.dv
        .rows(EntitySets.Message)
        .map((r) => r[M.Content])
        .sort();
    expect(contents(a)).toEqual(['A0', 'A1', 'A2', 'A3', 'A4']);
    expect(contents(b)).toEqual(['B0', 'B1', 'B2', 'B3', 'B4']);
    expect(
      a.dv
        .rows(EntitySets.Follower)
        .map((r) => r[F.OpenId])
        .sort(),
    ).toEqual(['oAfollower0', 'oAfollower1', 'oAfollower2', 'oAfollower3', 'oAfollower4']);
    expect(b.dv.rows(EntitySets.Follower).every((r) => String(r[F.OpenId]).startsWith('oB'))).toBe(true);
    for (const t of [a, b]) {
      const log = t.dv.requestLog();
      expect(log.length).toBeGreaterThan(0);
      expect(new Set(log.map((l) => l.clientId))).toEqual(new Set([t.dv.defaultUser.clientId]));
      expect(log.every((l) => l.status < 400)).toBe(true);
    }
    await Promise.all([a.dv.close(), b.dv.close()]);
  });
});
