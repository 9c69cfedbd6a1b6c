/**
 * Delivery where real Dataverse fails differently from a happy emulator: a failed change set answered with only
 * its failing part (an already-delivered message must read as a duplicate, never retry until poison), and
 * alternate keys that are not active yet after an import (retried later, never poisoned).
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { AccountStatus, EntitySets, Follower, Message, OfficialAccount } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { MemoryQueue } from '@wxm/testkit/kit/storage/memory/memory-queue';
import type { InboundEnvelope } from '../envelope.js';
import { PendingKeys } from './pending-keys.js';
import { deliverWithOutageBackoff, OUTAGE_BACKOFF } from './retry-later.js';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MemoryParkedDeliveries } from '@wxm/testkit/kit/storage/memory/memory-parked-deliveries';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { deliverInbound, type DeliverInboundDeps } from './deliver-inbound.js';
import { DeliveryMemory } from './org-memory.js';
import { APPID, envelopeOf, FakeMedia, FakeProfiles, OPENID, push, StaticBindings, T0 } from '@wxm/testkit/kit/delivery/inbound-fixtures';
import { schemaWithContactMatch, startTenant, type Tenant } from '@wxm/testkit/kit/delivery/emulator-world';

const emulators = new Emulators();
afterAll(() => emulators.closeAll());

/** A fresh process each time: its own delivery memory (nothing of earlier deliveries). */
function freshProcess(t: Tenant): DeliverInboundDeps {
  const bindings = new StaticBindings();
  bindings.accounts.set(t.bound.authorizerAppid, t.bound);
  const profiles = new FakeProfiles();
  profiles.profiles.set(OPENID, { subscribed: true, tagIds: [] });
  return {
    bindings,
    parked: new MemoryParkedDeliveries(),
    media: new FakeMedia(),
    profiles,
    memory: new DeliveryMemory(),
    clock: new ManualClock(T0 * 1000 + 5000),
    logger: new RecordingLogger(),
  };
}

describe('a failed change set answered with only its failing part', () => {
  let t: Tenant;
  beforeEach(async () => {
    t = await startTenant(emulators, APPID);
  });
  afterEach(() => t.dv.close());

  it('a replay of a delivered message whose follower was deleted since: duplicate, nothing written, no retry', async () => {
    const envelope = envelopeOf(push({ MsgType: 'text', Content: 'once', MsgId: '24000000000000000101' }));
    expect((await deliverInbound(envelope, freshProcess(t))).status).toBe('delivered');
    const [follower] = t.dv.rows(EntitySets.Follower);
    const [message] = t.dv.rows(EntitySets.Message);
    const auth = { Authorization: `Bearer ${t.dv.issueToken()}` };
    // Dataverse refuses to delete a follower its messages point at (Restrict): the message is unlinked first.
    const unlinked = await fetch(`${t.dv.serviceRoot}${EntitySets.Message}(${String(message?.[Message.columns.Id])})`, {
      method: 'PATCH',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ [`${Message.navigation.FollowerId}@odata.bind`]: null }),
    });
    expect(unlinked.status).toBe(204);
    const removed = await fetch(`${t.dv.serviceRoot}${EntitySets.Follower}(${String(follower?.[Follower.columns.Id])})`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${t.dv.issueToken()}` },
    });
    expect(removed.status).toBe(204);
    // The change set [create-only follower, create-only message] fails on the message (its row exists): Dataverse
    // answers with that one part. Read as "operation 1 failed", it would be a transient error retried until poison.
    expect(await deliverInbound(envelope, freshProcess(t))).toEqual({ status: 'duplicate', wechatMsgId: '24000000000000000101' });
    expect(t.dv.rows(EntitySets.Message)).toHaveLength(1);
    expect(t.dv.rows(EntitySets.Follower)).toEqual([]);
  });
});

describe('alternate keys not active yet after an import', () => {
  it('the delivery is postponed (past the outage retry cap, never poisoned), health learns the key, and it goes through once the key is active', async () => {
    const dv = await emulators.start({
      schema: schemaWithContactMatch,
      keys: { activationDelayMs: 3_600_000, pending: ['wxm_follower_openid_account', 'wxm_message_account_msgid'] },
    });
    const org = gatewayFor(dv).open(credentialsFor(dv));
    const officialAccountId = dv.insert(EntitySets.OfficialAccount, {
      [OfficialAccount.columns.AppId]: APPID,
      [OfficialAccount.columns.Name]: 'A',
      [OfficialAccount.columns.AccountStatus]: AccountStatus.Authorized,
    });
    const t: Tenant = { dv, org, bound: { authorizerAppid: APPID, org, organizationId: dv.organizationId, signedServiceId: randomUUID(), officialAccountId } };
    const pendingKeys = new PendingKeys(() => Date.UTC(2026, 0, 1));
    const inbound = new MemoryQueue<InboundEnvelope>('wechat-inbound');
    const deps = { ...freshProcess(t), pendingKeys };
    const envelope = {
      ...envelopeOf(push({ MsgType: 'text', Content: 'after import', MsgId: '24000000000000000201' })),
      retries: OUTAGE_BACKOFF.maxRetries + 3,
    };

    const postponed = await deliverWithOutageBackoff(envelope, (m) => deliverInbound(m, deps), { inbound, logger: new RecordingLogger() });
    expect(postponed).toEqual({ status: 'retry-later', delaySeconds: OUTAGE_BACKOFF.maxDelaySeconds, retries: OUTAGE_BACKOFF.maxRetries + 4 });
    expect(pendingKeys.report()).toEqual([
      { organizationId: dv.organizationId.toLowerCase(), keys: ['wxm_follower.wxm_follower_openid_account'], since: '2026-01-01T00:00:00.000Z' },
    ]);
    expect(dv.rows(EntitySets.Message)).toEqual([]);

    dv.activateKeys();
    const again = inbound.take();
    expect(await deliverWithOutageBackoff(again, (m) => deliverInbound(m, deps), { inbound, logger: new RecordingLogger() })).toMatchObject({
      status: 'delivered',
      wechatMsgId: '24000000000000000201',
    });
    expect(dv.rows(EntitySets.Message)).toHaveLength(1);
    expect(pendingKeys.report()).toEqual([]);
    await dv.close();
  });
});
