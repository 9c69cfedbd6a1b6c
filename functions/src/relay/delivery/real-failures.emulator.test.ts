/**
 * Delivery where real Dataverse fails differently from a happy emulator: a failed change set answered with only
 * its failing part (an already-delivered message must read as a duplicate, never retry until poison), and
 * alternate keys that are not active yet after an import (retried later, never poisoned).
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EntitySets, Follower } from '../../../../solution/generated/schema.js';
import { Emulators } from '../../dataverse/test-support/org-under-test.js';
import { ManualClock } from '../../storage/memory/manual-clock.js';
import { MemoryParkedDeliveries } from '../../storage/memory/memory-parked-deliveries.js';
import { RecordingLogger } from '../test-support/fixtures.js';
import { deliverInbound, type DeliverInboundDeps } from './deliver-inbound.js';
import { DeliveryLanes } from './lanes.js';
import { APPID, envelopeOf, FakeMedia, FakeProfiles, OPENID, push, StaticBindings, T0 } from './test-support/inbound-fixtures.js';
import { startTenant, type Tenant } from './test-support/emulator-world.js';

const emulators = new Emulators();
afterAll(() => emulators.closeAll());

/** A fresh process each time: its own lanes (no memory of earlier deliveries). */
function freshProcess(t: Tenant): DeliverInboundDeps {
  const bindings = new StaticBindings();
  bindings.accounts.set(t.bound.authorizerAppid, t.bound);
  const profiles = new FakeProfiles();
  profiles.profiles.set(OPENID, { subscribed: true, tagIds: [] });
  return { bindings, parked: new MemoryParkedDeliveries(), media: new FakeMedia(), profiles, lanes: new DeliveryLanes({ maxDelayMs: 2 }), clock: new ManualClock(T0 * 1000 + 5000), logger: new RecordingLogger() };
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
    const removed = await fetch(`${t.dv.serviceRoot}${EntitySets.Follower}(${String(follower?.[Follower.columns.Id])})`, { method: 'DELETE', headers: { Authorization: `Bearer ${t.dv.issueToken()}` } });
    expect(removed.status).toBe(204);
    // The change set [create-only follower, create-only message] fails on the message (its row exists): Dataverse
    // answers with that one part. Read as "operation 1 failed", it would be a transient error retried until poison.
    expect(await deliverInbound(envelope, freshProcess(t))).toEqual({ status: 'duplicate', wechatMsgId: '24000000000000000101' });
    expect(t.dv.rows(EntitySets.Message)).toHaveLength(1);
    expect(t.dv.rows(EntitySets.Follower)).toEqual([]);
  });
});
