import { describe, expect, it } from 'vitest';
import { MemoryParkedDeliveries } from '@wxm/testkit/kit/storage/memory/memory-parked-deliveries';
import { MemoryQueue } from '@wxm/testkit/kit/storage/memory/memory-queue';
import type { InboundEnvelope } from '../envelope.js';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { deliverInbound } from './deliver-inbound.js';
import { requeueParked } from './requeue-parked.js';
import { APPID, deliveryWorld, envelopeOf, push, T0 } from '@wxm/testkit/kit/delivery/inbound-fixtures';

describe('requeueParked', () => {
  it('puts parked envelopes back on the queue oldest first, then forgets them', async () => {
    const parked = new MemoryParkedDeliveries();
    const inbound = new MemoryQueue<InboundEnvelope>('wechat-inbound');
    const later = envelopeOf(push({ MsgType: 'text', Content: 'b', MsgId: '2' }), APPID, T0 * 1000 + 2);
    const earlier = envelopeOf(push({ MsgType: 'text', Content: 'a', MsgId: '1' }), APPID, T0 * 1000 + 1);
    await parked.park(later);
    await parked.park(earlier);
    expect(await requeueParked(APPID, { parked, inbound, logger: new RecordingLogger() })).toBe(2);
    expect(inbound.peekAll()).toEqual([earlier, later]);
    expect(await parked.peek(APPID)).toEqual([]);
  });

  it('a queue failure midway keeps everything parked (some may be queued twice: harmless)', async () => {
    const parked = new MemoryParkedDeliveries();
    await parked.park(envelopeOf(push({ MsgType: 'text', Content: 'a', MsgId: '1' })));
    await parked.park(envelopeOf(push({ MsgType: 'text', Content: 'b', MsgId: '2' }), APPID, T0 * 1000 + 9));
    let sent = 0;
    const inbound = {
      enqueue: async () => {
        if (++sent > 1) throw new Error('queue down');
      },
      depth: async () => 0,
    };
    await expect(requeueParked(APPID, { parked, inbound, logger: new RecordingLogger() })).rejects.toThrow('queue down');
    expect(await parked.peek(APPID)).toHaveLength(2);
  });

  it('parked while unbound, delivered once bound', async () => {
    const w = deliveryWorld();
    const bound = w.bindings.accounts.get(APPID);
    w.bindings.accounts.clear();
    const envelope = envelopeOf(push({ MsgType: 'text', Content: 'early', MsgId: '77' }));
    expect(await deliverInbound(envelope, w.deps)).toEqual({ status: 'parked' });
    if (bound) w.bindings.accounts.set(APPID, bound);
    const inbound = new MemoryQueue<InboundEnvelope>('wechat-inbound');
    await requeueParked(APPID, { parked: w.parked, inbound, logger: w.logger });
    for (const e of inbound.peekAll()) await deliverInbound(e, w.deps);
    expect(w.org.rows('wxm_messages')).toHaveLength(1);
  });
});
