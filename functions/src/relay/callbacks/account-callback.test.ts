import { beforeEach, describe, expect, it } from 'vitest';
import type { InboundBatch, InboundEnvelope, RelayTask } from '../envelope.js';
import { QUEUES } from '../envelope.js';
import { CallbackRejected, StorageUnavailable } from '../errors.js';
import type { AuthorizerRecord, Queue } from '../ports/storage.js';
import { IngestCommitter } from './ingest-committer.js';
import { ACCOUNT, COMPONENT, componentCrypto, encryptedPush, eventMessage, memoryWorld, textMessage } from '@wxm/testkit/kit/relay/fixtures';
import { handleAccountCallback, type AccountCallbackDeps } from './account-callback.js';

function authorized(): AuthorizerRecord {
  return {
    appid: ACCOUNT.appid,
    originalId: ACCOUNT.originalId,
    nickName: 'Demo',
    isMiniProgram: false,
    funcScopes: [1, 2],
    status: 'authorized',
    authorizedAt: 0,
    updatedAt: 0,
  };
}

describe('handleAccountCallback', () => {
  let world: ReturnType<typeof memoryWorld>;
  let deps: AccountCallbackDeps;

  beforeEach(async () => {
    world = memoryWorld();
    const crypto = componentCrypto();
    deps = {
      open: { crypto, clock: world.clock, clockSkewSeconds: 300, maxBodyBytes: 64 * 1024 },
      crypto,
      authorizers: world.storage.authorizers,
      ingest: ingestOn(queued()),
      tasks: world.storage.queue<RelayTask>(QUEUES.tasks),
      clock: world.clock,
      logger: world.logger,
    };
    await world.storage.authorizers.put(authorized());
  });

  const queued = () => world.storage.queue<InboundEnvelope | InboundBatch>(QUEUES.inbound);
  /** What is queued, as envelopes (a group's batch taken apart as the worker does). */
  const inbound = () => ({
    peekAll: () =>
      queued()
        .peekAll()
        .flatMap((m) => (m.v === 2 ? m.envelopes : [m])),
  });
  /** Another instance's (or a broken storage's) group-commit ingest. */
  const ingestOn = (queue: Queue<InboundEnvelope | InboundBatch>) => new IngestCommitter({ inbound: queue, now: () => world.clock.now() });

  it('queues a verified message once with its plaintext, emoji and 64-bit MsgId intact', async () => {
    const xml = textMessage('你好 👋\n第二行', '9223372036854775807');
    const result = await handleAccountCallback(ACCOUNT.appid, encryptedPush(xml, { clock: world.clock }), deps);
    expect(result).toEqual({ outcome: 'queued', body: 'success', contentType: 'text/plain' });
    const queued = inbound().peekAll();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ v: 1, authorizerAppid: ACCOUNT.appid, xml, receivedAt: world.clock.now() });
    expect(queued[0]?.xml).toContain('<MsgId>9223372036854775807</MsgId>');
  });

  it('stores the same delivery once however often WeChat retries it', async () => {
    const push = encryptedPush(textMessage('again'), { clock: world.clock });
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push((await handleAccountCallback(ACCOUNT.appid, push, deps)).outcome);
    expect(outcomes).toEqual(['queued', 'duplicate', 'duplicate']);
    expect(inbound().peekAll()).toHaveLength(1);
  });

  it('de-duplicates events by sender, time, event and key', async () => {
    await handleAccountCallback(ACCOUNT.appid, encryptedPush(eventMessage('CLICK', 'MENU_A'), { clock: world.clock }), deps);
    await handleAccountCallback(ACCOUNT.appid, encryptedPush(eventMessage('CLICK', 'MENU_A'), { clock: world.clock }), deps);
    await handleAccountCallback(ACCOUNT.appid, encryptedPush(eventMessage('CLICK', 'MENU_B'), { clock: world.clock }), deps);
    expect(
      inbound()
        .peekAll()
        .map((e) => e.dedupeKey.split('|').pop()),
    ).toEqual(['MENU_A', 'MENU_B']);
  });

  it('rejects a bad signature with nothing queued', async () => {
    const push = { ...encryptedPush(textMessage('x'), { clock: world.clock }), msgSignature: '0'.repeat(40) };
    await expect(handleAccountCallback(ACCOUNT.appid, push, deps)).rejects.toMatchObject({ reason: 'signature' });
    expect(inbound().peekAll()).toHaveLength(0);
  });

  it('rejects a timestamp outside the allowed skew', async () => {
    const push = encryptedPush(textMessage('late'), { clock: world.clock });
    world.clock.advance(301_000);
    await expect(handleAccountCallback(ACCOUNT.appid, push, deps)).rejects.toMatchObject({ reason: 'timestamp' });
  });

  it('rejects ciphertext made for another platform (receive id)', async () => {
    const { WechatCrypto } = await import('../../wechat/index.js');
    const other = new WechatCrypto({ token: COMPONENT.token, encodingAesKey: COMPONENT.encodingAesKey, receiveId: 'wx0000000000000000' });
    const push = encryptedPush(textMessage('x'), { clock: world.clock, crypto: other });
    await expect(handleAccountCallback(ACCOUNT.appid, push, deps)).rejects.toMatchObject({ reason: 'receive-id' });
    expect(inbound().peekAll()).toHaveLength(0);
  });

  it('rejects a DOCTYPE envelope before any decryption', async () => {
    const push = encryptedPush(textMessage('x'), { clock: world.clock });
    const body = `<!DOCTYPE xml [<!ENTITY x "y">]>${push.body}`;
    await expect(handleAccountCallback(ACCOUNT.appid, { ...push, body }, deps)).rejects.toBeInstanceOf(CallbackRejected);
  });

  it('acknowledges but stores nothing for an account that is not authorized', async () => {
    await world.storage.authorizers.put({ ...authorized(), status: 'unauthorized' });
    const result = await handleAccountCallback(ACCOUNT.appid, encryptedPush(textMessage('x'), { clock: world.clock }), deps);
    expect(result.outcome).toBe('not-authorized');
    expect(result.body).toBe('success');
    expect(inbound().peekAll()).toHaveLength(0);
    expect(world.logger.lines.some((l) => l.level === 'warn' && l.fields?.authorizerAppid === ACCOUNT.appid)).toBe(true);
  });

  it('answers 5xx (StorageUnavailable) when the queue is down, so the retry stores it', async () => {
    const broken: Queue<InboundEnvelope | InboundBatch> = { enqueue: async () => Promise.reject(new Error('ECONNREFUSED')), depth: async () => 0 };
    const push = encryptedPush(textMessage('keep me'), { clock: world.clock });
    await expect(handleAccountCallback(ACCOUNT.appid, push, { ...deps, ingest: ingestOn(broken) })).rejects.toBeInstanceOf(StorageUnavailable);
    const retry = await handleAccountCallback(ACCOUNT.appid, push, deps);
    expect(retry.outcome).toBe('queued');
    expect(inbound().peekAll()).toHaveLength(1);
  });

  it('a retry at another instance while the first copy is still being written queues a second copy (Dataverse stores one row)', async () => {
    const push = encryptedPush(textMessage('slow'), { clock: world.clock });
    let release!: () => void;
    const slow: Queue<InboundEnvelope | InboundBatch> = {
      enqueue: (m) => new Promise<void>((resolve) => (release = () => void queued().enqueue(m).then(resolve))),
      depth: async () => 0,
    };
    const first = handleAccountCallback(ACCOUNT.appid, push, { ...deps, ingest: ingestOn(slow) });
    await new Promise((r) => setTimeout(r, 5));
    expect((await handleAccountCallback(ACCOUNT.appid, push, deps)).outcome).toBe('queued');
    release();
    expect((await first).outcome).toBe('queued');
    // Two copies of one key: delivery's create-only message row absorbs the second (test/e2e/two-relay-processes.test.ts).
    expect(
      new Set(
        inbound()
          .peekAll()
          .map((e) => e.dedupeKey),
      ).size,
    ).toBe(1);
    expect(inbound().peekAll()).toHaveLength(2);
  });

  describe('a push is accepted only for the account it names (ToUserName = original ID)', () => {
    const OTHER = { appid: 'wxeeeeffff00001111', originalId: 'gh_feedfacecafe' };
    const forOther = (content: string) => textMessage(content).replace(ACCOUNT.originalId, OTHER.originalId);
    beforeEach(async () => {
      await world.storage.authorizers.put({ ...authorized(), appid: OTHER.appid, originalId: OTHER.originalId });
    });

    it("a signed push for account X posted to account Y's URL: 401 with the reason, stored under neither", async () => {
      const xml = forOther('meant for the other account');
      const push = encryptedPush(xml, { clock: world.clock, outerValue: OTHER.originalId });
      await expect(handleAccountCallback(ACCOUNT.appid, push, deps)).rejects.toMatchObject({
        reason: 'receive-id',
        message: `Callback rejected (receive-id): the decrypted ToUserName is not the original ID of account ${ACCOUNT.appid}`,
      });
      expect(inbound().peekAll()).toEqual([]);
    });

    it('the same push at its own account URL is queued there', async () => {
      const push = encryptedPush(forOther('mine'), { clock: world.clock, outerValue: OTHER.originalId });
      expect((await handleAccountCallback(OTHER.appid, push, deps)).outcome).toBe('queued');
      expect(
        inbound()
          .peekAll()
          .map((e) => e.authorizerAppid),
      ).toEqual([OTHER.appid]);
    });

    it('an outer ToUserName naming another account is refused even when the ciphertext names this one', async () => {
      const push = encryptedPush(textMessage('outer lies'), { clock: world.clock, outerValue: OTHER.originalId });
      await expect(handleAccountCallback(ACCOUNT.appid, push, deps)).rejects.toMatchObject({
        message: `Callback rejected (receive-id): the outer ToUserName is not the original ID of account ${ACCOUNT.appid}`,
      });
      expect(inbound().peekAll()).toEqual([]);
    });

    it('a push without a decrypted ToUserName is refused', async () => {
      const xml = textMessage('nobody').replace(`<ToUserName><![CDATA[${ACCOUNT.originalId}]]></ToUserName>`, '<ToUserName></ToUserName>');
      await expect(handleAccountCallback(ACCOUNT.appid, encryptedPush(xml, { clock: world.clock }), deps)).rejects.toBeInstanceOf(CallbackRejected);
      expect(inbound().peekAll()).toEqual([]);
    });
  });

  describe('全网发布 test accounts keep their published original IDs', () => {
    const TEST_OA = { appid: 'wx570bc396a51b8ff8', originalId: 'gh_3c884a361561' };
    const testPush = (to: string) =>
      encryptedPush(textMessage('TESTCOMPONENT_MSG_TYPE_TEXT').replace(ACCOUNT.originalId, to), { clock: world.clock, outerValue: to });

    it('answers the text case for the published original ID, with no record and no storage', async () => {
      const result = await handleAccountCallback(TEST_OA.appid, testPush(TEST_OA.originalId), { ...deps, authorizers: failingRegistry() });
      expect(result.outcome).toBe('release-test');
      expect(componentCrypto().decrypt(/<Encrypt><!\[CDATA\[([^\]]+)/.exec(result.body)![1]!)).toContain('TESTCOMPONENT_MSG_TYPE_TEXT_callback');
    });

    it("refuses a test account's case addressed to another account, unless our record says that is its ID", async () => {
      await expect(handleAccountCallback(TEST_OA.appid, testPush(ACCOUNT.originalId), deps)).rejects.toMatchObject({ reason: 'receive-id' });
      await world.storage.authorizers.put({ ...authorized(), appid: TEST_OA.appid, originalId: 'gh_0000000000aa' });
      expect((await handleAccountCallback(TEST_OA.appid, testPush('gh_0000000000aa'), deps)).outcome).toBe('release-test');
    });
  });

  describe('answers within the budget when storage is slow', () => {
    /** Every storage call takes `ms` of the manual clock, as a storage account that answers just inside its deadline. */
    function slow<T extends object>(port: T, ms: number): T {
      return new Proxy(port, {
        get: (target, name, receiver) => {
          const value = Reflect.get(target, name, receiver) as unknown;
          if (typeof value !== 'function') return value;
          return async (...args: unknown[]) => {
            world.clock.advance(ms);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
    }

    it('2 s per call: read and enqueue fit in 4.5 s, WeChat gets success', async () => {
      const push = encryptedPush(textMessage('slow but in time'), { clock: world.clock });
      const started = world.clock.now();
      const result = await handleAccountCallback(ACCOUNT.appid, push, {
        ...deps,
        authorizers: slow(deps.authorizers, 2_000),
        ingest: ingestOn(slow(queued(), 2_000)),
      });
      expect(result.outcome).toBe('queued');
      // Read, enqueue: the only two storage steps on the answer path.
      expect(world.clock.now() - started).toBe(2 * 2_000);
      expect(inbound().peekAll()).toHaveLength(1);
    });

    it('3.1 s per call: refused (503) before the enqueue, nothing queued', async () => {
      const xml = textMessage('too slow');
      const started = world.clock.now();
      await expect(
        handleAccountCallback(ACCOUNT.appid, encryptedPush(xml, { clock: world.clock }), {
          ...deps,
          authorizers: slow(deps.authorizers, 3_100),
          ingest: ingestOn(queued()),
        }),
      ).rejects.toMatchObject({
        name: 'StorageUnavailable',
        message: 'Storage unavailable during enqueue inbound message (storage too slow to answer WeChat in time)',
      });
      expect(world.clock.now() - started).toBe(3_100); // the read only
      expect(inbound().peekAll()).toEqual([]);
    });
  });
});

function failingRegistry(): AccountCallbackDeps['authorizers'] {
  const fail = async () => Promise.reject(new Error('storage must not be called'));
  return { get: fail, put: fail, list: fail } as unknown as AccountCallbackDeps['authorizers'];
}
