/**
 * The reply path checks the follower's reply window (relay/window) before it calls WeChat: a reply the window
 * does not allow is Failed on the row with 45015 or 45047 and the reason in English and Chinese, and the
 * simulator sees no call; a sent reply is counted on the follower. The simulator applies the same rule on its side.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryStatus, Direction, EntitySets, Follower, Message, MessageType } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { startTenant, type Tenant } from '@wxm/testkit/kit/delivery/emulator-world';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { authorizerTokens, DEMO, startHarness, type Harness } from '../../../../test/emulators/wechat/testkit/harness.js';
import { AesGcmSecretBox } from '../../storage/secret-box.js';
import { createWechatApiClient } from '../../wechat/api/client.js';
import { createOfficialAccountApi } from '../../wechat/official-account/api.js';
import type { DataverseHint } from '../webhook/hint.js';
import { onOutboundMessageCreated, type OutboundDeps } from './send-outbound.js';

const M = Message.columns;
const F = Follower.columns;
const OPENID = 'oWindowFollower000000000001';
const H = 3600_000;

let h: Harness;
let emulators: Emulators;
let tenant: Tenant;
let deps: OutboundDeps;
let followerId: string;

beforeEach(async () => {
  h = await startHarness();
  emulators = new Emulators();
  tenant = await startTenant(emulators, DEMO.appid);
  const token = (await authorizerTokens(h.sim)).accessToken;
  const source = { get: async () => token, invalidate: async () => undefined };
  const api = createOfficialAccountApi(createWechatApiClient({ baseUrl: h.sim.url }));
  const secretBox = new AesGcmSecretBox(randomBytes(32).toString('base64'));
  const registry = new MemorySignedServiceRegistry();
  const creds = credentialsFor(tenant.dv);
  const { organizationId, signedServiceId, officialAccountId } = tenant.bound;
  await registry.put({
    organizationId,
    signedServiceId,
    state: 'connected',
    reason: 'connected',
    environmentUrl: creds.environmentUrl,
    cloud: 'Global',
    tenantId: creds.tenantId,
    clientId: creds.clientId,
    sealedSecret: secretBox.seal(creds.clientSecret),
    authorizerAppid: DEMO.appid,
    officialAccountId,
    accounts: [{ appid: DEMO.appid, officialAccountId }],
    updatedAt: h.clock.now(),
  });
  await registry.bind(DEMO.appid, { organizationId, signedServiceId, officialAccountId });
  const customerService = {
    sendText: (_appid: string, openid: string, content: string) => api.sendCustomMessage(source, { touser: openid, msgtype: 'text', text: { content } }),
    sendImage: async () => {
      throw new Error('not in this test');
    },
    sendMiniProgramPage: (_appid: string, openid: string, card: { title: string; appid: string; pagepath: string; thumbMediaId: string }) =>
      api.sendCustomMessage(source, {
        touser: openid,
        msgtype: 'miniprogrampage',
        miniprogrampage: { title: card.title, appid: card.appid, pagepath: card.pagepath, thumb_media_id: card.thumbMediaId },
      }),
  };
  deps = { gateway: gatewayFor(tenant.dv), registry, secretBox, customerService, clock: h.clock, logger: new RecordingLogger() };
});
afterEach(async () => {
  await h.close();
  await emulators.closeAll();
});

/** The follower as Dataverse and WeChat both know it: last wrote `wroteAgoMs` ago (undefined: never), `used` replies since. */
function followerWho(wroteAgoMs: number | undefined, used = 0, openid = OPENID): void {
  const lastMessageAt = wroteAgoMs === undefined ? undefined : h.clock.now() - wroteAgoMs;
  h.sim.setFollower(DEMO.appid, openid, { following: true, lastMessageAt: lastMessageAt ?? null, repliesUsed: used });
  followerId = tenant.dv.insert(EntitySets.Follower, {
    [F.OpenId]: openid,
    [F.Name]: openid,
    [F.Subscribed]: true,
    [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${tenant.bound.officialAccountId})`,
    ...(lastMessageAt !== undefined && { [F.LastMessageOn]: new Date(lastMessageAt).toISOString(), [F.SentSinceMessage]: used }),
  });
}

async function reply(content: string): Promise<{ outcome: string; row: Record<string, unknown> }> {
  const id = tenant.dv.insert(EntitySets.Message, {
    [M.Name]: content,
    [M.Direction]: Direction.Outbound,
    [M.MessageType]: MessageType.Text,
    [M.Content]: content,
    [M.DeliveryStatus]: DeliveryStatus.Pending,
    [`${Message.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${tenant.bound.officialAccountId})`,
    [`${Message.navigation.FollowerId}@odata.bind`]: `/${EntitySets.Follower}(${followerId})`,
  });
  const hint: DataverseHint = { message: 'Create', table: Message.logicalName, rowId: id, organizationId: tenant.bound.organizationId, attributes: {} };
  const outcome = await onOutboundMessageCreated(hint, deps);
  return { outcome, row: (await tenant.org.retrieve(EntitySets.Message, id))! };
}
const customSends = () => h.sim.sent(DEMO.appid).filter((s) => s.api === 'message/custom/send');
const follower = async () => (await tenant.org.retrieve(EntitySets.Follower, followerId))!;

describe('the reply path keeps to the reply window', () => {
  it("sends an auto reply's mini program card (stored Pending by delivery) as miniprogrampage, counted on the follower", async () => {
    followerWho(1 * H);
    const card = { title: 'Shop', appid: 'wxmini', pagepath: 'pages/index', thumbMediaId: 'THUMB' };
    const id = tenant.dv.insert(EntitySets.Message, {
      [M.Name]: 'Shop',
      [M.Direction]: Direction.Outbound,
      [M.MessageType]: MessageType.MiniProgramPage,
      [M.Content]: JSON.stringify(card),
      [M.Automatic]: true,
      [M.DeliveryStatus]: DeliveryStatus.Pending,
      [`${Message.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${tenant.bound.officialAccountId})`,
      [`${Message.navigation.FollowerId}@odata.bind`]: `/${EntitySets.Follower}(${followerId})`,
    });
    const hint: DataverseHint = { message: 'Create', table: Message.logicalName, rowId: id, organizationId: tenant.bound.organizationId, attributes: {} };
    expect(await onOutboundMessageCreated(hint, deps)).toBe('sent');
    expect(customSends().map((s) => s.body)).toEqual([
      { touser: OPENID, msgtype: 'miniprogrampage', miniprogrampage: { title: 'Shop', appid: 'wxmini', pagepath: 'pages/index', thumb_media_id: 'THUMB' } },
    ]);
    expect((await follower())[F.SentSinceMessage]).toBe(1);
  });

  it('sends inside the window and counts the send on the follower', async () => {
    followerWho(1 * H);
    expect((await reply('hello')).outcome).toBe('sent');
    expect(customSends().map((s) => s.errcode)).toEqual([0]);
    expect((await follower())[F.SentSinceMessage]).toBe(1);
  });

  it('the sixth reply after a message is refused with 45047 without calling WeChat', async () => {
    followerWho(1 * H);
    for (let n = 1; n <= 5; n++) expect((await reply(`reply ${n}`)).outcome).toBe('sent');
    expect((await follower())[F.SentSinceMessage]).toBe(5);
    const { outcome, row } = await reply('one too many');
    expect(outcome).toBe('failed');
    expect(row[M.DeliveryStatus]).toBe(DeliveryStatus.Failed);
    expect(row[M.ErrorCode]).toBe(45047);
    const [en, zh] = String(row[M.ErrorDetail]).split('\n');
    expect(en).toMatch(/^Not sent \(45047\): the messages allowed since the follower last interacted are used up/);
    expect(zh).toMatch(/^未发送（45047）/);
    expect(customSends()).toHaveLength(5);
    expect(customSends().every((s) => s.errcode === 0)).toBe(true);
  });

  it('outside the window (49 hours) or never opened: 45015, WeChat not called', async () => {
    followerWho(49 * H);
    const late = await reply('late');
    expect([late.outcome, late.row[M.ErrorCode]]).toEqual(['failed', 45015]);
    expect(String(late.row[M.ErrorDetail])).toContain('48 小时');
    followerWho(undefined, 0, 'oWindowFollower000000000002');
    const never = await reply('first');
    expect([never.outcome, never.row[M.ErrorCode]]).toEqual(['failed', 45015]);
    expect(String(never.row[M.ErrorDetail])).toMatch(/^Not sent \(45015\): the follower has not written/);
    expect(customSends()).toEqual([]);
  });

  it('after a follow: 3 within the minute, then 45047; a minute later 45015', async () => {
    const followedAt = h.clock.now();
    h.sim.setFollower(DEMO.appid, OPENID, { following: true, lastMessageAt: null });
    await h.sim.push({ appid: DEMO.appid, openid: OPENID, msgType: 'event', event: 'subscribe' });
    followerId = tenant.dv.insert(EntitySets.Follower, {
      [F.OpenId]: OPENID,
      [F.Name]: OPENID,
      [F.Subscribed]: true,
      [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${tenant.bound.officialAccountId})`,
      [F.LastEventOn]: new Date(followedAt).toISOString(),
      [F.SentSinceEvent]: 0,
    });
    for (let n = 1; n <= 3; n++) expect((await reply(`welcome ${n}`)).outcome).toBe('sent');
    expect((await follower())[F.SentSinceEvent]).toBe(3);
    expect((await reply('fourth')).row[M.ErrorCode]).toBe(45047);
    h.clock.advance(61);
    expect((await reply('later')).row[M.ErrorCode]).toBe(45015);
    expect(customSends().map((s) => s.errcode)).toEqual([0, 0, 0]);
  });
});
