/**
 * Inbound message rows skip the relay's own wxm_message Create webhook step (own-steps.ts), against the Dataverse
 * emulator through the real gateway, with the webhooks registered as `npm run register-webhooks` does and the
 * relay's application user holding the shipped Relay role: N inbound messages raise no call of that step (N
 * without the bypass), a customer's step on the same message still runs, a reply an operator creates still reaches
 * the relay, and an org whose relay role is older (no prvBypassCustomBusinessLogic, or not even Read of steps) gets
 * every message written exactly once without the header, with one warning.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApiAs, type WebApiClient } from '@wxm/testkit/kit/dataverse/web-api-as';
import { AccountStatus, Direction, EntitySets, Message, OfficialAccount } from '@wxm/solution/schema';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { APPID, envelopeOf, push } from '@wxm/testkit/kit/delivery/inbound-fixtures';
import { deliveryDeps } from '@wxm/testkit/kit/delivery/emulator-world';
import type { DataverseEmulator } from '../../../../test/emulators/dataverse/index.js';
import { loadShippedSecurity } from '../../../../test/emulators/dataverse/security/shipped.js';
import type { RoleDef } from '../../../../solution/src/dsl/types-components.js';
import { registerWebhooks, WEBHOOK_STEPS, isPairingStep } from '../../../../solution/webhooks/registration.js';
import type { DataverseOrg, WriteOperation, WriteOutcome } from '../../dataverse/types.js';
import { isBypassRefused } from '../../dataverse/web-api-errors.js';
import { deliverInbound } from './deliver-inbound.js';
import { DeliveryMemory } from './org-memory.js';
import { OWN_MESSAGE_CREATE_STEP } from './own-steps.js';

const N = 6;
const emulators = new Emulators();
let hook: Server;
let relayUrl: string;

beforeAll(async () => {
  hook = createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end()));
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  relayUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await emulators.closeAll();
  await new Promise((r) => hook.close(r));
});

interface Faults {
  /** Refusals come back without the privilege's name. */
  reword?: boolean;
  /** The message row fails with a 400 that has nothing to do with the header. */
  refuseMessage?: boolean;
}

interface World {
  dv: DataverseEmulator;
  faults: Faults;
  relayClientId: string;
  bound: { org: DataverseOrg; officialAccountId: string };
  relayStep: string;
  customerStep: string;
  /** Change sets submitted, and whether their message row named steps to skip. */
  submits: boolean[];
  deliver: (count: number, from?: number) => Promise<string[]>;
  deps: ReturnType<typeof deliveryDeps>;
  operator: WebApiClient;
}

/** An org with the relay's webhooks and a customer's own wxm_message Create webhook; the relay holds `role`. */
async function world(role: 'shipped' | 'no-bypass' | 'no-read', memory = new DeliveryMemory()): Promise<World> {
  const shipped = await loadShippedSecurity();
  const relayRole = shipped.roles.find((r) => r.id === 'wxm_role_relay') as RoleDef;
  const dropped = role === 'no-bypass' ? ['prvBypassCustomBusinessLogic'] : ['prvBypassCustomBusinessLogic', 'prvReadSdkMessageProcessingStep'];
  const older: RoleDef = { ...relayRole, id: 'old_relay', name: 'Older Relay', other: relayRole.other.filter((p) => !dropped.includes(p.privilege)) };
  const relay = {
    clientId: randomUUID(),
    clientSecret: randomUUID(),
    name: '# Wechat Marketing Relay',
    roles: [role === 'shipped' ? 'Wechat Marketing Relay' : 'Older Relay'],
    fieldSecurityProfiles: ['Wechat Marketing Relay Secrets'],
  };
  const admin = { clientId: randomUUID(), name: 'System Administrator', privileges: 'all' as const };
  const operatorUser = { clientId: randomUUID(), name: 'Operator', roles: ['Wechat Marketing Operator'] };
  const dv = await emulators.start({
    applicationUsers: [relay, admin, operatorUser],
    security: { ...shipped, roles: [...shipped.roles, older] },
    webhooks: { retryDelayMs: 5 },
  });
  const api = (clientId: string) => webApiAs(dv, clientId);
  const registration = await registerWebhooks(api(admin.clientId), { relayUrl, webhookKey: 'key' });
  const customerStep = await customerWebhook(api(admin.clientId));
  const gatewayOrg = gatewayFor(dv, { maxConcurrentPerOrg: 8 }).open(credentialsFor(dv, { clientId: relay.clientId, clientSecret: relay.clientSecret }));
  const submits: boolean[] = [];
  const faults: Faults = {};
  const submit = async (ops: WriteOperation[]): Promise<WriteOutcome[]> => {
    const message = ops.find((op) => op.entitySet === EntitySets.Message);
    submits.push(!!message && 'bypassSteps' in message && !!message.bypassSteps?.length);
    if (faults.refuseMessage) {
      const error = { kind: 'invalid' as const, status: 400, code: '0x80044331', message: 'A validation error occurred.' };
      return ops.map((op) => (op === message ? { ok: false, error } : { ok: false, error: { ...error, code: 'RolledBack' } }));
    }
    const outcomes = await gatewayOrg.submit(ops);
    // Dataverse's refusal in words the relay does not know as a bypass refusal.
    if (!faults.reword) return outcomes;
    return outcomes.map((o) =>
      o.ok || o.error.code === 'RolledBack' ? o : { ok: false, error: { ...o.error, message: 'The user does not hold the necessary privileges.' } },
    );
  };
  const org = new Proxy(gatewayOrg, {
    get: (target, name) => {
      if (name === 'submit') return submit;
      const value: unknown = Reflect.get(target, name, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const officialAccountId = dv.insert(EntitySets.OfficialAccount, {
    [OfficialAccount.columns.AppId]: APPID,
    [OfficialAccount.columns.Name]: 'Account',
    [OfficialAccount.columns.AccountStatus]: AccountStatus.Authorized,
  });
  const bound = { authorizerAppid: APPID, org, organizationId: dv.organizationId, signedServiceId: randomUUID(), officialAccountId };
  const deps = deliveryDeps([{ dv, org, bound }], { memory });
  const deliver = async (count: number, from = 0) => {
    const statuses: string[] = [];
    for (let i = from; i < from + count; i++) {
      const xml = push(
        { MsgType: 'text', Content: `hello ${i}`, MsgId: String(24000000000000000100n + BigInt(i)) },
        { from: `oFollower${String(i % 2).padStart(19, '0')}` },
      );
      statuses.push((await deliverInbound(envelopeOf(xml), deps)).status);
    }
    await dv.webhooksIdle();
    return statuses;
  };
  return {
    dv,
    relayClientId: relay.clientId,
    faults,
    bound,
    relayStep: registration.steps.find((s) => s.name === OWN_MESSAGE_CREATE_STEP)?.id ?? '',
    customerStep,
    submits,
    deliver,
    deps,
    operator: api(operatorUser.clientId),
  };
}

/** A customer's own integration on wxm_message Create: its own endpoint and step name. */
async function customerWebhook(admin: WebApiClient): Promise<string> {
  const message = (await admin.retrieveMultiple<{ sdkmessageid: string }>({ collection: 'sdkmessages', select: ['sdkmessageid'], filter: "name eq 'Create'" }))
    .value[0];
  const filter = (
    await admin.retrieveMultiple<{ sdkmessagefilterid: string }>({
      collection: 'sdkmessagefilters',
      select: ['sdkmessagefilterid'],
      filter: `primaryobjecttypecode eq '${Message.logicalName}' and _sdkmessageid_value eq ${message?.sdkmessageid}`,
    })
  ).value[0];
  const endpoint = (await admin.create({
    collection: 'serviceendpoints',
    data: { name: 'Customer integration', contract: 8, messageformat: 2, authtype: 4, authvalue: 'c', url: `${relayUrl}/customer` },
  })) as string;
  return (await admin.create({
    collection: 'sdkmessageprocessingsteps',
    data: {
      name: 'Contoso: message created',
      stage: 40,
      mode: 1,
      rank: 1,
      supporteddeployment: 0,
      'sdkmessageid@odata.bind': `/sdkmessages(${message?.sdkmessageid})`,
      'sdkmessagefilterid@odata.bind': `/sdkmessagefilters(${filter?.sdkmessagefilterid})`,
      'eventhandler_serviceendpoint@odata.bind': `/serviceendpoints(${endpoint})`,
    },
  })) as string;
}

const calls = (w: World, step: string) => w.dv.webhookDeliveries().filter((d) => d.stepId === step && d.entityName === Message.logicalName);
const messageRows = (w: World) => w.dv.rows(EntitySets.Message).filter((r) => r[Message.columns.Direction] === Direction.Inbound);
const stepLookups = (w: World) =>
  w.dv.requestLog().filter((r) => r.clientId === w.relayClientId && r.method === 'GET' && r.path.endsWith('/sdkmessageprocessingsteps')).length;
const warnings = (w: World) => w.deps.logger.lines.filter((l) => l.level === 'warn');

describe('inbound rows skip the relay’s own wxm_message Create step', () => {
  it('is the step registration registers', () => {
    const spec = WEBHOOK_STEPS.find((s) => !isPairingStep(s) && s.message === 'Create' && s.table === Message.logicalName);
    expect(spec).toBeDefined();
    expect(OWN_MESSAGE_CREATE_STEP).toBe(`Wechat Marketing: Create of ${Message.logicalName}`);
  });

  it(`before: ${N} inbound messages raise ${N} calls of the relay's step (bypass off)`, async () => {
    const w = await world('shipped', new DeliveryMemory({ ownSteps: false }));
    expect(await w.deliver(N)).toEqual(Array(N).fill('delivered'));
    expect(calls(w, w.relayStep)).toHaveLength(N);
    expect(calls(w, w.customerStep)).toHaveLength(N);
    expect(stepLookups(w)).toBe(0);
  });

  it(`after: ${N} inbound messages raise no call of the relay's step; the customer's step still runs; one lookup; a user's reply still reaches the relay`, async () => {
    const w = await world('shipped');
    expect(await w.deliver(N)).toEqual(Array(N).fill('delivered'));
    expect(messageRows(w)).toHaveLength(N);
    expect(calls(w, w.relayStep)).toHaveLength(0);
    expect(calls(w, w.customerStep)).toHaveLength(N);
    expect(w.submits).toEqual(Array(N).fill(true));
    expect(stepLookups(w)).toBe(1);
    expect(warnings(w)).toEqual([]);
    // Replays write nothing and raise nothing.
    expect(await w.deliver(2)).toEqual(['duplicate', 'duplicate']);
    expect(calls(w, w.relayStep)).toHaveLength(0);
    // An operator's outbound reply (a row a Dynamics user creates) raises the relay's step as before.
    const reply = (await w.operator.create({
      collection: EntitySets.Message,
      data: {
        [Message.columns.Content]: 'reply',
        [Message.columns.Direction]: Direction.Outbound,
        [`${Message.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${w.bound.officialAccountId})`,
      },
    })) as string;
    await w.dv.webhooksIdle();
    expect(calls(w, w.relayStep).map((d) => d.primaryEntityId)).toEqual([reply]);
  });

  it('a relay role without prvBypassCustomBusinessLogic: refused once, every message written exactly once without the header, one warning', async () => {
    const w = await world('no-bypass');
    expect(await w.deliver(N)).toEqual(Array(N).fill('delivered'));
    expect(messageRows(w)).toHaveLength(N);
    expect(new Set(messageRows(w).map((r) => r[Message.columns.WeChatMsgId])).size).toBe(N);
    // The first change set named the step and was refused (nothing written), then went again without; the org is
    // remembered: no other message tries.
    expect(w.submits).toEqual([true, ...Array(N).fill(false)]);
    expect(calls(w, w.relayStep)).toHaveLength(N);
    expect(calls(w, w.customerStep)).toHaveLength(N);
    expect(warnings(w)).toHaveLength(1);
    expect(warnings(w)[0]?.fields).toMatchObject({ status: 403, code: '0x80040220' });
    // Not an account problem: no error logged, the account is not flagged.
    expect(w.deps.logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('a refusal in words the relay does not know: written again without the header; counted as a refusal because that write went through', async () => {
    const w = await world('no-bypass');
    w.faults.reword = true;
    expect(await w.deliver(N)).toEqual(Array(N).fill('delivered'));
    expect(messageRows(w)).toHaveLength(N);
    expect(w.submits).toEqual([true, ...Array(N).fill(false)]);
    expect(warnings(w)).toHaveLength(1);
  });

  it('a 400 of the message row that is not the header: tried once without, then fails as before; the org keeps skipping the step', async () => {
    const w = await world('shipped');
    w.faults.refuseMessage = true;
    await expect(w.deliver(1)).rejects.toMatchObject({ status: 400, kind: 'invalid' });
    expect(w.submits).toEqual([true, false]);
    w.faults.refuseMessage = false;
    expect(await w.deliver(1, 1)).toEqual(['delivered']);
    expect(w.submits).toEqual([true, false, true]);
    expect(warnings(w).filter((l) => /webhook step/.test(l.message))).toEqual([]);
    expect(calls(w, w.relayStep)).toHaveLength(0);
  });

  it('a relay role that cannot even read steps: the lookup is refused once, messages written without the header, one warning', async () => {
    const w = await world('no-read');
    expect(await w.deliver(N)).toEqual(Array(N).fill('delivered'));
    expect(messageRows(w)).toHaveLength(N);
    expect(w.submits).toEqual(Array(N).fill(false));
    expect(stepLookups(w)).toBe(1);
    expect(calls(w, w.relayStep)).toHaveLength(N);
    expect(warnings(w)).toHaveLength(1);
    expect(warnings(w)[0]?.fields).toMatchObject({ status: 403 });
  });

  it('the gateway sends the header per operation and reads the emulator’s refusals as bypass refusals', async () => {
    const w = await world('no-bypass');
    const org = w.bound.org;
    const account = w.bound.officialAccountId;
    const create = (msgid: string, bypassSteps: string[]): WriteOperation => ({
      kind: 'create',
      entitySet: EntitySets.Message,
      data: {
        [Message.columns.WeChatMsgId]: msgid,
        [Message.columns.Direction]: Direction.Inbound,
        [`${Message.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})`,
      },
      bypassSteps,
    });
    const [denied] = await org.submit([create('g-1', [w.relayStep])]);
    expect(denied?.ok).toBe(false);
    if (denied && !denied.ok) expect([denied.error.status, isBypassRefused(denied.error)]).toEqual([403, true]);
    const four = [w.relayStep, randomUUID(), randomUUID(), randomUUID()];
    const [tooMany] = await org.submit([create('g-2', four)]);
    if (tooMany && !tooMany.ok) expect([tooMany.error.status, isBypassRefused(tooMany.error)]).toEqual([400, true]);
    else expect.unreachable('four ids must be refused');
    expect(w.dv.rows(EntitySets.Message).filter((r) => String(r[Message.columns.WeChatMsgId]).startsWith('g-'))).toEqual([]);
  });
});
