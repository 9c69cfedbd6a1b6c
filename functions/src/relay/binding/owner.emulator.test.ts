/**
 * Bindings belong to whoever made their code (issue 10 item 6), under the shipped roles: the relay's application user
 * (Wechat Marketing Relay) spends the code and creates the binding owned by the code's creator, so an employee removes
 * the binding of their own WeChat and a salesperson those of the customers they bound, and nobody else's. A code
 * naming user B that user A saved binds nothing, however it got made.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Binding, EntitySets, Follower, OfficialAccount, QrCode, QrPurpose } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import type { DataverseEmulator } from '../../../../test/emulators/dataverse/index.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import { bindByScan } from '../delivery/binding-scan.js';
import { newBindingScene } from './scene.js';

const NOW = new Date('2026-12-07T09:00:00Z');
const users = {
  relay: { clientId: randomUUID(), clientSecret: randomUUID(), name: '# Relay', roles: ['Wechat Marketing Relay'] },
  operatorA: { clientId: randomUUID(), name: 'Operator A', roles: ['Wechat Marketing Operator'] },
  operatorB: { clientId: randomUUID(), name: 'Operator B', roles: ['Wechat Marketing Operator'] },
};
type Who = keyof typeof users;
const ids = {} as Record<Who, string>;
const emulators = new Emulators();
let dv: DataverseEmulator;
let org: DataverseOrg;
let accountId: string;
const logger = new RecordingLogger();

beforeAll(async () => {
  dv = await emulators.start({ applicationUsers: Object.values(users) });
  for (const who of Object.keys(users) as Who[]) ids[who] = String(dv.rows('systemusers').find((u) => u.applicationid === users[who].clientId)?.systemuserid);
  org = gatewayFor(dv).open(credentialsFor(dv));
  accountId = dv.insert(EntitySets.OfficialAccount, { [OfficialAccount.columns.AppId]: 'wxowner0000000001', [OfficialAccount.columns.Name]: 'Demo' });
  for (const openid of ['oEmployeeA01', 'oEmployeeB01', 'oStranger001'])
    dv.insert(EntitySets.Follower, {
      [Follower.columns.OpenId]: openid,
      [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${accountId})`,
    });
});
afterAll(() => emulators.closeAll());

/** A made binding code (as the relay leaves it: scene, expiry) saved by `by`, naming `forUser`. */
function code(by: Who, forUser: Who): string {
  const scene = newBindingScene();
  dv.insert(EntitySets.QrCode, {
    [QrCode.columns.Name]: 'Bind my WeChat',
    [QrCode.columns.Purpose]: QrPurpose.Binding,
    [QrCode.columns.Scene]: scene,
    [QrCode.columns.ExpiresOn]: new Date(NOW.getTime() + 5 * 60_000).toISOString(),
    [`${QrCode.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${accountId})`,
    [`${QrCode.navigation.BindUserId}@odata.bind`]: `/systemusers(${ids[forUser]})`,
    'createdby@odata.bind': `/systemusers(${ids[by]})`,
  });
  return scene;
}
const scan = (scene: string, openid: string) => bindByScan(org, { accountId, openid, scene, at: NOW }, logger);
const bindings = () => dv.rows(EntitySets.Binding);
async function remove(who: Who, id: string): Promise<number> {
  const res = await fetch(`${dv.serviceRoot}${EntitySets.Binding}(${id})`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${dv.issueToken({ clientId: users[who].clientId })}` },
  });
  return res.status;
}

describe("a user's binding", () => {
  it('is owned by the user who made the code; they remove it, another operator cannot', async () => {
    expect(await scan(code('operatorA', 'operatorA'), 'oEmployeeA01')).toMatchObject({ status: 'bound', person: 'systemuser' });
    expect(await scan(code('operatorB', 'operatorB'), 'oEmployeeB01')).toMatchObject({ status: 'bound', person: 'systemuser' });
    const [a, b] = ['operatorA', 'operatorB'].map((who) => bindings().find((r) => r[`_${Binding.columns.SystemUserId}_value`] === ids[who as Who]));
    expect([a?._ownerid_value, b?._ownerid_value]).toEqual([ids.operatorA, ids.operatorB]);
    expect(await remove('operatorB', String(a?.[Binding.columns.Id]))).toBe(403);
    expect(await remove('operatorA', String(a?.[Binding.columns.Id]))).toBe(204);
    expect(bindings().map((r) => r[`_${Binding.columns.SystemUserId}_value`])).toEqual([ids.operatorB]);
  });

  it("a code naming B that A saved binds nobody, and is not spent (B's notifications never reach A's WeChat)", async () => {
    const before = bindings().length;
    const scene = code('operatorA', 'operatorB');
    expect(await scan(scene, 'oStranger001')).toMatchObject({ status: 'no-person' });
    expect(bindings()).toHaveLength(before);
    const row = dv.rows(EntitySets.QrCode).find((r) => r[QrCode.columns.Scene] === scene);
    expect(row?.[QrCode.columns.UsedOn] ?? null).toBeNull();
  });
});
