/**
 * Update authorization: an account already connected to an org is authorized again (from that org's Start To Use,
 * or by a change of sets in WeChat's console, which arrives as `updateauthorized`). Against the real relay process,
 * the WeChat simulator and two Dataverse emulators: the org's account row learns the sets just granted, keeps its
 * id, its messages and its binding; an authorization started from another org binds nothing and writes nothing there.
 * (A browser project test because it shares the bridge world's relay process with the form tests.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionStatus, Message, OfficialAccount, SignedService } from '@wxm/solution/schema';
import type { SimAccountInit } from '../../emulators/wechat/index.js';
import { startBridgeWorld, type BridgeWorld, type Org } from '../../support/bridge-world.js';
import { eventually } from '../../support/eventually.js';

const O = OfficialAccount.columns;
const M = Message.columns;
/** A verified service account that can grant every set the product asks for, exclusive ones included. */
const accountD: SimAccountInit = {
  appid: 'wx00000000000000d4',
  originalId: 'gh_0000000000d4',
  nickName: '丁号 D',
  serviceType: 2,
  verifyType: 0,
  funcScopes: [1, 2, 3, 4, 7, 11, 15, 24, 89],
};

let world: BridgeWorld;
let orgA: Org;
let orgB: Org;
let rowId: string;

async function accountRows(org: Org): Promise<Record<string, unknown>[]> {
  return (await org.admin.retrieveMultiple({ collection: OfficialAccount.entitySetName, filter: `${O.AppId} eq '${accountD.appid}'` })).value as Record<
    string,
    unknown
  >[];
}

async function messagesIn(org: Org): Promise<string[]> {
  const rows = (await org.admin.retrieveMultiple({ collection: Message.entitySetName, select: [M.Content] })).value as Record<string, unknown>[];
  return rows.map((r) => String(r[M.Content])).sort();
}

/** The row once the relay wrote these sets into it. */
function rowWithSets(org: Org, permissions: string, missing: string): Promise<Record<string, unknown>> {
  return eventually(async () => {
    const [row] = await accountRows(org);
    expect(row?.[O.Permissions]).toBe(permissions);
    expect(row?.[O.MissingPermissions]).toBe(missing);
    return row!;
  });
}

beforeAll(async () => {
  world = await startBridgeWorld();
  world.sim.addAccount(accountD);
  [orgA, orgB] = world.orgs;
  const token = await world.authorize(accountD, orgA);
  const id = await world.createSignedService(orgA, { [SignedService.columns.AppId]: accountD.appid, [SignedService.columns.BindingToken]: token });
  await eventually(async () => {
    const row = (await orgA.admin.retrieve({ collection: SignedService.entitySetName, key: id })) as Record<string, unknown>;
    expect(row[SignedService.columns.ConnectionStatus]).toBe(ConnectionStatus.Connected);
  });
  rowId = String((await rowWithSets(orgA, '1,2,3,4,7,11,15,24,89', ''))[O.Id]);
  await world.sim.push({ appid: accountD.appid, openid: 'oUpdateAuth', msgType: 'text', content: 'before' });
  await eventually(async () => expect(await messagesIn(orgA)).toEqual(['before']));
}, 90_000);

afterAll(async () => {
  await world?.close();
});

describe('Update authorization', () => {
  it('sets changed in WeChat (updateauthorized) reach the bound org’s row: same row, same messages, still delivered', async () => {
    const approval = await world.sim.authorize(accountD.appid, { scopes: [1, 2, 7, 11, 15] });
    expect(approval.infoType).toBe('updateauthorized');
    const row = await rowWithSets(orgA, '1,2,7,11,15', '3');
    expect(row[O.Id]).toBe(rowId);
    await world.sim.push({ appid: accountD.appid, openid: 'oUpdateAuth', msgType: 'text', content: 'after update' });
    await eventually(async () => expect(await messagesIn(orgA)).toEqual(['after update', 'before']));
  });

  it('authorizing again from the same org’s Start To Use adds the sets back without a new binding', async () => {
    const outcome = await world.authorizeFrom(accountD, orgA.environmentUrl);
    expect(outcome.missing).toEqual([]);
    const row = await rowWithSets(orgA, '1,2,3,4,7,11,15,24,89', '');
    expect(row[O.Id]).toBe(rowId);
    expect(await accountRows(orgA)).toHaveLength(1);
    expect(await messagesIn(orgA)).toEqual(['after update', 'before']);
  });

  it('an authorization started from another org binds nothing: no row there, the first org keeps the account', async () => {
    const outcome = await world.authorizeFrom(accountD, orgB.environmentUrl);
    expect(outcome.org).toBe(new URL(orgB.environmentUrl).origin);
    await world.sim.push({ appid: accountD.appid, openid: 'oUpdateAuth', msgType: 'text', content: 'still A' });
    await eventually(async () => expect(await messagesIn(orgA)).toEqual(['after update', 'before', 'still A']));
    expect(await accountRows(orgB)).toEqual([]);
    expect(await messagesIn(orgB)).toEqual([]);
    expect((await accountRows(orgA))[0]?.[O.Id]).toBe(rowId);
  });
});
