/**
 * A disabled user's bindings end (issue 10 item 6), against the Dataverse emulator under the shipped Relay role: the
 * registered systemuser Update step (filtered on isdisabled) fires when the platform disables a user, its hint is
 * parsed as the webhook endpoint parses it, the relay re-reads the user and deletes only that user's bindings in that
 * org. A hint about a user still enabled, or naming another org, deletes nothing; the hourly sweep ends what a missed
 * step left; a user enabled again binds again by a new scan.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Binding, EntitySets, Follower, OfficialAccount, QrCode, QrPurpose } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { MemoryAuthorizerRegistry } from '@wxm/testkit/kit/storage/memory/memory-authorizer-registry';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { connectOrg } from '@wxm/testkit/kit/signed-services/connected-org';
import type { DataverseEmulator } from '../../../../test/emulators/dataverse/index.js';
import { WEBHOOK_STEPS, isPairingStep } from '../../../../solution/webhooks/registration.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import type { AccountBindings } from '../ports/bindings.js';
import { registryOrgs, type OrgDirectory } from '../qrcodes/org-access.js';
import { AesGcmSecretBox } from '../../storage/secret-box.js';
import { parseHint } from '../webhook/hint.js';
import { acceptHint } from '../webhook/accept-hint.js';
import { WebhookKeys } from '../webhook/webhook-key.js';
import { handleRelayTask, type TaskDeps } from '../tasks/handle-task.js';
import type { RelayTask } from '../envelope.js';
import { MemoryQueue } from '@wxm/testkit/kit/storage/memory/memory-queue';
import { bindByScan } from '../delivery/binding-scan.js';
import { newBindingScene } from './scene.js';
import { isUserHint, onUserChanged } from './disabled-users.js';
import { bindingRow, qrProof } from './people.js';
import { sweepDisabledUsers } from './sweep-disabled.js';

const emulators = new Emulators();
afterAll(() => emulators.closeAll());

interface Org {
  dv: DataverseEmulator;
  org: DataverseOrg;
  accountId: string;
  users: { a: string; b: string };
  contactId: string;
}

async function startOrg(appid: string): Promise<Org> {
  const relay = { clientId: randomUUID(), clientSecret: randomUUID(), name: '# Relay', roles: ['Wechat Marketing Relay'] };
  const a = { clientId: randomUUID(), name: 'Employee A', roles: ['Wechat Marketing Operator'] };
  const b = { clientId: randomUUID(), name: 'Employee B', roles: ['Wechat Marketing Operator'] };
  const dv = await emulators.start({ applicationUsers: [relay, a, b] });
  const idOf = (clientId: string) => String(dv.rows('systemusers').find((u) => u.applicationid === clientId)?.systemuserid);
  const accountId = dv.insert(EntitySets.OfficialAccount, { [OfficialAccount.columns.AppId]: appid, [OfficialAccount.columns.Name]: appid });
  const contactId = dv.insert('contacts', { firstname: 'Mei', lastname: 'Lin' });
  return {
    dv,
    org: gatewayFor(dv).open(credentialsFor(dv)),
    accountId,
    users: { a: idOf(a.clientId), b: idOf(b.clientId) },
    contactId,
  };
}

/** A binding as the scan writes it (relay/delivery/binding-scan.ts), seeded directly. */
function bind(o: Org, openid: string, person: { kind: 'systemuser' | 'contact'; id: string }): void {
  o.dv.insert(EntitySets.Follower, {
    [Follower.columns.OpenId]: openid,
    [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${o.accountId})`,
  });
  const row = bindingRow({ accountId: o.accountId, openid, person, method: 472610000, proof: qrProof(randomUUID()), at: new Date('2026-12-07T09:00:00Z') });
  o.dv.insert(EntitySets.Binding, row);
}
const boundTo = (o: Org) =>
  o.dv
    .rows(EntitySets.Binding)
    .map((b) => String(b[`_${Binding.columns.SystemUserId}_value`] ?? b[`_${Binding.columns.ContactId}_value`]))
    .sort();

/**
 * The solution's systemuser step, as registration.ts registers it (serviceendpoint + sdkmessageprocessingstep on the
 * Update message's systemuser filter), written straight into the emulator.
 */
function registerUserStep(dv: DataverseEmulator): void {
  const spec = WEBHOOK_STEPS.find((s) => !isPairingStep(s) && s.table === 'systemuser');
  expect(spec).toMatchObject({ message: 'Update', filteringAttributes: ['isdisabled'] });
  const message = dv.rows('sdkmessages').find((m) => m.name === 'Update');
  const filter = dv.rows('sdkmessagefilters').find((f) => f.primaryobjecttypecode === 'systemuser' && f._sdkmessageid_value === message?.sdkmessageid);
  const endpoint = dv.insert('serviceendpoints', {
    name: 'Wechat Marketing Relay',
    contract: 8,
    url: 'http://127.0.0.1:9/api/dataverse/webhook',
    authtype: 5,
    messageformat: 2,
  });
  dv.insert('sdkmessageprocessingsteps', {
    name: 'Wechat Marketing: Update of systemuser',
    stage: 40,
    mode: 1,
    filteringattributes: spec && !isPairingStep(spec) ? (spec.filteringAttributes ?? []).join(',') : '',
    'sdkmessageid@odata.bind': `/sdkmessages(${String(message?.sdkmessageid)})`,
    'sdkmessagefilterid@odata.bind': `/sdkmessagefilters(${String(filter?.sdkmessagefilterid)})`,
    'eventhandler_serviceendpoint@odata.bind': `/serviceendpoints(${endpoint})`,
  });
}

let x: Org;
let y: Org;
const logger = new RecordingLogger();
let orgs: OrgDirectory;

beforeEach(async () => {
  [x, y] = await Promise.all([startOrg('wxdisabled0000001'), startOrg('wxdisabled0000002')]);
  for (const o of [x, y]) {
    bind(o, `oA1-${o.accountId.slice(0, 4)}`, { kind: 'systemuser', id: o.users.a });
    bind(o, `oA2-${o.accountId.slice(0, 4)}`, { kind: 'systemuser', id: o.users.a });
    bind(o, `oB1-${o.accountId.slice(0, 4)}`, { kind: 'systemuser', id: o.users.b });
    bind(o, `oC1-${o.accountId.slice(0, 4)}`, { kind: 'contact', id: o.contactId });
  }
  // The org of a hint is one the relay holds a connected Signed Service of (org-of-hint.ts): only x here.
  const registry = new MemorySignedServiceRegistry();
  const secretBox = new AesGcmSecretBox(Buffer.alloc(32, 7).toString('base64'));
  await connectOrg(registry, x.dv, secretBox, [{ appid: 'wxdisabled0000001', officialAccountId: x.accountId }]);
  orgs = registryOrgs({ registry, gateway: gatewayFor(x.dv), secretBox });
});

describe("a disabled user's bindings", () => {
  it('end when the systemuser Update step fires on isdisabled; nothing of another user or org is touched', async () => {
    registerUserStep(x.dv);
    await x.dv.setUserDisabled(x.users.a, true);
    await x.dv.webhooksIdle();
    const deliveries = x.dv.webhookDeliveries().filter((d) => d.entityName === 'systemuser');
    expect(deliveries.map((d) => [d.messageName, d.primaryEntityId])).toEqual([['Update', x.users.a]]);
    // The body Dataverse posted, through the webhook endpoint's use case and the relay-tasks worker.
    const body = JSON.stringify(deliveries[0]?.context);
    const hint = parseHint(body);
    expect(isUserHint(hint)).toBe(true);
    const keys = new WebhookKeys(randomBytes(32));
    const tasks = new MemoryQueue<RelayTask>('relay-tasks');
    const accept = { tasks, secretBox: new AesGcmSecretBox(randomBytes(32).toString('base64')), webhookKeys: keys, logger };
    expect(await acceptHint(body, keys.keyFor(x.dv.organizationId), accept)).toBe('queued');
    const [task] = tasks.drain();
    // Only the users route is needed here; the other routes' deps are not reached.
    expect(await handleRelayTask(task!, { users: { orgs, logger }, logger } as unknown as TaskDeps)).toBe('done');
    expect(boundTo(x)).toEqual([x.contactId, x.users.b].sort());
    // The same user id in the other org, and the other org itself: untouched.
    expect(boundTo(y)).toEqual([y.contactId, y.users.a, y.users.a, y.users.b].sort());
    // Redelivered: nothing more to end.
    expect(await onUserChanged(hint, { orgs, logger })).toEqual({ status: 'ended', bindings: 0 });
  });

  it('a hint about a user still enabled, a hint naming an org the relay does not hold, or a made-up user end nothing', async () => {
    const hint = (rowId: string, organizationId = x.dv.organizationId) => ({
      message: 'Update' as const,
      table: 'systemuser',
      rowId,
      organizationId,
      attributes: { isdisabled: true },
    });
    // The hint says disabled; the re-read user is not.
    expect(await onUserChanged(hint(x.users.b), { orgs, logger })).toEqual({ status: 'skipped' });
    await y.dv.setUserDisabled(y.users.a, true);
    expect(await onUserChanged(hint(y.users.a, y.dv.organizationId), { orgs, logger })).toEqual({ status: 'skipped' });
    expect(await onUserChanged(hint(randomUUID()), { orgs, logger })).toEqual({ status: 'skipped' });
    expect(boundTo(x)).toHaveLength(4);
    expect(boundTo(y)).toHaveLength(4);
  });

  it('end by the sweep when no step told the relay, in every bound org once; enabled again, a user binds again', async () => {
    await x.dv.setUserDisabled(x.users.b, true);
    await y.dv.setUserDisabled(y.users.a, true);
    const authorizers = new MemoryAuthorizerRegistry();
    const record = (appid: string) => ({
      appid,
      originalId: 'gh_x',
      nickName: appid,
      isMiniProgram: false,
      funcScopes: [1, 2, 3],
      status: 'authorized' as const,
      authorizedAt: 1,
      updatedAt: 1,
    });
    for (const appid of ['wxdisabled0000001', 'wxdisabled0000002', 'wxdisabled0000003']) await authorizers.put(record(appid));
    const bound = new Map([
      ['wxdisabled0000001', x],
      ['wxdisabled0000002', y],
      // A second account of org x: swept once.
      ['wxdisabled0000003', x],
    ]);
    const bindings: AccountBindings = {
      resolve: async (appid) => {
        const o = bound.get(appid);
        return o && { authorizerAppid: appid, org: o.org, organizationId: o.dv.organizationId, signedServiceId: randomUUID(), officialAccountId: o.accountId };
      },
    };
    expect(await sweepDisabledUsers({ authorizers, bindings, logger })).toEqual({ orgs: 2, users: 2, bindings: 3, failed: 0 });
    expect(boundTo(x)).toEqual([x.contactId, x.users.a, x.users.a].sort());
    expect(boundTo(y)).toEqual([y.contactId, y.users.b].sort());
    expect(await sweepDisabledUsers({ authorizers, bindings, logger })).toEqual({ orgs: 2, users: 0, bindings: 0, failed: 0 });
    await x.dv.setUserDisabled(x.users.b, false);
    bind(x, 'oB2-again', { kind: 'systemuser', id: x.users.b });
    expect(await sweepDisabledUsers({ authorizers, bindings, logger })).toMatchObject({ bindings: 0 });
    expect(boundTo(x)).toContain(x.users.b);
  });

  it("a user's live code scanned after they were disabled binds nobody", async () => {
    const scene = newBindingScene();
    x.dv.insert(EntitySets.QrCode, {
      [QrCode.columns.Name]: 'Bind my WeChat',
      [QrCode.columns.Purpose]: QrPurpose.Binding,
      [QrCode.columns.Scene]: scene,
      [QrCode.columns.ExpiresOn]: new Date(Date.now() + 5 * 60_000).toISOString(),
      [`${QrCode.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${x.accountId})`,
      [`${QrCode.navigation.BindUserId}@odata.bind`]: `/systemusers(${x.users.a})`,
      'createdby@odata.bind': `/systemusers(${x.users.a})`,
    });
    await x.dv.setUserDisabled(x.users.a, true);
    x.dv.insert(EntitySets.Follower, {
      [Follower.columns.OpenId]: 'oLateScan0001',
      [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${x.accountId})`,
    });
    const before = boundTo(x);
    expect(await bindByScan(x.org, { accountId: x.accountId, openid: 'oLateScan0001', scene, at: new Date() }, logger)).toMatchObject({ status: 'no-person' });
    expect(boundTo(x)).toEqual(before);
  });
});
