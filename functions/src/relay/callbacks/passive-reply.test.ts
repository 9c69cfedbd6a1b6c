/**
 * The passive reply inside the callback (relay/autoreplies): computed from the rules in memory, carried in the
 * envelope, answered encrypted only once the envelope is durable; a failed write answers 5xx with no reply; a cold
 * instance (no rules in memory yet) answers `success` and starts loading them without waiting.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { InboundBatch, InboundEnvelope, RelayTask } from '../envelope.js';
import { QUEUES } from '../envelope.js';
import { StorageUnavailable } from '../errors.js';
import type { Queue } from '../ports/storage.js';
import { IngestCommitter } from './ingest-committer.js';
import { ACCOUNT, componentCrypto, encryptedPush, eventMessage, memoryWorld, textMessage } from '@wxm/testkit/kit/relay/fixtures';
import { handleAccountCallback, type AccountCallbackDeps } from './account-callback.js';
import { passiveReplies } from '../autoreplies/passive-replies.js';
import { RuleCache } from '../autoreplies/rule-cache.js';
import { RuleStore } from '../autoreplies/rule-store.js';
import type { RuleSet } from '../autoreplies/rule-set.js';

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
      reply: { type: 'text', text: 'Open 9-18, {openid}' },
    },
    { id: 'r-menu', name: 'Menu', kind: 'menu', priority: 0, createdAt: 0, menuKey: 'MENU_A', reply: { type: 'image', mediaId: 'MEDIA_A' } },
  ],
};

const decrypted = (body: string) => componentCrypto().decrypt(/<Encrypt><!\[CDATA\[([^\]]+)/.exec(body)![1]!);

describe('passive replies in the account callback', () => {
  let world: ReturnType<typeof memoryWorld>;
  let deps: AccountCallbackDeps;
  let cache: RuleCache;
  let store: RuleStore;
  const queued = () => world.storage.queue<InboundEnvelope | InboundBatch>(QUEUES.inbound);
  const envelopes = () =>
    queued()
      .peekAll()
      .flatMap((m) => (m.v === 2 ? m.envelopes : [m]));
  const ingestOn = (queue: Queue<InboundEnvelope | InboundBatch>) => new IngestCommitter({ inbound: queue, now: () => world.clock.now() });

  beforeEach(async () => {
    world = memoryWorld();
    const crypto = componentCrypto();
    store = new RuleStore(world.storage.kv);
    cache = new RuleCache(store, world.clock);
    deps = {
      open: { crypto, clock: world.clock, clockSkewSeconds: 300, maxBodyBytes: 64 * 1024 },
      crypto,
      authorizers: world.storage.authorizers,
      ingest: ingestOn(queued()),
      tasks: world.storage.queue<RelayTask>(QUEUES.tasks),
      clock: world.clock,
      logger: world.logger,
      autoReplies: passiveReplies(cache, world.clock),
    };
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
    await store.put(RULES);
  });

  it('a cold instance answers success and loads the rules in the background; the next push gets the reply', async () => {
    const first = await handleAccountCallback(ACCOUNT.appid, encryptedPush(textMessage('hours', '1'), { clock: world.clock }), deps);
    expect(first).toEqual({ outcome: 'queued', body: 'success', contentType: 'text/plain' });
    await cache.settled();
    const second = await handleAccountCallback(ACCOUNT.appid, encryptedPush(textMessage('hours', '2'), { clock: world.clock }), deps);
    expect(second.contentType).toBe('application/xml');
    const xml = decrypted(second.body);
    expect(xml).toContain('<ToUserName><![CDATA[oFollower0000000000000000001]]></ToUserName>');
    expect(xml).toContain(`<FromUserName><![CDATA[${ACCOUNT.originalId}]]></FromUserName>`);
    expect(xml).toContain('<Content><![CDATA[Open 9-18, oFollower0000000000000000001]]></Content>');
    // The envelope carries the reply as sent; the first carries none.
    expect(envelopes().map((e) => e.autoReply)).toEqual([
      undefined,
      { ruleId: 'r-hours', reply: { type: 'text', content: 'Open 9-18, oFollower0000000000000000001' }, at: world.clock.now() },
    ]);
  });

  it('answers a menu click with its image; a retry of the same push gets the same reply and queues nothing new', async () => {
    cache.hold(RULES);
    const push = encryptedPush(eventMessage('CLICK', 'MENU_A'), { clock: world.clock });
    const a = await handleAccountCallback(ACCOUNT.appid, push, deps);
    const b = await handleAccountCallback(ACCOUNT.appid, push, deps);
    expect([a.outcome, b.outcome]).toEqual(['queued', 'duplicate']);
    for (const r of [a, b]) expect(decrypted(r.body)).toContain('<Image><MediaId><![CDATA[MEDIA_A]]></MediaId></Image>');
    expect(envelopes()).toHaveLength(1);
  });

  it('no reply before the envelope is durable: a failed write answers 5xx, nothing is replied', async () => {
    cache.hold(RULES);
    const broken: Queue<InboundEnvelope | InboundBatch> = { enqueue: async () => Promise.reject(new Error('down')), depth: async () => 0 };
    await expect(
      handleAccountCallback(ACCOUNT.appid, encryptedPush(textMessage('hours'), { clock: world.clock }), { ...deps, ingest: ingestOn(broken) }),
    ).rejects.toBeInstanceOf(StorageUnavailable);
    let stored = false;
    const slow: Queue<InboundEnvelope | InboundBatch> = {
      enqueue: async (m) => {
        await new Promise((r) => setTimeout(r, 20));
        stored = true;
        await queued().enqueue(m);
      },
      depth: async () => 0,
    };
    const result = await handleAccountCallback(ACCOUNT.appid, encryptedPush(textMessage('hours', '3'), { clock: world.clock }), {
      ...deps,
      ingest: ingestOn(slow),
    });
    expect(stored).toBe(true);
    expect(result.contentType).toBe('application/xml');
  });

  it('a mini program card is no passive reply: success, and the envelope carries the card for delivery to send', async () => {
    const card = { title: 'Shop', appid: 'wxmini', pagepath: 'pages/index', thumbMediaId: 'THUMB' };
    cache.hold({
      ...RULES,
      compiledAt: 2,
      rules: [{ id: 'r-shop', name: 'Shop', kind: 'menu', priority: 0, createdAt: 0, menuKey: 'SHOP', reply: { type: 'miniprogram', card } }],
    });
    const result = await handleAccountCallback(ACCOUNT.appid, encryptedPush(eventMessage('CLICK', 'SHOP'), { clock: world.clock }), deps);
    expect(result).toEqual({ outcome: 'queued', body: 'success', contentType: 'text/plain' });
    expect(envelopes()[0]?.autoReply).toEqual({ ruleId: 'r-shop', card, at: world.clock.now() });
  });

  it('no rule matches: success, and the envelope carries no reply', async () => {
    cache.hold(RULES);
    const result = await handleAccountCallback(ACCOUNT.appid, encryptedPush(textMessage('something else'), { clock: world.clock }), deps);
    expect(result.body).toBe('success');
    expect(envelopes()[0]?.autoReply).toBeUndefined();
  });
});
