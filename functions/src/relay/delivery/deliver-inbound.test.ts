/** The delivery use case with memory fakes: parking, exactly-once, order, profiles, contacts, media, errors. */
import { beforeEach, describe, expect, it } from 'vitest';
import { AccountStatus, EntitySets, Follower, Message, OfficialAccount } from '@wxm/solution/schema';
import { DataverseError } from '../../dataverse/errors.js';
import { deliverInbound } from './deliver-inbound.js';
import { InvalidEnvelope, MediaUnavailable } from './errors.js';
import { APPID, deliveryWorld, envelopeOf, event, OPENID, push, T0, type DeliveryWorld } from '@wxm/testkit/kit/delivery/inbound-fixtures';

const F = Follower.columns;
const M = Message.columns;
let w: DeliveryWorld;

beforeEach(() => {
  w = deliveryWorld();
});

const text = (msgId: string, at = T0, from = OPENID) => push({ MsgType: 'text', Content: `m${msgId}`, MsgId: msgId }, { at, from });
const follower = () => w.org.rows(EntitySets.Follower)[0] ?? {};
const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

describe('accounts without binding', () => {
  it('parks the envelope (never drops it) and writes nothing', async () => {
    w.bindings.accounts.clear();
    const envelope = envelopeOf(text('1'));
    expect(await deliverInbound(envelope, w.deps)).toEqual({ status: 'parked' });
    expect(await w.parked.peek(APPID)).toEqual([envelope]);
    expect(w.org.calls).toEqual([]);
  });
});

describe('exactly once', () => {
  it('the same envelope three times gives one message row; the repeats write nothing', async () => {
    const envelope = envelopeOf(text('555'));
    expect(await deliverInbound(envelope, w.deps)).toEqual({ status: 'delivered', wechatMsgId: '555', followerCreated: true });
    expect(await deliverInbound(envelope, w.deps)).toEqual({ status: 'duplicate', wechatMsgId: '555' });
    expect(await deliverInbound(envelope, w.deps)).toEqual({ status: 'duplicate', wechatMsgId: '555' });
    expect(w.org.rows(EntitySets.Message)).toHaveLength(1);
    expect(w.org.rows(EntitySets.Follower)).toHaveLength(1);
    expect(w.profiles.calls).toHaveLength(1);
  });

  it('an image replayed keeps exactly one note', async () => {
    w.media.files.set('m1', { bytes: new Uint8Array([1, 2, 3]), contentType: 'image/png', filename: 'm1.png' });
    const envelope = envelopeOf(push({ MsgType: 'image', PicUrl: 'http://p', MediaId: 'm1', MsgId: '9' }));
    await deliverInbound(envelope, w.deps);
    await deliverInbound(envelope, w.deps);
    expect(w.org.rows('annotations')).toHaveLength(1);
  });
});

describe('follower state by event time, whatever the processing order', () => {
  const subscribe = (at: number) => event('subscribe', {}, { at });
  const unsubscribe = (at: number) => event('unsubscribe', {}, { at });

  it.each([
    ['subscribe then unsubscribe in the same second, in order', [subscribe(T0), unsubscribe(T0)], { on: T0, off: T0, subscribed: false }],
    ['…the same two delivered in reverse', [unsubscribe(T0), subscribe(T0)], { on: T0, off: T0, subscribed: false }],
    ['leave, then follow again a minute later, delivered in reverse', [subscribe(T0 + 60), unsubscribe(T0)], { on: T0 + 60, off: T0, subscribed: true }],
    ['follow, then leave a minute later, delivered in reverse', [unsubscribe(T0 + 60), subscribe(T0)], { on: T0, off: T0 + 60, subscribed: false }],
  ])('%s', async (_name, pushes, expected) => {
    w.profiles.profiles.set(OPENID, new Error('user/info down'));
    for (const xml of pushes) await deliverInbound(envelopeOf(xml), w.deps);
    expect(follower()).toMatchObject({ [F.Subscribed]: expected.subscribed, [F.SubscribedOn]: iso(expected.on), [F.UnsubscribedOn]: iso(expected.off) });
    expect(w.org.rows(EntitySets.Message)).toHaveLength(2);
  });

  it('the 48-hour window only moves forward; an older message changes nothing on the follower', async () => {
    await deliverInbound(envelopeOf(text('2', T0 + 100)), w.deps);
    const writesBefore = w.org.calls.filter((c) => c.op === 'batch').length;
    await deliverInbound(envelopeOf(text('1', T0)), w.deps);
    expect(follower()[F.LastInteractionOn]).toBe(iso(T0 + 100));
    const last = w.org.calls.filter((c) => c.op === 'batch')[writesBefore];
    expect(last?.op === 'batch' && last.changeSets[0]?.map((o) => o.entitySet)).toEqual([EntitySets.Message]);
    expect(
      w.org
        .rows(EntitySets.Message)
        .map((r) => r[M.WeChatCreatedOn])
        .sort(),
    ).toEqual([iso(T0), iso(T0 + 100)]);
  });

  it('a follower changed by another instance between read and write (412) is re-read and merged', async () => {
    await deliverInbound(envelopeOf(text('1', T0)), w.deps);
    let raced = false;
    w.org.failWith = (call) => {
      if (call.op !== 'batch' || raced) return;
      raced = true; // another instance records a later interaction just before our batch lands
      const id = String(follower()[F.Id]);
      void w.org.update(EntitySets.Follower, id, { [F.LastInteractionOn]: iso(T0 + 500) });
    };
    const outcome = await deliverInbound(envelopeOf(text('2', T0 + 200)), w.deps);
    expect(outcome.status).toBe('delivered');
    expect(follower()[F.LastInteractionOn]).toBe(iso(T0 + 500));
    expect(w.org.rows(EntitySets.Message)).toHaveLength(2);
  });

  it('one follower’s messages arriving together are written one after another, all of them', async () => {
    const pushes = Array.from({ length: 6 }, (_, i) => text(String(100 + i), T0 + i));
    const outcomes = await Promise.all(pushes.reverse().map((x) => deliverInbound(envelopeOf(x), w.deps)));
    expect(outcomes.map((o) => o.status)).toEqual(Array(6).fill('delivered'));
    expect(w.org.rows(EntitySets.Follower)).toHaveLength(1);
    expect(follower()[F.LastInteractionOn]).toBe(iso(T0 + 5));
  });
});

describe('profiles', () => {
  it('a failing user/info never holds the message back', async () => {
    w.profiles.profiles.set(OPENID, new Error('48001 api unauthorized'));
    expect((await deliverInbound(envelopeOf(text('1')), w.deps)).status).toBe('delivered');
    expect(follower()).toMatchObject({ [F.Subscribed]: true, [F.LastInteractionOn]: iso(T0) });
    expect(w.logger.lines.some((l) => l.level === 'warn' && l.message.includes('profile unavailable'))).toBe(true);
  });

  it('is fetched for a new follower and on a follow, not for every message', async () => {
    await deliverInbound(envelopeOf(text('1', T0)), w.deps);
    await deliverInbound(envelopeOf(text('2', T0 + 1)), w.deps);
    expect(w.profiles.calls).toHaveLength(1);
    await deliverInbound(envelopeOf(event('subscribe', {}, { at: T0 + 2 })), w.deps);
    expect(w.profiles.calls).toHaveLength(2);
  });
});

describe('contact link', () => {
  const contact = (value: string) => w.org.insert('contacts', { new_wechatid: value });

  beforeEach(() => {
    w = deliveryWorld({ bound: { contactMatchColumn: 'new_wechatid' } });
  });

  it('links the Contact whose column equals the unionid', async () => {
    w.profiles.profiles.set(OPENID, { subscribed: true, unionid: 'uABC', tagIds: [] });
    contact('someone-else');
    const id = contact('uABC');
    await deliverInbound(envelopeOf(text('1')), w.deps);
    expect(follower()[`_${F.ContactId}_value`]).toBe(id);
  });

  it('matches the openid when WeChat gives no unionid', async () => {
    const id = contact(OPENID);
    await deliverInbound(envelopeOf(text('1')), w.deps);
    expect(follower()[`_${F.ContactId}_value`]).toBe(id);
  });

  it('leaves the follower unlinked when several Contacts match', async () => {
    contact(OPENID);
    contact(OPENID);
    await deliverInbound(envelopeOf(text('1')), w.deps);
    expect(follower()[`_${F.ContactId}_value`]).toBeUndefined();
    expect(w.logger.text()).toContain('several contacts match');
  });

  it('a Contact added later is found on a later message (after the recheck interval)', async () => {
    await deliverInbound(envelopeOf(text('1', T0)), w.deps);
    const id = contact(OPENID);
    await deliverInbound(envelopeOf(text('2', T0 + 1)), w.deps);
    expect(follower()[`_${F.ContactId}_value`]).toBeUndefined(); // checked a moment ago
    w.clock.advance(60 * 60 * 1000 + 1);
    await deliverInbound(envelopeOf(text('3', T0 + 2)), w.deps);
    expect(follower()[`_${F.ContactId}_value`]).toBe(id);
  });

  it('a column that is not a column name: message delivered, problem on the account status', async () => {
    w = deliveryWorld({ bound: { contactMatchColumn: "x' or 1 eq 1" } });
    expect((await deliverInbound(envelopeOf(text('1')), w.deps)).status).toBe('delivered');
    const account = w.org.rows(EntitySets.OfficialAccount)[0] ?? {};
    expect(account[OfficialAccount.columns.AccountStatus]).toBe(AccountStatus.NeedsAttention);
    expect(String(account[OfficialAccount.columns.LastDeliveryError])).toContain('contact match column');
    expect(w.org.calls.some((c) => c.op === 'retrieveMultiple' && c.entitySet === 'contacts')).toBe(false);
  });
});

describe('media', () => {
  it('media WeChat no longer has: the message is stored, a note says why', async () => {
    w.media.files.set('gone', new MediaUnavailable('gone', 'The media id is not valid (it may have expired).'));
    await deliverInbound(envelopeOf(push({ MsgType: 'image', PicUrl: 'http://p', MediaId: 'gone', MsgId: '7' })), w.deps);
    expect(w.org.rows('annotations')).toEqual([
      expect.objectContaining({
        subject: 'WeChat image',
        notetext: 'WeChat did not provide the file (media id gone): The media id is not valid (it may have expired).',
      }),
    ]);
    expect(w.org.rows('annotations')[0]).not.toHaveProperty('documentbody');
  });

  it('a download that fails for now is thrown (the queue retries while WeChat still has it); nothing written', async () => {
    w.media.files.set('m', new Error('ETIMEDOUT'));
    await expect(deliverInbound(envelopeOf(push({ MsgType: 'voice', MediaId: 'm', Format: 'amr', MsgId: '8' })), w.deps)).rejects.toThrow('ETIMEDOUT');
    expect(w.org.calls).toEqual([]);
  });

  it('a file above the note limit is described, not attached', async () => {
    w.deps.options = { maxNoteBytes: 4 };
    w.media.files.set('big', { bytes: new Uint8Array(5), contentType: 'video/mp4', filename: 'big.mp4' });
    await deliverInbound(envelopeOf(push({ MsgType: 'video', MediaId: 'big', ThumbMediaId: '', MsgId: '9' })), w.deps);
    expect(w.org.rows('annotations')[0]?.notetext).toBe(
      'The file (5 bytes, video/mp4) is larger than the 4 bytes a note may hold here, so it was not attached (media id big; WeChat keeps it for 3 days).',
    );
  });
});

describe('Dataverse failures', () => {
  const fail =
    (kind: DataverseError['kind'], status: number, code = '0x0') =>
    () => {
      throw new DataverseError(kind, status, code, `${kind} failure`);
    };

  it.each([
    ['transient', 503],
    ['throttled', 429],
  ] as const)('%s: thrown for the queue to retry; the account status is left alone', async (kind, status) => {
    w.org.failWith = (call) => call.op !== 'update' && fail(kind, status)();
    await expect(deliverInbound(envelopeOf(text('1')), w.deps)).rejects.toMatchObject({ name: 'DataverseError', kind });
    expect(w.org.calls.some((c) => c.op === 'update')).toBe(false);
    w.org.failWith = undefined;
    expect((await deliverInbound(envelopeOf(text('1')), w.deps)).status).toBe('delivered');
    expect(w.org.rows(EntitySets.Message)).toHaveLength(1);
  });

  it('a batch that fails as a whole after the read writes nothing, and the retry completes it', async () => {
    w.org.failWith = (call) => call.op === 'batch' && fail('transient', 503)();
    await expect(deliverInbound(envelopeOf(text('1')), w.deps)).rejects.toMatchObject({ kind: 'transient' });
    expect(w.org.rows(EntitySets.Message)).toEqual([]);
    expect(w.org.rows(EntitySets.Follower)).toEqual([]);
    w.org.failWith = undefined;
    await deliverInbound(envelopeOf(text('1')), w.deps);
    expect(w.org.rows(EntitySets.Message)).toHaveLength(1);
  });

  it.each([
    ['forbidden', 403, '0x80040220'],
    ['invalid', 400, '0x0'],
    ['auth', 401, 'AADSTS7000215'],
  ] as const)('%s: written to the account status (once per interval) and thrown towards poison', async (kind, status, code) => {
    w.org.failWith = (call) => call.op === 'batch' && fail(kind, status, code)();
    await expect(deliverInbound(envelopeOf(text('1')), w.deps)).rejects.toMatchObject({ kind, code });
    await expect(deliverInbound(envelopeOf(text('2')), w.deps)).rejects.toMatchObject({ kind });
    const account = w.org.rows(EntitySets.OfficialAccount)[0] ?? {};
    expect(account).toMatchObject({
      [OfficialAccount.columns.AccountStatus]: AccountStatus.NeedsAttention,
      [OfficialAccount.columns.LastDeliveryErrorOn]: '2024-06-10T06:13:25Z',
    });
    expect(String(account[OfficialAccount.columns.LastDeliveryError])).toMatch(new RegExp(`\\n.*\\n\\(${status} ${code}\\) ${kind} failure$`));
    expect(w.org.calls.filter((c) => c.op === 'update')).toHaveLength(1);

    w.org.failWith = undefined;
    await deliverInbound(envelopeOf(text('3')), w.deps);
    expect(w.org.rows(EntitySets.OfficialAccount)[0]?.[OfficialAccount.columns.AccountStatus]).toBe(AccountStatus.Authorized);
  });

  it('the status write failing too does not hide the delivery error', async () => {
    w.org.failWith = fail('auth', 401, 'AADSTS7000215');
    await expect(deliverInbound(envelopeOf(text('1')), w.deps)).rejects.toMatchObject({ kind: 'auth' });
    expect(w.logger.text()).toContain('could not write the delivery problem');
  });
});

describe('bad queue messages', () => {
  it.each([
    ['not an object', 'hello'],
    ['another version', { ...envelopeOf(text('1')), v: 2 }],
    ['no xml', { ...envelopeOf(text('1')), xml: '' }],
    ['xml that is not WeChat’s', { ...envelopeOf(text('1')), xml: '<xml><MsgType>text</MsgType></xml>' }],
    ['a FromUserName that is not an openid', { ...envelopeOf(text('1')), xml: text('1', T0, "o'x") }],
  ])('%s → InvalidEnvelope (thrown: it ends in poison, not lost)', async (_name, message) => {
    await expect(deliverInbound(message, w.deps)).rejects.toBeInstanceOf(InvalidEnvelope);
  });
});
