/**
 * Issue 4 end to end: Signed Services connect (or fail with a reason an admin can act on), every chat lands in
 * the right customer's Dataverse and nowhere else, replies go back out exactly once, revoking stops writes, and
 * a Dataverse outage delays messages without losing them. One relay process, two customer orgs, the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionStatus, DeliveryStatus, Direction, Follower, Message, MessageType, OfficialAccount, SignedService } from '@wxm/solution/schema';
import { accountA, accountB, accountC, startBridgeWorld, type BridgeWorld, type Org } from '../support/bridge-world.js';
import { eventually } from '../support/eventually.js';

const S = SignedService.columns;
const M = Message.columns;
let world: BridgeWorld;
let orgA: Org;
let orgB: Org;
let signedA: string;
let signedB: string;

beforeAll(async () => {
  world = await startBridgeWorld();
  [orgA, orgB] = world.orgs;
}, 120_000);
afterAll(() => world?.close());

async function signedServiceRow(org: Org, id: string): Promise<Record<string, unknown>> {
  return (await org.admin.retrieve({ collection: SignedService.entitySetName, key: id })) as Record<string, unknown>;
}

async function waitForConnection(org: Org, id: string, status: number): Promise<Record<string, unknown>> {
  return eventually(async () => {
    const row = await signedServiceRow(org, id);
    expect(row[S.ConnectionStatus]).toBe(status);
    return row;
  });
}

/** What the relay reports for a Signed Service whose row it may not be able to write. */
async function relayStatus(org: Org, id: string): Promise<{ state: string; reason: string; en: string; zh: string }> {
  return eventually(async () => {
    const res = await fetch(`${world.relay.url}/api/signed-services/${org.emulator.organizationId}/${id}/status`);
    expect(res.status).toBe(200);
    return (await res.json()) as { state: string; reason: string; en: string; zh: string };
  });
}

async function messages(org: Org): Promise<Record<string, unknown>[]> {
  return (
    await org.admin.retrieveMultiple({
      collection: Message.entitySetName,
      select: [M.Content, M.Direction, M.DeliveryStatus, M.ErrorCode, M.ErrorDetail, M.WeChatMsgId],
    })
  ).value as Record<string, unknown>[];
}

async function say(appid: string, openid: string, content: string): Promise<void> {
  const [result] = await world.sim.push({ appid, openid, msgType: 'text', content });
  expect([result?.status, result?.body]).toEqual([200, 'success']);
}

async function reply(org: Org, openid: string, content: string, wechatMsgId: string): Promise<string> {
  const account = (
    (await org.admin.retrieveMultiple({ collection: OfficialAccount.entitySetName, select: [OfficialAccount.columns.Id] })).value as Record<string, unknown>[]
  )[0];
  const follower = (
    (
      await org.admin.retrieveMultiple({
        collection: Follower.entitySetName,
        select: [Follower.columns.Id],
        filter: `${Follower.columns.OpenId} eq '${openid}'`,
      })
    ).value as Record<string, unknown>[]
  )[0];
  return String(
    await org.admin.create({
      collection: Message.entitySetName,
      data: {
        [M.Name]: content.slice(0, 50),
        [M.Direction]: Direction.Outbound,
        [M.MessageType]: MessageType.Text,
        [M.Content]: content,
        [M.DeliveryStatus]: DeliveryStatus.Pending,
        [M.WeChatMsgId]: wechatMsgId,
        [`${Message.navigation.OfficialAccountId}@odata.bind`]: `/${OfficialAccount.entitySetName}(${String(account?.[OfficialAccount.columns.Id])})`,
        [`${Message.navigation.FollowerId}@odata.bind`]: `/${Follower.entitySetName}(${String(follower?.[Follower.columns.Id])})`,
      },
    }),
  );
}

describe('Signed Service lifecycle', () => {
  it('connects with the binding token: secret blanked in Dataverse, account row written, status in both languages', async () => {
    const token = await world.authorize(accountA);
    signedA = await world.createSignedService(orgA, { [S.AppId]: accountA.appid, [S.BindingToken]: token });
    const row = await waitForConnection(orgA, signedA, ConnectionStatus.Connected);
    expect(row[S.ClientSecret] ?? null).toBeNull();
    expect(row[S.BindingToken] ?? null).toBeNull();
    expect(row[S.StatusReasonCode]).toBe('connected');
    expect(String(row[S.StatusReasonZh])).toContain('已连接');
    const accounts = (await orgA.admin.retrieveMultiple({ collection: OfficialAccount.entitySetName })).value as Record<string, unknown>[];
    expect(accounts.map((a) => [a[OfficialAccount.columns.AppId], a[OfficialAccount.columns.OriginalId]])).toEqual([[accountA.appid, accountA.originalId]]);
    expect((await relayStatus(orgA, signedA)).state).toBe('connected');
  });

  it('refuses a binding token that was already used, or belongs to another account', async () => {
    const used = await world.createSignedService(orgB, { [S.AppId]: accountA.appid, [S.BindingToken]: 'wxb_not-a-real-token' });
    const row = await waitForConnection(orgB, used, ConnectionStatus.Failed);
    expect(row[S.StatusReasonCode]).toBe('binding-token-invalid');
    expect(String(row[S.StatusReasonEn])).toContain('Start To Use');
  });

  it.each([
    ['a wrong client secret', { [S.ClientSecret]: 'not-the-secret' }, 'invalid-secret'],
    ['an application that is not in the directory', { [S.ClientId]: '00000000-0000-4000-8000-0000000000aa' }, 'app-not-found'],
    ['an environment URL that does not resolve', { [S.EnvironmentUrl]: 'https://wxm-no-such-org.crm.dynamics.com' }, 'environment-unreachable'],
    ['a China environment marked Global', { [S.EnvironmentUrl]: 'https://contoso.crm.dynamics.cn' }, 'cloud-mismatch'],
  ])('explains %s through the relay status endpoint', async (_what, fields, reason) => {
    const id = await world.createSignedService(orgB, { [S.AppId]: accountB.appid, [S.BindingToken]: 'x', ...fields });
    const status = await relayStatus(orgB, id);
    expect(status).toMatchObject({ state: 'failed', reason });
    expect(status.en.length).toBeGreaterThan(20);
    expect(status.zh.length).toBeGreaterThan(10);
  });

  it('explains an application user that was never added to the org', async () => {
    orgA.emulator.addAadApplication({ clientId: '11111111-2222-4333-8444-555555555555', tenantId: orgA.app.tenantId, clientSecret: 'aad-only-secret' });
    const id = await world.createSignedService(orgA, {
      [S.AppId]: accountA.appid,
      [S.BindingToken]: 'x',
      [S.ClientId]: '11111111-2222-4333-8444-555555555555',
      [S.ClientSecret]: 'aad-only-secret',
    });
    expect(await relayStatus(orgA, id)).toMatchObject({ state: 'failed', reason: 'app-user-missing' });
  });

  it('connects org B to account B', async () => {
    const token = await world.authorize(accountB, orgB);
    signedB = await world.createSignedService(orgB, { [S.AppId]: accountB.appid, [S.BindingToken]: token });
    await waitForConnection(orgB, signedB, ConnectionStatus.Connected);
  });
});

describe('messages both ways', () => {
  it("writes each account's chats into its own customer's Dataverse only", async () => {
    await say(accountA.appid, 'oFollowerOfA00000000000000001', '你好 A 👋');
    await say(accountB.appid, 'oFollowerOfB00000000000000001', 'hello B');
    await eventually(async () => {
      expect((await messages(orgA)).map((m) => m[M.Content])).toEqual(['你好 A 👋']);
      expect((await messages(orgB)).map((m) => m[M.Content])).toEqual(['hello B']);
    });
    const followersA = (await orgA.admin.retrieveMultiple({ collection: Follower.entitySetName, select: [Follower.columns.OpenId] })).value as Record<
      string,
      unknown
    >[];
    expect(followersA.map((f) => f[Follower.columns.OpenId])).toEqual(['oFollowerOfA00000000000000001']);
  });

  it('sends an operator reply once, however often the webhook repeats', async () => {
    const id = await reply(orgA, 'oFollowerOfA00000000000000001', '收到，谢谢 🙏', 'out:reply-1');
    await eventually(async () => {
      const row = (await orgA.admin.retrieve({ collection: Message.entitySetName, key: id })) as Record<string, unknown>;
      expect(row[M.DeliveryStatus]).toBe(DeliveryStatus.Sent);
    });
    // Dataverse may deliver the same webhook again: post the recorded delivery a second time.
    const delivery = orgA.emulator.webhookDeliveries().find((d) => d.primaryEntityId === id && d.messageName === 'Create');
    expect(delivery).toBeDefined();
    const again = await fetch(`${world.relay.url}/api/dataverse/webhook`, {
      method: 'POST',
      headers: { 'x-wxm-webhook-key': world.webhookKey(orgA.emulator.organizationId) },
      body: JSON.stringify(delivery?.context),
    });
    expect(again.status).toBe(202);
    await new Promise((r) => setTimeout(r, 1500));
    const sent = world.sim.sent(accountA.appid).filter((s) => JSON.stringify(s.body).includes('收到，谢谢'));
    expect(sent).toHaveLength(1);
  });

  it('marks a reply outside the 48-hour window Failed with 45015 and what to do instead', async () => {
    world.sim.setFollower(accountA.appid, 'oFollowerOfA00000000000000001', { lastMessageAt: Date.now() - 49 * 3600 * 1000 });
    const id = await reply(orgA, 'oFollowerOfA00000000000000001', 'late reply', 'out:reply-2');
    const row = await eventually(async () => {
      const r = (await orgA.admin.retrieve({ collection: Message.entitySetName, key: id })) as Record<string, unknown>;
      expect(r[M.DeliveryStatus]).toBe(DeliveryStatus.Failed);
      return r;
    });
    expect(row[M.ErrorCode]).toBe(45015);
    expect(String(row[M.ErrorDetail])).toContain('template message');
    expect(String(row[M.ErrorDetail])).toContain('48 小时');
  });

  it('binds nothing when Start To Use is completed inside a connected org: the token is for that org only', async () => {
    const outcome = await world.authorizeFrom(accountC, `${orgA.environmentUrl}/main.aspx?appid=x`);
    expect(outcome.org).toBe(orgA.environmentUrl);
    await say(accountC.appid, 'oFollowerOfC00000000000000001', 'hi from C');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await messages(orgA)).map((m) => m[M.Content])).not.toContain('hi from C');
    expect((await messages(orgB)).map((m) => m[M.Content])).not.toContain('hi from C');
  });

  it('a second account joins org A through its connected row (appid + token from Start To Use there); the first stays', async () => {
    const token = await world.authorize(accountC, orgA);
    await orgA.admin.update({ collection: SignedService.entitySetName, key: signedA, data: { [S.AppId]: accountC.appid, [S.BindingToken]: token } });
    await eventually(async () => {
      const row = await signedServiceRow(orgA, signedA);
      expect([row[S.ConnectionStatus], row[S.StatusReasonCode], row[S.BindingToken] ?? null]).toEqual([ConnectionStatus.Connected, 'connected', null]);
    });
    await say(accountC.appid, 'oFollowerOfC00000000000000001', 'C joined');
    await say(accountA.appid, 'oFollowerOfA00000000000000001', 'A still here');
    await eventually(async () =>
      expect((await messages(orgA)).map((m) => m[M.Content])).toEqual(expect.arrayContaining(['hi from C', 'C joined', 'A still here'])),
    );
    expect((await messages(orgB)).map((m) => m[M.Content])).not.toContain('C joined');
  });

  it("refuses a webhook post without the org's key, or with the shared function key: 401", async () => {
    const context = JSON.stringify({
      MessageName: 'Update',
      PrimaryEntityName: 'wxm_signedservice',
      PrimaryEntityId: signedA,
      OrganizationId: orgA.emulator.organizationId,
    });
    const attempts: Record<string, string>[] = [{}, { 'x-functions-key': world.functionKey }, { 'x-wxm-webhook-key': world.functionKey }];
    for (const headers of attempts) {
      const res = await fetch(`${world.relay.url}/api/dataverse/webhook?code=${world.functionKey}`, { method: 'POST', body: context, headers });
      expect(res.status).toBe(401);
    }
    for (const body of ['null', '[]', '7', '{}']) {
      const res = await fetch(`${world.relay.url}/api/dataverse/webhook`, {
        method: 'POST',
        headers: { 'x-wxm-webhook-key': world.webhookKey(orgA.emulator.organizationId) },
        body,
      });
      expect(res.status).toBe(400);
    }
  });
});

describe('outages and revocation', () => {
  it('rotates the secret when an admin saves a new one', async () => {
    orgA.emulator.addAadApplication({ clientId: orgA.app.clientId, tenantId: orgA.app.tenantId, clientSecret: 'rotated-secret-2' });
    await orgA.admin.update({ collection: SignedService.entitySetName, key: signedA, data: { [S.ClientSecret]: 'rotated-secret-2' } });
    await eventually(async () => {
      const row = await signedServiceRow(orgA, signedA);
      expect(row[S.ClientSecret] ?? null).toBeNull();
      expect(row[S.ConnectionStatus]).toBe(ConnectionStatus.Connected);
    });
    await say(accountA.appid, 'oFollowerOfA00000000000000001', 'after rotation');
    await eventually(async () => expect((await messages(orgA)).map((m) => m[M.Content])).toContain('after rotation'));
    expect(world.relay.lines.some((l) => l.includes('rotated-secret-2'))).toBe(false);
  });

  it('keeps messages while Dataverse is down and writes them when it is back', async () => {
    orgB.emulator.setOutage(true);
    await say(accountB.appid, 'oFollowerOfB00000000000000001', 'during the outage');
    await new Promise((r) => setTimeout(r, 2_000));
    orgB.emulator.setOutage(false);
    await eventually(
      async () => {
        expect((await messages(orgB)).map((m) => m[M.Content]).sort()).toEqual(['during the outage', 'hello B']);
      },
      60_000,
      500,
    );
  }, 90_000);

  it('stops writing to an org once the agreement is unticked', async () => {
    await orgB.admin.update({ collection: SignedService.entitySetName, key: signedB, data: { [S.AgreementAccepted]: false } });
    const row = await waitForConnection(orgB, signedB, ConnectionStatus.Revoked);
    expect(row[S.StatusReasonCode]).toBe('revoked');
    await say(accountB.appid, 'oFollowerOfB00000000000000001', 'after revoking');
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await messages(orgB)).map((m) => m[M.Content])).not.toContain('after revoking');
    expect(world.relay.lines.some((l) => l.includes('parked') || l.includes('no binding'))).toBe(true);
  });
});

describe('deleting a Signed Service', () => {
  it('revokes: credentials and bindings gone, nothing more written to that org', async () => {
    await orgA.admin.deleteRecord({ collection: SignedService.entitySetName, key: signedA });
    await eventually(async () => {
      const res = await fetch(`${world.relay.url}/api/signed-services/${orgA.emulator.organizationId}/${signedA}/status`);
      expect(res.status).toBe(404);
    });
    await say(accountA.appid, 'oFollowerOfA00000000000000001', 'after deleting');
    await say(accountC.appid, 'oFollowerOfC00000000000000001', 'C after deleting');
    await new Promise((r) => setTimeout(r, 2_000));
    const contents = (await messages(orgA)).map((m) => m[M.Content]);
    expect(contents).not.toContain('after deleting');
    expect(contents).not.toContain('C after deleting');
  });
});

describe('secrets', () => {
  it('never logs a client secret, a binding token or an Azure AD token', async () => {
    const lines = world.relay.lines;
    expect(lines.length).toBeGreaterThan(30);
    const secrets = [
      orgA.app.clientSecret,
      orgB.app.clientSecret,
      'not-the-secret',
      'aad-only-secret',
      world.functionKey,
      world.component.appsecret,
      world.component.encodingAesKey,
      world.webhookKey(orgA.emulator.organizationId),
      world.webhookKey(orgB.emulator.organizationId),
    ];
    expect(lines.filter((line) => secrets.some((s) => s && line.includes(s)))).toEqual([]);
    // Binding tokens and JWT access tokens have recognisable shapes.
    expect(lines.filter((line) => /wxb_[A-Za-z0-9_-]{10,}|eyJ[A-Za-z0-9_-]{10,}\.eyJ/.test(line))).toEqual([]);
  });
});
