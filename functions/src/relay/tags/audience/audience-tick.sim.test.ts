/** The audience timer against the simulator and the emulator: tag sync and audience reconcile, once per window. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EntitySets, Follower, Tag } from '@wxm/solution/schema';
import { startTagWorld, type TagWorld } from '@wxm/testkit/kit/relay/tag-world';
import { DEMO } from '../../../../../test/emulators/wechat/testkit/harness.js';
import type { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import type { AuthorizerRecord } from '../../ports/storage.js';
import { audienceTick, type AudienceTickDeps } from './audience-tick.js';

const T = Tag.columns;
let w: TagWorld;
let deps: AudienceTickDeps;
beforeEach(async () => {
  w = await startTagWorld();
  const record = {
    appid: DEMO.appid,
    originalId: DEMO.originalId,
    nickName: 'Demo',
    isMiniProgram: false,
    funcScopes: [1, 2, 3],
    status: 'authorized',
  } as AuthorizerRecord;
  deps = { ...w.deps, authorizers: { list: async () => [record] } };
});
afterEach(() => w.close());

describe('audience timer', () => {
  it('syncs the tags from WeChat, reconciles audience tags, and does each once per window', async () => {
    await w.sim.push({ appid: DEMO.appid, openid: 'o-tick-0', msgType: 'event', event: 'subscribe' });
    w.dv.insert(EntitySets.Follower, {
      [Follower.columns.Name]: 'F0',
      [Follower.columns.OpenId]: 'o-tick-0',
      [Follower.columns.Subscribed]: true,
      [Follower.columns.Remark]: 'VIP',
      [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${w.accountId})`,
    });
    const vip = w.sim.createTagInConsole(DEMO.appid, 'VIP');
    const view = w.dv.insert('savedqueries', {
      name: 'VIPs',
      returnedtypecode: 'wxm_follower',
      fetchxml:
        '<fetch><entity name="wxm_follower"><attribute name="wxm_followerid"/><filter><condition attribute="wxm_remark" operator="eq" value="VIP"/></filter></entity></fetch>',
    });
    expect(await audienceTick(deps)).toEqual({ tagSyncs: [DEMO.appid], audiences: 0, failed: [] });
    const row = w.dv.rows(EntitySets.Tag).find((r) => r[T.WechatTagId] === vip.id)!;
    await w.operator.update({ collection: EntitySets.Tag, key: String(row[T.Id]), data: { [T.AudienceViewId]: view } });
    // Same windows: nothing again.
    expect(await audienceTick(deps)).toEqual({ tagSyncs: [], audiences: 0, failed: [] });
    (w.deps.clock as ManualClock).advance(31 * 60_000);
    expect(await audienceTick(deps)).toEqual({ tagSyncs: [], audiences: 1, failed: [] });
    expect(w.sim.tags(DEMO.appid).find((t) => t.id === vip.id)?.openids).toEqual(['o-tick-0']);
  });
});
