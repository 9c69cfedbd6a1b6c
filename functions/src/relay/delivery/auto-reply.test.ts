/**
 * An envelope carrying the callback's passive reply: delivery writes the inbound message and the reply (outbound,
 * automatic, Sent) in one change set; a redelivery writes neither again.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { DeliveryStatus, Direction, EntitySets, Message, MessageType } from '@wxm/solution/schema';
import { deliverInbound } from './deliver-inbound.js';
import { parseEnvelope } from './envelope-check.js';
import { deliveryWorld, envelopeOf, OPENID, push, T0, type DeliveryWorld } from '@wxm/testkit/kit/delivery/inbound-fixtures';

const M = Message.columns;
let w: DeliveryWorld;
beforeEach(() => {
  w = deliveryWorld();
  w.profiles.profiles.set(OPENID, { subscribed: true, tagIds: [], subscribeTime: T0 - 86_400, subscribeScene: 'ADD_SCENE_SEARCH' });
});

describe('auto replies in delivery', () => {
  it('the reply becomes an outbound automatic message in the same change set, once', async () => {
    const xml = push({ MsgType: 'text', Content: 'hours', MsgId: '77' });
    // Through the queue's JSON and the envelope check, as the worker reads it.
    const envelope = parseEnvelope(
      JSON.parse(JSON.stringify({ ...envelopeOf(xml), autoReply: { ruleId: 'r1', reply: { type: 'text', content: 'Open 9-18' }, at: T0 * 1000 + 20 } })),
    );
    expect((await deliverInbound(envelope, w.deps)).status).toBe('delivered');
    const batches = w.org.calls.filter((c) => c.op === 'batch');
    const last = batches.at(-1);
    if (last?.op !== 'batch') throw new Error('nothing written');
    expect(last.changeSets).toHaveLength(1);
    const rows = w.org.rows(EntitySets.Message);
    expect(rows.map((r) => [r[M.Direction], r[M.WeChatMsgId], r[M.Content], r[M.Automatic] ?? false])).toEqual([
      [Direction.Inbound, '77', 'hours', false],
      [Direction.Outbound, 'auto:77', 'Open 9-18', true],
    ]);
    expect(rows[1]).toMatchObject({ [M.MessageType]: MessageType.Text, [M.DeliveryStatus]: DeliveryStatus.Sent, [M.SentOn]: '2024-06-10T06:13:20Z' });

    expect((await deliverInbound(envelope, w.deps)).status).toBe('duplicate');
    expect(w.org.rows(EntitySets.Message)).toHaveLength(2);
  });

  it('a mini program card is stored Pending: the send path sends it as a customer-service message', async () => {
    const xml = push({ MsgType: 'text', Content: 'shop', MsgId: '79' });
    const card = { title: 'Shop', appid: 'wxmini', pagepath: 'pages/index', thumbMediaId: 'THUMB' };
    const envelope = parseEnvelope(JSON.parse(JSON.stringify({ ...envelopeOf(xml), autoReply: { ruleId: 'r2', card, at: T0 * 1000 } })));
    expect(envelope.autoReply).toEqual({ ruleId: 'r2', card, at: T0 * 1000 });
    expect((await deliverInbound(envelope, w.deps)).status).toBe('delivered');
    const out = w.org.rows(EntitySets.Message).find((r) => r[M.Direction] === Direction.Outbound);
    expect(out).toMatchObject({
      [M.MessageType]: MessageType.MiniProgramPage,
      [M.DeliveryStatus]: DeliveryStatus.Pending,
      [M.Automatic]: true,
      [M.Title]: 'Shop',
      [M.WeChatMsgId]: 'auto:79',
    });
    expect(JSON.parse(String(out?.[M.Content]))).toEqual(card);
  });

  it('an envelope whose reply has an unknown shape is delivered without it', async () => {
    const xml = push({ MsgType: 'text', Content: 'x', MsgId: '78' });
    const envelope = parseEnvelope({ ...envelopeOf(xml), autoReply: { ruleId: 'r1', reply: { type: 'voice' }, at: 1 } });
    expect(envelope.autoReply).toBeUndefined();
    expect((await deliverInbound(envelope, w.deps)).status).toBe('delivered');
    expect(w.org.rows(EntitySets.Message)).toHaveLength(1);
  });
});
