/** The delivery benchmark's own parts: its traffic is valid and distinct, and its queue behaves like the host's. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseEnvelope } from '../../functions/src/relay/delivery/envelope-check.js';
import { parseInbound } from '../../functions/src/wechat/index.js';
import { BenchQueue, runQueue } from './delivery-queue.js';
import { buildTraffic } from './delivery-traffic.js';

const accounts = [
  { appid: 'wxbe0c000000000a01', originalId: 'gh_be0c0000a001', nickName: '甲' },
  { appid: 'wxbe0c000000000b02', originalId: 'gh_be0c0000b002', nickName: '乙' },
];

describe('benchmark traffic', () => {
  const traffic = buildTraffic(accounts, 10, 10);

  it('is the same every run, and every envelope is one the worker accepts', () => {
    expect(buildTraffic(accounts, 10, 10).envelopes).toEqual(traffic.envelopes);
    for (const e of traffic.envelopes) expect(parseEnvelope(JSON.parse(JSON.stringify(e)))).toEqual(e);
    expect(traffic.followers).toHaveLength(20);
    expect(traffic.messages).toHaveLength(traffic.envelopes.length);
  });

  it('gives every envelope its own message key, and each follower follows first', () => {
    expect(new Set(traffic.messages.map((m) => `${m.appid}|${m.wechatMsgId}`)).size).toBe(traffic.messages.length);
    const first = new Map<string, string>();
    for (const e of traffic.envelopes) {
      const msg = parseInbound(e.xml);
      const id = `${e.authorizerAppid}|${msg.fromUserName}`;
      if (!first.has(id)) first.set(id, msg.kind === 'event' ? msg.event : msg.kind);
    }
    expect(new Set(first.values())).toEqual(new Set(['subscribe']));
    const photos = traffic.envelopes.filter((e) => parseInbound(e.xml).kind === 'image').length;
    expect(traffic.messages.reduce((n, m) => n + m.notes, 0)).toBe(photos);
    expect(traffic.messages.some((m) => m.content !== undefined && /\p{Extended_Pictographic}/u.test(m.content))).toBe(true);
  });
});

describe('benchmark queue', () => {
  afterEach(() => vi.useRealTimers());

  it('keeps a delayed message invisible until its delay has passed', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const q = new BenchQueue<{ n: number }>();
    await q.enqueue({ n: 1 }, { delaySeconds: 15 });
    expect(q.receive(60)).toBeUndefined();
    expect(q.visibility()).toEqual({ first: 1_015_000, last: 1_015_000 });
    vi.setSystemTime(1_015_000);
    const got = q.receive(60);
    expect(got?.message).toEqual({ n: 1 });
    got?.done();
    expect(await q.depth()).toBe(0);
    expect(q.delays).toEqual([15]);
  });

  it('runs at most batchSize + newBatchThreshold handlers at once, and every message once', async () => {
    const q = new BenchQueue<number>();
    for (let i = 0; i < 100; i++) await q.enqueue(i);
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    const stats = await runQueue(
      q as BenchQueue<unknown>,
      async (m) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 2));
        seen.push(m as number);
        running -= 1;
      },
      { batchSize: 16, newBatchThreshold: 8, visibilityTimeoutSeconds: 10, stop: () => seen.length >= 100 },
    );
    // A new batch comes while up to 8 are still running: more than 16 at once, never more than 24.
    expect(peak).toBeGreaterThan(16);
    expect(peak).toBeLessThanOrEqual(24);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(stats).toMatchObject({ invocations: 100, failures: 0 });
    expect(await q.depth()).toBe(0);
  });
});
