/**
 * Scan attribution through the delivery worker against the Dataverse emulator (real gateway): first and latest
 * channel, the code's counts (scans, new followers, still following), referral counts and the program's goal,
 * binding scenes handed to the binding step; exactly once under redelivery, in any order, and when deliveries of
 * two processes race on one code.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Binding, EntitySets, Follower, Message, QrCode, QrPurpose } from '@wxm/solution/schema';
import { Emulators } from '@wxm/testkit/kit/dataverse/org-under-test';
import { APPID, envelopeOf, event, OPENID, T0 } from '@wxm/testkit/kit/delivery/inbound-fixtures';
import { deliveryDeps as depsFor, startTenant, type Tenant } from '@wxm/testkit/kit/delivery/emulator-world';
import { newBindingScene } from '../binding/scene.js';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { MISSING_CODE_MS } from './missing-codes.js';
import { deliverInbound } from './deliver-inbound.js';
import { FollowerContention } from './errors.js';

const emulators = new Emulators();
afterAll(() => emulators.closeAll());

const F = Follower.columns;
const Q = QrCode.columns;
const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

let t: Tenant;
let deps: ReturnType<typeof depsFor>;
beforeEach(async () => {
  t = await startTenant(emulators, APPID);
  deps = depsFor([t]);
});
afterEach(() => t.dv.close());

const account = () => `/${EntitySets.OfficialAccount}(${t.bound.officialAccountId})`;
const code = (scene: string, extra: Record<string, unknown> = {}) =>
  t.dv.insert(EntitySets.QrCode, {
    [Q.Name]: scene,
    [Q.Scene]: scene,
    [Q.Purpose]: QrPurpose.Channel,
    'wxm_OfficialAccountId@odata.bind': account(),
    ...extra,
  });
const counts = (id: string) => {
  const r = t.dv.rows(EntitySets.QrCode).find((row) => row[Q.Id] === id) ?? {};
  return [r[Q.ScanCount] ?? 0, r[Q.NewFollowerCount] ?? 0, r[Q.StillFollowing] ?? 0];
};
const follower = (openid = OPENID) => t.dv.rows(EntitySets.Follower).find((r) => r[F.OpenId] === openid) ?? {};
const follow = (scene: string, from = OPENID, at = T0) => envelopeOf(event('subscribe', { EventKey: `qrscene_${scene}`, Ticket: 'gQticket' }, { from, at }));
const scan = (scene: string, from = OPENID, at = T0) => envelopeOf(event('SCAN', { EventKey: scene, Ticket: 'gQticket' }, { from, at }));
const unfollow = (from = OPENID, at = T0) => envelopeOf(event('unsubscribe', {}, { from, at }));

describe('channel codes', () => {
  it('a follow, a redelivery, a scan of another code and an unfollow: first/latest channel and every count once', async () => {
    const expo = code('expo_2026');
    const poster = code('poster_b1');
    expect(await deliverInbound(follow('expo_2026'), deps)).toMatchObject({ status: 'delivered', followerCreated: true });
    // WeChat retries, and a poison replay: nothing more is counted.
    expect(await deliverInbound(follow('expo_2026'), deps)).toMatchObject({ status: 'duplicate' });
    expect(await deliverInbound(follow('expo_2026'), depsFor([t]))).toMatchObject({ status: 'duplicate' });
    expect(counts(expo)).toEqual([1, 1, 1]);
    expect(follower()).toMatchObject({ [`_${F.SourceQrCodeId}_value`]: expo, [`_${F.LatestChannelId}_value`]: expo, [F.QrScene]: 'expo_2026' });

    await deliverInbound(scan('poster_b1', OPENID, T0 + 60), deps);
    expect(counts(poster)).toEqual([1, 0, 0]);
    expect(follower()).toMatchObject({ [`_${F.SourceQrCodeId}_value`]: expo, [`_${F.LatestChannelId}_value`]: poster });

    await deliverInbound(unfollow(OPENID, T0 + 120), deps);
    await deliverInbound(unfollow(OPENID, T0 + 120), deps);
    expect(counts(expo)).toEqual([1, 1, 0]);
    expect(counts(poster)).toEqual([1, 0, 0]);
    // The conversation keeps its system lines: one message row per event.
    expect(t.dv.rows(EntitySets.Message).map((m) => m[Message.columns.EventKey])).toEqual(['qrscene_expo_2026', 'poster_b1', null]);
  });

  it('follows through a scene that names no code cost one read, not one each; a code made later counts once that is known', async () => {
    const qrReads = () => t.dv.requestLog().filter((r) => r.method === 'GET' && r.path.includes(EntitySets.QrCode)).length;
    const openids = Array.from({ length: 5 }, (_, i) => `oConsoleFollower${String(i).padStart(12, '0')}`);
    for (const openid of openids) await deliverInbound(follow('console_1000', openid), deps);
    expect(t.dv.rows(EntitySets.Follower)).toHaveLength(5);
    expect(qrReads()).toBe(1);
    const made = code('console_1000');
    (deps.clock as ManualClock).advance(MISSING_CODE_MS);
    await deliverInbound(follow('console_1000', 'oConsoleFollowerLate000000', T0 + 600), deps);
    expect(qrReads()).toBe(2);
    expect(counts(made)).toEqual([1, 1, 1]);
  });

  it('the unfollow processed before the follow it ends: the same counts as in WeChat’s order', async () => {
    const expo = code('expo_2026');
    await deliverInbound(unfollow(OPENID, T0 + 30), deps);
    await deliverInbound(follow('expo_2026', OPENID, T0), deps);
    expect(counts(expo)).toEqual([1, 1, 0]);
    expect(follower()).toMatchObject({ [F.Subscribed]: false, [`_${F.SourceQrCodeId}_value`]: expo });
  });

  it('an older scan delivered late does not move Latest Channel back', async () => {
    const expo = code('expo_2026');
    const poster = code('poster_b1');
    await deliverInbound(follow('expo_2026', OPENID, T0), deps);
    await deliverInbound(scan('poster_b1', OPENID, T0 + 100), deps);
    await deliverInbound(scan('expo_2026', OPENID, T0 + 50), deps);
    expect(counts(expo)).toEqual([2, 1, 1]);
    expect(follower()).toMatchObject({ [`_${F.LatestChannelId}_value`]: poster, [F.LastInteractionOn]: iso(T0 + 100) });
  });

  it('12 followers through one code at once, from two processes: 12 scans, 12 new, 12 still following', async () => {
    const expo = code('expo_2026');
    const other = depsFor([t]);
    const openids = Array.from({ length: 12 }, (_, i) => `oRace${String(i).padStart(23, '0')}`);
    // As the queue does: a delivery that lost every ETag round (FollowerContention) is delivered again.
    const retried: string[] = [];
    const viaQueue = async (envelope: ReturnType<typeof follow>, d: typeof deps) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await deliverInbound(envelope, d);
        } catch (err) {
          if (!(err instanceof FollowerContention) || attempt === 5) throw err;
          retried.push(err.name);
        }
      }
    };
    const outcomes = await Promise.all(openids.map((o, i) => viaQueue(follow('expo_2026', o, T0 + i), i % 2 ? deps : other)));
    expect(outcomes.every((o) => o.status === 'delivered' || o.status === 'duplicate')).toBe(true);
    expect(counts(expo)).toEqual([12, 12, 12]);
    expect(t.dv.rows(EntitySets.Message)).toHaveLength(12);
    expect(retried.every((name) => name === 'FollowerContention')).toBe(true);
  });

  it('a scene no code of this account has (another org’s, or made in the MP console) counts nothing', async () => {
    const mine = code('expo_2026');
    await deliverInbound(follow('console_made'), deps);
    expect(counts(mine)).toEqual([0, 0, 0]);
    expect(follower()).toMatchObject({ [`_${F.SourceQrCodeId}_value`]: null, [F.QrScene]: 'console_made' });
  });
});

describe('referral codes', () => {
  it('referred followers, the referrer’s counts and goal (once), a self-scan and an unfollow', async () => {
    const referrer = t.dv.insert(EntitySets.Follower, {
      [F.OpenId]: 'oReferrer',
      [F.Name]: 'oReferrer',
      [F.Subscribed]: true,
      'wxm_OfficialAccountId@odata.bind': account(),
    });
    const program = t.dv.insert(EntitySets.ReferralProgram, {
      wxm_name: 'Spring',
      wxm_threshold: 2,
      wxm_expirydays: 7,
      'wxm_OfficialAccountId@odata.bind': account(),
    });
    const personal = code('ref_mei', {
      [Q.Purpose]: QrPurpose.Referral,
      'wxm_ReferrerId@odata.bind': `/${EntitySets.Follower}(${referrer})`,
      'wxm_ReferralProgramId@odata.bind': `/${EntitySets.ReferralProgram}(${program})`,
    });
    const R = () => follower('oReferrer');
    await deliverInbound(follow('ref_mei', 'oFriendB', T0), deps);
    await deliverInbound(follow('ref_mei', 'oFriendB', T0), deps);
    expect(R()).toMatchObject({ [F.Referrals]: 1, [F.ReferralsFollowing]: 1, [F.ReferralGoalReachedOn]: null });
    expect(follower('oFriendB')).toMatchObject({ [`_${F.ReferredById}_value`]: referrer });
    await deliverInbound(follow('ref_mei', 'oFriendC', T0 + 40), deps);
    expect(R()).toMatchObject({ [F.Referrals]: 2, [F.ReferralsFollowing]: 2, [F.ReferralGoalReachedOn]: iso(T0 + 40) });
    // The referrer scanning their own code is a scan, not a referral.
    await deliverInbound(scan('ref_mei', 'oReferrer', T0 + 50), deps);
    expect(follower('oReferrer')[`_${F.ReferredById}_value`] ?? null).toBeNull();
    await deliverInbound(unfollow('oFriendB', T0 + 60), deps);
    await deliverInbound(follow('ref_mei', 'oFriendD', T0 + 70), deps);
    expect(R()).toMatchObject({ [F.Referrals]: 3, [F.ReferralsFollowing]: 2, [F.ReferralGoalReachedOn]: iso(T0 + 40) });
    expect(counts(personal)).toEqual([4, 3, 2]);
  });
});

describe('binding codes', () => {
  it('a follow through a binding code binds (once) and counts nothing; its scene is no channel', async () => {
    const contactId = t.dv.insert('contacts', { firstname: 'Mei', lastname: 'Lin' });
    const scene = newBindingScene();
    const id = code(scene, {
      [Q.Purpose]: QrPurpose.Binding,
      [Q.ExpiresOn]: new Date((T0 + 600) * 1000).toISOString(),
      'wxm_BindContactId@odata.bind': `/contacts(${contactId})`,
    });
    await deliverInbound(follow(scene), deps);
    await deliverInbound(follow(scene), deps);
    const bindings = t.dv.rows(EntitySets.Binding);
    expect(bindings).toHaveLength(1);
    expect(bindings[0]).toMatchObject({ [`_${Binding.columns.ContactId}_value`]: contactId, [`_${Binding.columns.FollowerId}_value`]: follower()[F.Id] });
    expect(counts(id)).toEqual([0, 0, 0]);
    expect(follower()[`_${F.SourceQrCodeId}_value`] ?? null).toBeNull();
    // A second follower scanning the spent code: a SCAN, bound to nobody.
    await deliverInbound(scan(scene, 'oSomeoneElse', T0 + 5), deps);
    expect(t.dv.rows(EntitySets.Binding)).toHaveLength(1);
  });
});
