import { afterEach, describe, expect, it } from 'vitest';
import { EntitySets } from '@wxm/solution/schema';
import { alternateKey, lookupKey } from '../keys.js';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import type { WriteOperation } from '../types.js';

const emulators = new Emulators();
afterEach(() => emulators.closeAll());

const batchPosts = (log: { method: string; path: string }[]) => log.filter((e) => e.method === 'POST' && e.path.endsWith('$batch'));

describe('batch: change sets in $batch requests', () => {
  it('a failing change set is rolled back alone; the others commit; Content-ID references work inside a change set', async () => {
    const dv = await emulators.start();
    const org = gatewayFor(dv).open(credentialsFor(dv));
    const account = dv.insert('wxm_officialaccount', { wxm_appid: 'wx1' });
    const bindAccount = { 'wxm_OfficialAccountId@odata.bind': `/wxm_officialaccounts(${account})` };
    const outcomes = await org.batch([
      [
        {
          kind: 'upsert',
          entitySet: EntitySets.Follower,
          key: alternateKey({ wxm_openid: 'o-1', [lookupKey('wxm_officialaccountid')]: account }),
          data: { wxm_openid: 'o-1', ...bindAccount },
        },
      ],
      [
        { kind: 'create', entitySet: EntitySets.Follower, data: { wxm_openid: 'o-2', ...bindAccount }, contentId: '7' },
        {
          kind: 'create',
          entitySet: EntitySets.Message,
          data: { wxm_wechatmsgid: 'm-2', wxm_content: 'hi 🙂', 'wxm_FollowerId@odata.bind': '$7', ...bindAccount },
        },
      ],
      [
        { kind: 'create', entitySet: EntitySets.Follower, data: { wxm_openid: 'o-3', ...bindAccount } },
        { kind: 'create', entitySet: EntitySets.Message, data: { wxm_wechatmsgid: 'm-3', wxm_nosuchcolumn: 'x', ...bindAccount } },
        { kind: 'create', entitySet: EntitySets.Message, data: { wxm_wechatmsgid: 'm-3b', ...bindAccount } },
      ],
      [{ kind: 'create', entitySet: EntitySets.Message, data: { wxm_wechatmsgid: 'm-4', ...bindAccount } }],
    ]);
    expect(outcomes.map((set) => set.map((o) => o.ok))).toEqual([[true], [true, true], [false, false, false], [true]]);
    expect(outcomes[1]?.every((o) => o.ok && 'id' in o && /^[0-9a-f-]{36}$/.test(o.id ?? ''))).toBe(true);
    const [first, failed, third] = outcomes[2] ?? [];
    expect(failed).toMatchObject({ ok: false, error: { kind: 'invalid', status: 400, code: '0x0' } });
    expect(first).toMatchObject({ ok: false, error: { kind: 'invalid', status: 400, code: 'RolledBack' } });
    expect(!first?.ok && first?.error.message).toMatch(
      /^Not written: operation 2 of this change set failed \(0x0: An error occurred while validating input parameters/,
    );
    expect(third).toMatchObject({ ok: false, error: { code: 'RolledBack' } });
    expect(
      dv
        .rows('wxm_follower')
        .map((r) => r['wxm_openid'])
        .sort(),
    ).toEqual(['o-1', 'o-2']);
    expect(
      dv
        .rows('wxm_message')
        .map((r) => r['wxm_wechatmsgid'])
        .sort(),
    ).toEqual(['m-2', 'm-4']);
    const m2 = dv.rows('wxm_message').find((r) => r['wxm_wechatmsgid'] === 'm-2');
    const o2 = outcomes[1]?.[0];
    expect(m2?.['_wxm_followerid_value']).toBe(o2?.ok && 'id' in o2 ? o2.id : 'missing');
    expect(batchPosts(dv.requestLog())).toHaveLength(1);
  });

  it('create-only upserts: a replay alone reads as exists; inside a larger change set it fails that change set as a conflict', async () => {
    const dv = await emulators.start();
    const org = gatewayFor(dv).open(credentialsFor(dv));
    const account = dv.insert('wxm_officialaccount', { wxm_appid: 'wx1' });
    const message = (id: string): WriteOperation => ({
      kind: 'upsert',
      entitySet: EntitySets.Message,
      key: alternateKey({ [lookupKey('wxm_officialaccountid')]: account, wxm_wechatmsgid: id }),
      data: { wxm_wechatmsgid: id, 'wxm_OfficialAccountId@odata.bind': `/wxm_officialaccounts(${account})` },
      ifNoneMatch: true,
    });
    const first = await org.batch([[message('1')], [message('2')]]);
    expect(first.map((s) => s.map((o) => o.ok && 'id' in o))).toEqual([[true], [true]]);
    expect(await org.batch([[message('1')], [message('3')]])).toEqual([
      [{ ok: true, exists: true }],
      [{ ok: true, id: expect.stringMatching(/^[0-9a-f-]{36}$/) }],
    ]);
    const mixed = await org.batch([[message('4'), message('2')]]);
    expect(mixed[0]?.[1]).toMatchObject({
      ok: false,
      error: { kind: 'conflict', status: 412, code: '0x80040237', message: 'A record with matching key values already exists.' },
    });
    expect(mixed[0]?.[0]).toMatchObject({ ok: false, error: { kind: 'conflict', code: 'RolledBack' } });
    expect(
      dv
        .rows('wxm_message')
        .map((r) => r['wxm_wechatmsgid'])
        .sort(),
    ).toEqual(['1', '2', '3']);
  });

  it('a create-only insert that clashes with another row\'s alternate key is a conflict 0x80060892, never "exists"', async () => {
    const dv = await emulators.start();
    const org = gatewayFor(dv).open(credentialsFor(dv));
    dv.insert('wxm_officialaccount', { wxm_appid: 'wxtaken' });
    const [[clash]] = (await org.batch([[{ kind: 'create', entitySet: EntitySets.OfficialAccount, data: { wxm_appid: 'WXTAKEN' } }]])) as [[unknown]];
    expect(clash).toEqual({
      ok: false,
      error: {
        kind: 'conflict',
        status: 412,
        code: '0x80060892',
        message:
          'Entity Key wxm_officialaccount_appid violated. A record with the same value for wxm_appid already exists. A duplicate record cannot be created. Select one or more unique values and try again.',
      },
    });
    expect(dv.rows('wxm_officialaccount')).toHaveLength(1);
  });

  it('splits into $batch requests of at most maxBatchOperations (1000 by default), keeping change sets whole and in order', async () => {
    const dv = await emulators.start();
    const create = (i: number): WriteOperation => ({ kind: 'create', entitySet: EntitySets.OfficialAccount, data: { wxm_appid: `wx-${i}` } });
    const big = gatewayFor(dv).open(credentialsFor(dv));
    const many = await big.batch(Array.from({ length: 1001 }, (_, i) => [create(i)]));
    expect(many.flat().filter((o) => o.ok)).toHaveLength(1001);
    expect(batchPosts(dv.requestLog())).toHaveLength(2);
    const small = gatewayFor(dv, { maxBatchOperations: 4 }).open(credentialsFor(dv, { clientSecret: dv.defaultUser.clientSecret ?? '' }));
    const before = batchPosts(dv.requestLog()).length;
    const sets = [
      [create(2000), create(2001), create(2002)],
      [create(2003), create(2004)],
      [create(2005)],
      [],
      [create(2006), create(2007), create(2008), create(2009), create(2010)],
    ];
    const outcomes = await small.batch(sets);
    expect(outcomes.map((s) => s.map((o) => o.ok))).toEqual([[true, true, true], [true, true], [true], [], [false, false, false, false, false]]);
    expect(outcomes[4]?.[0]).toMatchObject({ ok: false, error: { kind: 'invalid', code: 'ChangeSetTooLarge' } });
    expect(batchPosts(dv.requestLog()).length - before).toBe(2);
    expect(dv.rows('wxm_officialaccount')).toHaveLength(1007);
  });

  it('deletes in a batch; a refused or failed $batch request becomes the outcome of each of its operations', async () => {
    const dv = await emulators.start();
    const org = gatewayFor(dv).open(credentialsFor(dv));
    const id = dv.insert('wxm_officialaccount', { wxm_appid: 'wx-del' });
    expect(
      await org.batch([
        [{ kind: 'delete', entitySet: EntitySets.OfficialAccount, key: id }],
        [{ kind: 'delete', entitySet: EntitySets.OfficialAccount, key: alternateKey({ wxm_appid: 'nope' }) }],
      ]),
    ).toEqual([
      [{ ok: true }],
      [
        {
          ok: false,
          error: {
            kind: 'not-found',
            status: 404,
            code: '0x80060891',
            message: 'A record with the specified key values does not exist in wxm_officialaccount entity',
          },
        },
      ],
    ]);
    dv.setOutage(true);
    const down = await org.batch([
      [
        { kind: 'create', entitySet: EntitySets.OfficialAccount, data: { wxm_appid: 'a' } },
        { kind: 'create', entitySet: EntitySets.OfficialAccount, data: { wxm_appid: 'b' } },
      ],
    ]);
    expect(down).toEqual([
      [
        { ok: false, error: { kind: 'transient', status: 503, code: '', message: 'Service Unavailable' } },
        { ok: false, error: { kind: 'transient', status: 503, code: '', message: 'Service Unavailable' } },
      ],
    ]);
    dv.setOutage(false);
    const badSecret = gatewayFor(dv).open(credentialsFor(dv, { clientSecret: 'wrong' }));
    const refused = await badSecret.batch([[{ kind: 'create', entitySet: EntitySets.OfficialAccount, data: { wxm_appid: 'c' } }]]);
    expect(refused[0]?.[0]).toMatchObject({ ok: false, error: { kind: 'auth', status: 401, code: 'AADSTS7000215' } });
    const invalid = await org.batch([[{ kind: 'create', entitySet: 'bad set)', data: {} }]]);
    expect(invalid[0]?.[0]).toMatchObject({ ok: false, error: { kind: 'invalid', code: 'InvalidEntitySet' } });
    expect(dv.rows('wxm_officialaccount')).toEqual([]);
  });
});
