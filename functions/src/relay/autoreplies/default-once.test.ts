/**
 * The default auto reply's "once per period" per follower, across relay instances: two instances (each its own rule
 * memory, default-reply memory and ingest, as two processes have) share only the relay's key-value store. The second
 * instance does not answer a follower the first answered within the period, WeChat's retry of the answered push is
 * answered again wherever it lands, the period ends on time, and an answer that is not the default reply makes no
 * storage call at all (the callback path stays as fast as before).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, componentCrypto, encryptedPush, memoryWorld, textMessage } from '@wxm/testkit/kit/relay/fixtures';
import { QUEUES, type InboundBatch, type InboundEnvelope, type RelayTask } from '../envelope.js';
import type { KeyValueStore } from '../ports/storage.js';
import { handleAccountCallback, type AccountCallbackDeps } from '../callbacks/account-callback.js';
import { IngestCommitter } from '../callbacks/ingest-committer.js';
import { passiveReplies } from './passive-replies.js';
import { RuleCache } from './rule-cache.js';
import { RuleStore } from './rule-store.js';
import type { RuleSet } from './rule-set.js';

const HOUR = 3_600_000;
const RULES: RuleSet = {
  v: 1,
  appid: ACCOUNT.appid,
  accountName: 'Demo',
  compiledAt: 1,
  rules: [
    {
      id: 'r-hours',
      name: 'Hours',
      kind: 'keyword',
      priority: 0,
      createdAt: 0,
      keywords: ['hours'],
      match: 'exact',
      reply: { type: 'text', text: 'Open 9-18' },
    },
    { id: 'r-default', name: 'Default', kind: 'default', priority: 0, createdAt: 0, periodMs: HOUR, reply: { type: 'text', text: 'We reply within a day' } },
  ],
};
const decrypted = (body: string) => componentCrypto().decrypt(/<Encrypt><!\[CDATA\[([^\]]+)/.exec(body)![1]!);

/** The shared store, counting the calls made through it. */
function counting(kv: KeyValueStore) {
  const calls: string[] = [];
  const store: KeyValueStore = {
    get: (k) => (calls.push('get'), kv.get(k)),
    put: (k, v, e) => (calls.push('put'), kv.put(k, v, e)),
    putIfAbsent: (k, v, e) => (calls.push('putIfAbsent'), kv.putIfAbsent(k, v, e)),
    delete: (k) => (calls.push('delete'), kv.delete(k)),
  };
  return { store, calls };
}

describe('the default reply once per period per follower, across instances', () => {
  let world: ReturnType<typeof memoryWorld>;
  let shared: ReturnType<typeof counting>;
  let [a, b]: AccountCallbackDeps[] = [];

  const instance = (kv: KeyValueStore | undefined): AccountCallbackDeps => {
    const crypto = componentCrypto();
    const cache = new RuleCache(new RuleStore(world.storage.kv), world.clock);
    cache.hold(RULES);
    return {
      open: { crypto, clock: world.clock, clockSkewSeconds: 300, maxBodyBytes: 64 * 1024 },
      crypto,
      authorizers: world.storage.authorizers,
      ingest: new IngestCommitter({ inbound: world.storage.queue<InboundEnvelope | InboundBatch>(QUEUES.inbound), now: () => world.clock.now() }),
      tasks: world.storage.queue<RelayTask>(QUEUES.tasks),
      clock: world.clock,
      logger: world.logger,
      autoReplies: passiveReplies(cache, world.clock, undefined, kv && { kv }),
    };
  };
  const say = async (on: AccountCallbackDeps, content: string, msgId: string, from?: string) => {
    const result = await handleAccountCallback(ACCOUNT.appid, encryptedPush(textMessage(content, msgId, from), { clock: world.clock }), on);
    return result.contentType === 'application/xml' ? /<Content><!\[CDATA\[(.*)\]\]><\/Content>/.exec(decrypted(result.body))![1] : result.body;
  };

  beforeEach(async () => {
    world = memoryWorld();
    shared = counting(world.storage.kv);
    // The rules are in the store too: each instance's memory copy is refreshed from it every 10 s.
    await new RuleStore(world.storage.kv).put(RULES);
    [a, b] = [instance(shared.store), instance(shared.store)];
    await world.storage.authorizers.put({
      appid: ACCOUNT.appid,
      originalId: ACCOUNT.originalId,
      nickName: 'Demo',
      isMiniProgram: false,
      funcScopes: [1],
      status: 'authorized',
      authorizedAt: 0,
      updatedAt: 0,
    });
  });

  it('one instance answers; the other, within the period, does not (and then remembers it without asking the store again)', async () => {
    expect(await say(a!, 'hello', '1001')).toBe('We reply within a day');
    expect(shared.calls).toEqual(['putIfAbsent']);
    world.clock.advance(10 * 60_000);
    expect(await say(b!, 'anyone there?', '1002')).toBe('success');
    expect(shared.calls).toEqual(['putIfAbsent', 'putIfAbsent', 'get']);
    world.clock.advance(10 * 60_000);
    expect(await say(b!, 'hello again', '1003')).toBe('success');
    expect(await say(a!, 'and again', '1004')).toBe('success');
    expect(shared.calls).toHaveLength(3);
    // Another follower has a period of their own.
    expect(await say(b!, 'hi', '1005', 'oFollower0000000000000000002')).toBe('We reply within a day');
    // The period (1 hour from the first answer) over: answered again, by whichever instance gets the message.
    world.clock.advance(40 * 60_000);
    expect(await say(b!, 'tomorrow?', '1006')).toBe('We reply within a day');
    expect(await say(a!, 'still?', '1007')).toBe('success');
    // The envelopes carry exactly the replies given.
    const carried = world.storage
      .queue<InboundEnvelope | InboundBatch>(QUEUES.inbound)
      .peekAll()
      .flatMap((m) => (m.v === 2 ? m.envelopes : [m]))
      .map((e) => e.autoReply?.ruleId ?? null);
    expect(carried).toEqual(['r-default', null, null, null, 'r-default', 'r-default', null]);
  });

  it("WeChat's retry of the answered push, landing on the other instance, gets the same reply", async () => {
    expect(await say(a!, 'hello', '2001')).toBe('We reply within a day');
    world.clock.advance(5_000);
    expect(await say(b!, 'hello', '2001')).toBe('We reply within a day');
    expect(await say(b!, 'more', '2002')).toBe('success');
  });

  it('a keyword answer, and a default rule answering every message (period 0), make no storage call', async () => {
    expect(await say(a!, 'hours', '3001')).toBe('Open 9-18');
    expect(await say(b!, 'hours', '3002')).toBe('Open 9-18');
    const every = instance(shared.store);
    const cache = new RuleCache(new RuleStore(world.storage.kv), world.clock);
    cache.hold({ ...RULES, compiledAt: 2, rules: [{ ...RULES.rules[1]!, periodMs: 0 }] });
    every.autoReplies = passiveReplies(cache, world.clock, undefined, { kv: shared.store });
    expect([await say(every, 'one', '3003'), await say(every, 'two', '3004')]).toEqual(['We reply within a day', 'We reply within a day']);
    expect(shared.calls).toEqual([]);
  });

  it('a store that does not answer in time costs the default reply, not the message; per instance memory (no store) answers once per instance', async () => {
    const kv = world.storage.kv;
    let stuckOnce = true;
    const stuck: KeyValueStore = {
      get: (k) => kv.get(k),
      put: (k, v, e) => kv.put(k, v, e),
      putIfAbsent: (k, v, e) => (stuckOnce ? ((stuckOnce = false), new Promise<boolean>(() => undefined)) : kv.putIfAbsent(k, v, e)),
      delete: (k) => kv.delete(k),
    };
    const slow = instance(undefined);
    const cache = new RuleCache(new RuleStore(world.storage.kv), world.clock);
    cache.hold(RULES);
    slow.autoReplies = passiveReplies(cache, world.clock, undefined, { kv: stuck, timeoutMs: 30 });
    expect(await say(slow, 'hello', '4001')).toBe('success');
    expect(world.logger.lines.some((e) => e.message === 'default auto reply skipped: the shared store did not answer in time')).toBe(true);
    // Not answered, so not remembered as answered: the next message (the store back) gets the default reply.
    expect(await say(slow, 'hello?', '4005')).toBe('We reply within a day');
    const [x, y] = [instance(undefined), instance(undefined)];
    const other = 'oFollower0000000000000000009';
    expect([await say(x, 'hello', '4002', other), await say(y, 'hello', '4003', other), await say(y, 'hello', '4004', other)]).toEqual([
      'We reply within a day',
      'We reply within a day',
      'success',
    ]);
  });
});
