import { describe, expect, it } from 'vitest';
import { DataverseError } from '../../dataverse/errors.js';
import { MemoryQueue } from '@wxm/testkit/kit/storage/memory/memory-queue';
import type { InboundEnvelope } from '../envelope.js';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { deliverWithOutageBackoff, OUTAGE_BACKOFF } from './retry-later.js';

const envelope: InboundEnvelope = { v: 1, authorizerAppid: 'wx0000000000000001', dedupeKey: 'k', xml: '<xml/>', receivedAt: 1 };

describe('deliverWithOutageBackoff', () => {
  it('re-queues with a doubling delay while Dataverse is unavailable, honouring a longer Retry-After', async () => {
    const inbound = new MemoryQueue<InboundEnvelope>('wechat-inbound');
    const logger = new RecordingLogger();
    const down = async () => Promise.reject(new DataverseError('transient', 503, '0x80040216', 'unavailable'));
    let message: unknown = envelope;
    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(await deliverWithOutageBackoff(message, down, { inbound, logger }));
      message = inbound.take();
    }
    expect(outcomes.map((o) => o.status)).toEqual(['retry-later', 'retry-later', 'retry-later', 'retry-later']);
    expect(inbound.delays).toEqual([5, 10, 20, 40]);
    expect(message).toMatchObject({ ...envelope, retries: 4 });
    const throttled = async () => Promise.reject(new DataverseError('throttled', 429, '0x80072322', 'slow down', { retryAfterSeconds: 300 }));
    await deliverWithOutageBackoff(envelope, throttled, { inbound, logger });
    expect(inbound.delays.at(-1)).toBe(300);
  });

  it('stops postponing after the last retry, and never for errors a retry cannot fix', async () => {
    const inbound = new MemoryQueue<InboundEnvelope>('wechat-inbound');
    const logger = new RecordingLogger();
    const down = async () => Promise.reject(new DataverseError('transient', 503, 'x', 'unavailable'));
    await expect(deliverWithOutageBackoff({ ...envelope, retries: OUTAGE_BACKOFF.maxRetries }, down, { inbound, logger })).rejects.toBeInstanceOf(
      DataverseError,
    );
    const forbidden = async () => Promise.reject(new DataverseError('forbidden', 403, '0x80040220', 'no privilege'));
    await expect(deliverWithOutageBackoff(envelope, forbidden, { inbound, logger })).rejects.toMatchObject({ kind: 'forbidden' });
    expect(await inbound.depth()).toBe(0);
  });

  it('a key not active yet (0x8006088F) keeps being postponed past the last outage retry, at most every 15 minutes', async () => {
    const inbound = new MemoryQueue<InboundEnvelope>('wechat-inbound');
    const pending = async () =>
      Promise.reject(
        new DataverseError('transient', 400, '0x8006088F', 'Invalid EntityKey Operation performed : Entity Key wxm_message_account_msgid is not active'),
      );
    const outcome = await deliverWithOutageBackoff({ ...envelope, retries: OUTAGE_BACKOFF.maxRetries + 100 }, pending, {
      inbound,
      logger: new RecordingLogger(),
    });
    expect(outcome).toEqual({ status: 'retry-later', delaySeconds: 900, retries: OUTAGE_BACKOFF.maxRetries + 101 });
    expect(inbound.delays).toEqual([900]);
  });

  it('passes a successful delivery through untouched', async () => {
    const inbound = new MemoryQueue<InboundEnvelope>('wechat-inbound');
    const outcome = await deliverWithOutageBackoff(envelope, async () => ({ status: 'parked' }), { inbound, logger: new RecordingLogger() });
    expect(outcome).toEqual({ status: 'parked' });
  });
});
