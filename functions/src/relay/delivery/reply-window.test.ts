/**
 * Delivery records what opened the follower's reply window (relay/window) in the follower operation it already
 * writes: the time of the latest message or opening event, and its sent count back to 0. Order-safe: an older
 * message processed late (a retry, another instance) neither moves the time back nor resets a count.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { EntitySets, Follower } from '@wxm/solution/schema';
import type { Row } from '../../dataverse/types.js';
import { deliverInbound } from './deliver-inbound.js';
import { interactionsOf } from '../window/follower-window.js';
import { replyWindow } from '../window/reply-window.js';
import { event, deliveryWorld, envelopeOf, OPENID, push, T0, type DeliveryWorld } from '@wxm/testkit/kit/delivery/inbound-fixtures';

const F = Follower.columns;
let w: DeliveryWorld;

beforeEach(() => {
  w = deliveryWorld();
  w.profiles.profiles.set(OPENID, { subscribed: true, tagIds: [], subscribeTime: T0 - 86_400, subscribeScene: 'ADD_SCENE_SEARCH' });
});

async function deliver(xml: string): Promise<void> {
  expect((await deliverInbound(envelopeOf(xml), w.deps)).status).toBe('delivered');
}
const follower = (): Row => {
  const row = w.org.rows(EntitySets.Follower)[0];
  if (!row) throw new Error('no follower');
  return row;
};
/** What a sender would have written after using some of the allowances. */
async function used(message: number, evt: number): Promise<void> {
  const row = follower();
  await w.org.update(EntitySets.Follower, String(row[F.Id]), { [F.SentSinceMessage]: message, [F.SentSinceEvent]: evt });
}
const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('delivery records the reply window', () => {
  it('a message opens 5 for 48 hours; a later message resets the count; an older one changes nothing', async () => {
    await deliver(push({ MsgType: 'text', Content: 'hi', MsgId: '1' }, { at: T0 }));
    expect(follower()).toMatchObject({ [F.LastMessageOn]: iso(T0), [F.SentSinceMessage]: 0 });
    await used(5, 0);
    expect(replyWindow(interactionsOf(follower()), T0 * 1000 + 1000)).toEqual({ open: false, reason: 'quota' });

    await deliver(push({ MsgType: 'text', Content: 'earlier', MsgId: '0' }, { at: T0 - 60 }));
    expect(follower()).toMatchObject({ [F.LastMessageOn]: iso(T0), [F.SentSinceMessage]: 5 });

    await deliver(push({ MsgType: 'text', Content: 'again', MsgId: '2' }, { at: T0 + 600 }));
    expect(follower()).toMatchObject({ [F.LastMessageOn]: iso(T0 + 600), [F.SentSinceMessage]: 0 });
    expect(replyWindow(interactionsOf(follower()), (T0 + 600) * 1000)).toEqual({
      open: true,
      closesAt: (T0 + 600 + 48 * 3600) * 1000,
      remaining: 5,
      openedBy: 'message',
    });
  });

  it('a follow, a scan and a menu click open 3 for 1 minute; VIEW and LOCATION open nothing', async () => {
    await deliver(event('subscribe', {}, { at: T0 }));
    expect(follower()).toMatchObject({ [F.LastEventOn]: iso(T0), [F.SentSinceEvent]: 0 });
    expect(follower()[F.LastMessageOn]).toBeUndefined();
    await used(0, 3);
    await deliver(event('VIEW', { EventKey: 'https://example.com' }, { at: T0 + 10 }));
    await deliver(event('LOCATION', { Latitude: '23.1', Longitude: '113.3', Precision: '100' }, { at: T0 + 11 }));
    expect(follower()).toMatchObject({ [F.LastEventOn]: iso(T0), [F.SentSinceEvent]: 3 });

    await deliver(event('CLICK', { EventKey: 'PRICES' }, { at: T0 + 20 }));
    expect(follower()).toMatchObject({ [F.LastEventOn]: iso(T0 + 20), [F.SentSinceEvent]: 0 });
    await used(0, 1);
    await deliver(event('SCAN', { EventKey: 'spring', Ticket: 'T' }, { at: T0 + 30 }));
    expect(follower()).toMatchObject({ [F.LastEventOn]: iso(T0 + 30), [F.SentSinceEvent]: 0 });
    await deliver(event('scancode_push', { EventKey: 'scan1', ScanCodeInfo: '' }, { at: T0 + 40 }));
    expect(follower()).toMatchObject({ [F.LastEventOn]: iso(T0 + 40) });
    expect(replyWindow(interactionsOf(follower()), (T0 + 41) * 1000)).toEqual({ open: true, closesAt: (T0 + 100) * 1000, remaining: 3, openedBy: 'event' });
  });
});
