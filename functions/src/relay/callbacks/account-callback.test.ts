import { beforeEach, describe, expect, it } from 'vitest';
import type { InboundEnvelope, RelayTask } from '../envelope.js';
import { QUEUES } from '../envelope.js';
import { CallbackRejected, DeliveryInProgress, StorageUnavailable } from '../errors.js';
import type { AuthorizerRecord, Queue } from '../ports.js';
import {
  ACCOUNT,
  COMPONENT,
  componentCrypto,
  encryptedPush,
  eventMessage,
  memoryWorld,
  textMessage,
} from '../test-support/fixtures.js';
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
      ledger: world.storage.ledger,
      inbound: world.storage.queue<InboundEnvelope>(QUEUES.inbound),
      tasks: world.storage.queue<RelayTask>(QUEUES.tasks),
      clock: world.clock,
      logger: world.logger,
    };
    await world.storage.authorizers.put(authorized());
  });

  const inbound = () => world.storage.queue<InboundEnvelope>(QUEUES.inbound);

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
    expect(inbound().peekAll().map((e) => e.dedupeKey.split('|').pop())).toEqual(['MENU_A', 'MENU_B']);
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

  it('answers 5xx (StorageUnavailable) and keeps no claim when the queue is down, so the retry stores it', async () => {
    const broken: Queue<InboundEnvelope> = { enqueue: async () => Promise.reject(new Error('ECONNREFUSED')), depth: async () => 0 };
    const push = encryptedPush(textMessage('keep me'), { clock: world.clock });
    await expect(handleAccountCallback(ACCOUNT.appid, push, { ...deps, inbound: broken })).rejects.toBeInstanceOf(StorageUnavailable);
    const retry = await handleAccountCallback(ACCOUNT.appid, push, deps);
    expect(retry.outcome).toBe('queued');
    expect(inbound().peekAll()).toHaveLength(1);
  });

  it('asks for a retry while the same delivery is still being stored elsewhere', async () => {
    const push = encryptedPush(textMessage('slow'), { clock: world.clock });
    let release!: () => void;
    const slow: Queue<InboundEnvelope> = {
      enqueue: (m) => new Promise<void>((resolve) => (release = () => void inbound().enqueue(m).then(resolve))),
      depth: async () => 0,
    };
    const first = handleAccountCallback(ACCOUNT.appid, push, { ...deps, inbound: slow });
    await new Promise((r) => setTimeout(r, 5));
    await expect(handleAccountCallback(ACCOUNT.appid, push, deps)).rejects.toBeInstanceOf(DeliveryInProgress);
    release();
    expect((await first).outcome).toBe('queued');
    expect(inbound().peekAll()).toHaveLength(1);
  });
});
