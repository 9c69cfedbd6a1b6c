/** The wechat-inbound registration, called as the host calls it (message + InvocationContext with trigger metadata). */
import { InvocationContext } from '@azure/functions';
import { afterEach, describe, expect, it } from 'vitest';
import { useRelay } from '../app/current.js';
import type { Relay } from '../app/relay.js';
import { DataverseError } from '../dataverse/errors.js';
import { deliverInboundMessage, inboundQueueFunction } from './deliver-inbound.js';

function relayWith(deliverInbound: (m: unknown) => Promise<unknown>, logs: string[]): Relay {
  const logger = { info: (m: string) => logs.push(`info ${m}`), warn: (m: string) => logs.push(`warn ${m}`), error: (m: string) => logs.push(`error ${m}`) };
  return { logger: () => logger, services: { deliverInbound } } as unknown as Relay;
}

const context = (dequeueCount: number) => new InvocationContext({ invocationId: 'i', functionName: 'deliverInbound', triggerMetadata: { dequeueCount } });

afterEach(() => useRelay(undefined));

describe('deliverInbound queue trigger', () => {
  it('hands the queue message to the relay', async () => {
    const seen: unknown[] = [];
    useRelay(relayWith(async (m) => (seen.push(m), { status: 'delivered' }), []));
    await deliverInboundMessage({ v: 1, authorizerAppid: 'wx1' }, context(1));
    expect(seen).toEqual([{ v: 1, authorizerAppid: 'wx1' }]);
  });

  it('rethrows failures for the host to retry, and says when the next stop is the poison queue', async () => {
    const logs: string[] = [];
    const down = new DataverseError('transient', 503, '', 'down');
    useRelay(relayWith(async () => Promise.reject(down), logs));
    await expect(deliverInboundMessage({}, context(1))).rejects.toBe(down);
    await expect(deliverInboundMessage({}, context(5))).rejects.toBe(down);
    expect(logs).toEqual(['warn delivery failed; the queue will retry', 'error delivery failed for the last time; the message moves to wechat-inbound-poison']);
  });

  it('a batch with envelopes that can never be processed: each goes to wechat-inbound-poison as its own message, the invocation completes', async () => {
    const logs: string[] = [];
    const poison = [
      { text: '{"v":1,"authorizerAppid":"wx1"}', reason: 'dedupeKey missing' },
      { text: '"x"', reason: 'not a JSON object' },
    ];
    useRelay(relayWith(async () => ({ status: 'batch', outcomes: [], poison }), logs));
    const ctx = context(1);
    const registration = inboundQueueFunction('wechat-inbound');
    await registration.handler({ v: 2, envelopes: [] }, ctx);
    const output = registration.extraOutputs?.[0];
    expect(output && ctx.extraOutputs.get(output)).toEqual(['{"v":1,"authorizerAppid":"wx1"}', '"x"']);
    expect(logs).toEqual([
      'error envelope of a batch can never be processed; moved to wechat-inbound-poison without retries',
      'error envelope of a batch can never be processed; moved to wechat-inbound-poison without retries',
    ]);
  });

  it('a relay without delivery wiring fails loudly (the message stays queued)', async () => {
    useRelay({ logger: () => ({ info() {}, warn() {}, error() {} }), services: {} } as unknown as Relay);
    await expect(deliverInboundMessage({}, context(1))).rejects.toThrow('The relay has no deliverInbound');
  });
});
