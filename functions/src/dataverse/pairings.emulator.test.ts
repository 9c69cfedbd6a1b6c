/**
 * Pairings as batched writes: `associate` and `disassociate` operations go through the gateway's submit as `$ref`
 * parts of a `$batch`; a pair that exists fails alone with Dataverse's 0x80040237 (412) while the others are written;
 * unpairing a pair that does not exist succeeds; an operation without its navigation property is refused before
 * anything is sent. https://learn.microsoft.com/power-apps/developer/data-platform/webapi/associate-disassociate-entities-using-web-api
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EntitySets, Follower, OfficialAccount, Tag } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import type { WriteOperation } from './types.js';

const emulators = new Emulators();
afterEach(() => emulators.closeAll());

const NAV = 'wxm_follower_wxm_tag';

describe('gateway submit of pairings', () => {
  it('pairs and unpairs in $batch requests, each change set with its own outcome', async () => {
    const dv = await emulators.start();
    const account = dv.insert(EntitySets.OfficialAccount, { [OfficialAccount.columns.AppId]: 'wx0000000000000001' });
    const bind = { [`${Tag.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})` };
    const tag = dv.insert(EntitySets.Tag, { [Tag.columns.Name]: 'VIP', ...bind });
    const followers = Array.from({ length: 5 }, (_, i) =>
      dv.insert(EntitySets.Follower, {
        [Follower.columns.OpenId]: `o-${i}`,
        [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})`,
      }),
    );
    const org = gatewayFor(dv).open(credentialsFor(dv));
    const op = (kind: 'associate' | 'disassociate', follower: string, navigation = NAV): WriteOperation => ({
      kind,
      entitySet: EntitySets.Tag,
      key: tag,
      navigation,
      relatedSet: EntitySets.Follower,
      relatedKey: follower,
    });
    await org.whoAmI();
    const before = dv.requestLog().length;
    const paired = await Promise.all(followers.map((f) => org.submit([op('associate', f)])));
    expect(paired.map((o) => o[0]?.ok)).toEqual([true, true, true, true, true]);
    expect(
      dv
        .requestLog()
        .slice(before)
        .map((e) => `${e.method} ${e.path.split('/').at(-1)} ${e.writes}`),
    ).toEqual(['POST $batch 5']);
    expect(dv.rows('wxm_follower_tag')).toHaveLength(5);

    const again = await Promise.all([org.submit([op('associate', followers[0]!)]), org.submit([op('disassociate', followers[1]!)])]);
    expect(again.map((o) => (o[0]?.ok ? 'ok' : `${o[0]?.error.status} ${o[0]?.error.code}`))).toEqual(['412 0x80040237', 'ok']);
    expect((await org.submit([op('disassociate', followers[1]!)]))[0]?.ok).toBe(true);
    expect(
      dv
        .rows('wxm_follower_tag')
        .map((p) => p.wxm_followerid)
        .sort(),
    ).toEqual([followers[0], followers[2], followers[3], followers[4]].sort());

    const refused = await org.submit([op('associate', followers[1]!, 'no such/nav')]);
    expect(refused).toEqual([{ ok: false, error: expect.objectContaining({ kind: 'invalid', code: 'InvalidPairing' }) }]);
  });
});
