/** A v2 queue message taken apart: every envelope has its own outcome; one bad envelope never poisons the others. */
import { describe, expect, it } from 'vitest';
import { EntitySets, Message } from '@wxm/solution/schema';
import { DataverseError } from '../../dataverse/errors.js';
import { MemoryQueue } from '@wxm/testkit/kit/storage/memory/memory-queue';
import type { InboundBatch, InboundEnvelope } from '../envelope.js';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { deliverInbound, type DeliveryOutcome } from './deliver-inbound.js';
import { InvalidEnvelope } from './errors.js';
import { deliverWithOutageBackoff } from './retry-later.js';
import { deliveryWorld, envelopeOf, push } from '@wxm/testkit/kit/delivery/inbound-fixtures';

const text = (msgId: string) => envelopeOf(push({ MsgType: 'text', Content: `m${msgId}`, MsgId: msgId }));

describe('InboundBatch (v 2) on the worker', () => {
  it('one invalid, one failing and one outage envelope among good ones: each has its own outcome', async () => {
    const inbound = new MemoryQueue<InboundEnvelope>('wechat-inbound');
    const [good1, bad, failing, down, good2] = [text('1'), { v: 1, authorizerAppid: 'wx1' }, text('3'), text('4'), text('5')];
    const deliver = async (m: unknown): Promise<DeliveryOutcome> => {
      if (m === bad) throw new InvalidEnvelope('dedupeKey missing');
      if (m === failing) throw new Error('socket hang up');
      if (m === down) throw new DataverseError('transient', 503, '0x80040216', 'unavailable');
      return { status: 'delivered', wechatMsgId: (m as InboundEnvelope).dedupeKey, followerCreated: false };
    };
    const batch = { v: 2, envelopes: [good1, bad, failing, down, good2] };
    const outcome = await deliverWithOutageBackoff(batch, deliver, { inbound, logger: new RecordingLogger() });
    expect(outcome).toEqual({
      status: 'batch',
      outcomes: [
        { status: 'delivered', wechatMsgId: good1.dedupeKey, followerCreated: false },
        { status: 'poisoned', reason: 'dedupeKey missing' },
        { status: 'requeued' },
        { status: 'retry-later', delaySeconds: 5, retries: 1 },
        { status: 'delivered', wechatMsgId: good2.dedupeKey, followerCreated: false },
      ],
      poison: [{ text: JSON.stringify(bad), reason: 'dedupeKey missing' }],
    });
    // Both go back as v1 messages of their own: the failing one as it was (its own dequeue count from now on),
    // the outage one with the backoff's retry count and delay.
    expect(inbound.drain()).toEqual([{ ...down, retries: 1 }, failing]);
    expect(inbound.delays).toEqual([5, 0]);
  });

  it('a batch whose re-queue fails fails as a whole (the host retries it; delivered envelopes are then duplicates)', async () => {
    const inbound = new MemoryQueue<InboundEnvelope>('wechat-inbound');
    inbound.enqueue = async () => Promise.reject(new Error('queue unavailable'));
    const deliver = async (): Promise<DeliveryOutcome> => Promise.reject(new Error('socket hang up'));
    await expect(deliverWithOutageBackoff({ v: 2, envelopes: [text('1')] }, deliver, { inbound, logger: new RecordingLogger() })).rejects.toThrow(
      'queue unavailable',
    );
  });

  it('a v2 message without envelopes is invalid as a whole', async () => {
    const inbound = new MemoryQueue<InboundEnvelope>('wechat-inbound');
    const deliver = async (): Promise<DeliveryOutcome> => ({ status: 'parked' });
    for (const envelopes of [undefined, [], 'x']) {
      await expect(deliverWithOutageBackoff({ v: 2, envelopes }, deliver, { inbound, logger: new RecordingLogger() })).rejects.toBeInstanceOf(InvalidEnvelope);
    }
  });

  it('with the real use case: good envelopes are stored once, broken XML is poisoned, a media failure re-queued', async () => {
    const w = deliveryWorld();
    const inbound = new MemoryQueue<InboundEnvelope>('wechat-inbound');
    w.media.files.set('m9', new Error('ECONNRESET'));
    const image = envelopeOf(push({ MsgType: 'image', PicUrl: 'http://p', MediaId: 'm9', MsgId: '9' }));
    const broken: InboundEnvelope = { ...text('2'), xml: '<xml><MsgType>text' };
    const batch: InboundBatch = { v: 2, envelopes: [text('1'), broken, image, text('3')] };
    const run = () => deliverWithOutageBackoff(batch, (m, each) => deliverInbound(m, w.deps, each), { inbound, logger: w.logger });
    const first = await run();
    expect(first.status === 'batch' && first.outcomes.map((o) => o.status)).toEqual(['delivered', 'poisoned', 'requeued', 'delivered']);
    expect(first.status === 'batch' && first.poison.map((p) => JSON.parse(p.text) as unknown)).toEqual([broken]);
    expect(inbound.drain()).toEqual([image]);
    expect(
      w.org
        .rows(EntitySets.Message)
        .map((r) => r[Message.columns.WeChatMsgId])
        .sort(),
    ).toEqual(['1', '3']);
    // The batch again (a host retry): nothing written twice.
    const again = await run();
    expect(again.status === 'batch' && again.outcomes.map((o) => o.status)).toEqual(['duplicate', 'poisoned', 'requeued', 'duplicate']);
    expect(w.org.rows(EntitySets.Message)).toHaveLength(2);
  });

  it('logs one line for a batch (its counts), and a line per message only for a v1 message', async () => {
    const w = deliveryWorld();
    const inbound = new MemoryQueue<InboundEnvelope>('wechat-inbound');
    const logger = w.logger as RecordingLogger;
    const deliver = (m: unknown, each: { logEach: boolean }) => deliverInbound(m, w.deps, each);
    await deliverWithOutageBackoff({ v: 2, envelopes: [text('1'), text('2'), text('3')] }, deliver, { inbound, logger });
    await deliverWithOutageBackoff({ v: 2, envelopes: [text('3'), text('4')] }, deliver, { inbound, logger });
    const delivered = () => logger.lines.filter((l) => l.level === 'info' && /delivered/.test(l.message));
    expect(delivered().map((l) => [l.message, l.fields])).toEqual([
      ['messages delivered to Dataverse', { envelopes: 3, delivered: 3 }],
      ['messages delivered to Dataverse', { envelopes: 2, duplicate: 1, delivered: 1 }],
    ]);
    await deliverWithOutageBackoff(text('5'), deliver, { inbound, logger });
    expect(delivered().at(-1)).toMatchObject({ message: 'message delivered to Dataverse', fields: { wechatMsgId: '5', msgType: 'text' } });
  });
});
