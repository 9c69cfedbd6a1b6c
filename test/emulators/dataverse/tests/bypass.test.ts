/**
 * MSCRM.BypassBusinessLogicExecutionStepIds (api/bypass.ts): the named steps are not raised for that write (create,
 * update, upsert, delete, also inside a $batch change set), other steps still are; callers without
 * prvBypassCustomBusinessLogic, too many ids and malformed ids are refused before anything is written.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamicsWebApi } from 'dynamics-web-api';
import { Direction, EntitySets, Message, OfficialAccount } from '@wxm/solution/schema';
import { registerWebhooks } from '../../../../solution/webhooks/registration.js';
import { startDataverseEmulator, type DataverseEmulator } from '../index.js';

const HEADER = 'MSCRM.BypassBusinessLogicExecutionStepIds';
const M = Message.columns;

const users = {
  admin: { clientId: randomUUID(), name: 'System Administrator', privileges: 'all' as const },
  relay: { clientId: randomUUID(), name: '# Wechat Marketing Relay', roles: ['Wechat Marketing Relay'] },
  operator: { clientId: randomUUID(), name: 'Operator', roles: ['Wechat Marketing Operator'] },
  legacy: { clientId: randomUUID(), name: 'Flat privileges', privileges: ['prvCreatewxm_message', 'prvReadwxm_message', 'prvWritewxm_message'] },
};
type Who = keyof typeof users;

let dv: DataverseEmulator;
let hook: Server;
let account: string;
let relayStep: string;
let customerStep: string;

beforeAll(async () => {
  hook = createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end()));
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  dv = await startDataverseEmulator({ applicationUsers: Object.values(users), webhooks: { retryDelayMs: 5 } });
  const admin = new DynamicsWebApi({
    serverUrl: dv.url,
    dataApi: { version: '9.2' },
    onTokenRefresh: async () => dv.issueToken({ clientId: users.admin.clientId }),
  });
  const relayUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
  const registration = await registerWebhooks(admin, { relayUrl, webhookKey: 'k' });
  relayStep = registration.steps.find((s) => s.name === 'Wechat Marketing: Create of wxm_message')?.id ?? '';
  // A customer's own webhook on the same message, registered beside the relay's.
  const customer = await registerWebhooks(admin, {
    relayUrl: `${relayUrl}/customer`,
    webhookKey: 'c',
    endpointName: 'Customer integration',
    steps: [{ message: 'Create', table: Message.logicalName, description: 'The customer hears of every message.' }],
  });
  customerStep = customer.steps[0]?.id ?? '';
  account = dv.insert(EntitySets.OfficialAccount, { [OfficialAccount.columns.AppId]: 'wxbypass', [OfficialAccount.columns.Name]: 'Bypass' });
});
afterAll(async () => {
  await dv.close();
  await new Promise((r) => hook.close(r));
});

let seen = 0;
beforeEach(async () => {
  await dv.webhooksIdle();
  seen = dv.webhookDeliveries().length;
});

/** Steps raised since the test began, by step id. */
async function raised(): Promise<string[]> {
  await dv.webhooksIdle();
  return dv
    .webhookDeliveries()
    .slice(seen)
    .map((d) => d.stepId);
}

async function call(who: Who, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${dv.serviceRoot}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${dv.issueToken({ clientId: users[who].clientId })}`,
      Accept: 'application/json',
      'OData-Version': '4.0',
      ...(body === undefined ? {} : { 'Content-Type': typeof body === 'string' ? 'multipart/mixed; boundary=batch_b' : 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: (text.startsWith('{') ? JSON.parse(text) : undefined) as { error: { code: string; message: string } } | undefined };
}

const inbound = (msgid: string) => ({
  [M.WeChatMsgId]: msgid,
  [M.Direction]: Direction.Inbound,
  [`${Message.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${account})`,
});
const rowsOf = (msgid: string) => dv.rows(EntitySets.Message).filter((r) => r[M.WeChatMsgId] === msgid);
const keyOf = (msgid: string) => `${EntitySets.Message}(${M.WeChatMsgId}='${msgid}',_${M.OfficialAccountId}_value=${account})`;

describe('MSCRM.BypassBusinessLogicExecutionStepIds', () => {
  it('without the header both Create steps are raised (the relay role writes an inbound row)', async () => {
    expect((await call('relay', 'POST', EntitySets.Message, inbound('b-none'))).status).toBe(204);
    expect((await raised()).sort()).toEqual([relayStep, customerStep].sort());
  });

  it('naming the relay step on a create skips only that step; the customer step still runs', async () => {
    expect((await call('relay', 'POST', EntitySets.Message, inbound('b-create'), { [HEADER]: relayStep })).status).toBe(204);
    expect(await raised()).toEqual([customerStep]);
  });

  it('applies to a create-only upsert (PATCH by alternate key); ids may be upper-case, braced, spaced', async () => {
    const upsert = await call(
      'relay',
      'PATCH',
      keyOf('b-upsert'),
      { [M.Direction]: Direction.Inbound },
      { [HEADER]: relayStep.toUpperCase(), 'If-None-Match': '*' },
    );
    expect(upsert.status).toBe(204);
    expect(await raised()).toEqual([customerStep]);
    seen = dv.webhookDeliveries().length;
    // Both steps named, braces and spaces allowed: nothing raised.
    await call('relay', 'POST', EntitySets.Message, inbound('b-two'), { [HEADER]: ` {${relayStep}} , ${customerStep}` });
    expect(await raised()).toEqual([]);
  });

  it('is per operation inside a $batch: the part with the header skips the step, the other part does not', async () => {
    const part = (id: number, msgid: string, extra: string) =>
      [
        '--changeset_c',
        'Content-Type: application/http',
        'Content-Transfer-Encoding: binary',
        `Content-ID: ${id}`,
        '',
        `POST ${dv.serviceRoot}${EntitySets.Message} HTTP/1.1`,
        'Content-Type: application/json',
        ...(extra ? [extra] : []),
        '',
        JSON.stringify(inbound(msgid)),
      ].join('\r\n');
    const body = [
      '--batch_b',
      'Content-Type: multipart/mixed; boundary=changeset_c',
      '',
      part(1, 'b-batch-1', `${HEADER}: ${relayStep}`),
      part(2, 'b-batch-2', ''),
      '--changeset_c--',
      '--batch_b--',
      '',
    ].join('\r\n');
    expect((await call('relay', 'POST', '$batch', body)).status).toBe(200);
    const [first, second] = [rowsOf('b-batch-1')[0]?.[M.Id], rowsOf('b-batch-2')[0]?.[M.Id]];
    await dv.webhooksIdle();
    const byRow = (id: unknown) =>
      dv
        .webhookDeliveries()
        .slice(seen)
        .filter((d) => d.primaryEntityId === id)
        .map((d) => d.stepId)
        .sort();
    expect(byRow(first)).toEqual([customerStep]);
    expect(byRow(second)).toEqual([relayStep, customerStep].sort());
  });

  it('a caller without prvBypassCustomBusinessLogic is refused (403 0x80040220) and nothing is written', async () => {
    for (const who of ['operator', 'legacy'] as const) {
      const res = await call(who, 'POST', EntitySets.Message, inbound(`b-denied-${who}`), { [HEADER]: relayStep });
      expect(res.status).toBe(403);
      expect(res.json?.error.code).toBe('0x80040220');
      expect(res.json?.error.message).toMatch(/is missing prvBypassCustomBusinessLogic privilege/);
      expect(rowsOf(`b-denied-${who}`)).toHaveLength(0);
    }
    expect(await raised()).toEqual([]);
    // The same users write without the header as before.
    expect((await call('operator', 'POST', EntitySets.Message, { ...inbound('b-operator'), [M.Direction]: Direction.Outbound })).status).toBe(204);
    expect((await raised()).sort()).toEqual([relayStep, customerStep].sort());
  });

  it('inside a change set the refusal fails the change set: the other operation is rolled back', async () => {
    const part = (id: number, msgid: string, extra: string[]) =>
      [
        '--changeset_c',
        'Content-Type: application/http',
        'Content-Transfer-Encoding: binary',
        `Content-ID: ${id}`,
        '',
        `POST ${dv.serviceRoot}${EntitySets.Message} HTTP/1.1`,
        'Content-Type: application/json',
        ...extra,
        '',
        JSON.stringify(inbound(msgid)),
      ].join('\r\n');
    const body = [
      '--batch_b',
      'Content-Type: multipart/mixed; boundary=changeset_c',
      '',
      part(1, 'b-cs-1', []),
      part(2, 'b-cs-2', [`${HEADER}: ${relayStep}`]),
      '--changeset_c--',
      '--batch_b--',
      '',
    ].join('\r\n');
    const res = await call('operator', 'POST', '$batch', body);
    expect(res.status).toBe(403);
    expect(res.text).toContain('prvBypassCustomBusinessLogic');
    expect([...rowsOf('b-cs-1'), ...rowsOf('b-cs-2')]).toHaveLength(0);
    expect(await raised()).toEqual([]);
  });

  it('more ids than the org allows (3 by default) and malformed ids are refused with 400 0x80040203', async () => {
    const four = [relayStep, customerStep, randomUUID(), randomUUID()].join(',');
    const tooMany = await call('relay', 'POST', EntitySets.Message, inbound('b-four'), { [HEADER]: four });
    expect([tooMany.status, tooMany.json?.error.code]).toEqual([400, '0x80040203']);
    expect(tooMany.json?.error.message).toContain('exceeds the limit of 3');
    const three = [relayStep, randomUUID(), randomUUID()].join(',');
    expect((await call('relay', 'POST', EntitySets.Message, inbound('b-three'), { [HEADER]: three })).status).toBe(204);
    for (const bad of ['not-a-guid', `${relayStep},`, '']) {
      const res = await call('relay', 'POST', EntitySets.Message, inbound(`b-bad-${bad.length}`), { [HEADER]: bad });
      expect([res.status, res.json?.error.code]).toEqual([400, '0x80040203']);
    }
    expect(rowsOf('b-four')).toHaveLength(0);
    // The org's limit is a setting.
    dv.setBypassStepIdsLimit(4);
    expect((await call('relay', 'POST', EntitySets.Message, inbound('b-four'), { [HEADER]: four })).status).toBe(204);
    dv.setBypassStepIdsLimit(3);
  });

  it('applies to a delete and an update too', async () => {
    const admin = new DynamicsWebApi({
      serverUrl: dv.url,
      dataApi: { version: '9.2' },
      onTokenRefresh: async () => dv.issueToken({ clientId: users.admin.clientId }),
    });
    const msg = await admin.retrieveMultiple<{ sdkmessageid: string; name: string }>({ collection: 'sdkmessages', select: ['sdkmessageid', 'name'] });
    const id = (name: string) => msg.value.find((m) => m.name === name)?.sdkmessageid;
    const filters = await admin.retrieveMultiple<{ sdkmessagefilterid: string; _sdkmessageid_value: string }>({
      collection: 'sdkmessagefilters',
      select: ['sdkmessagefilterid', '_sdkmessageid_value'],
      filter: `primaryobjecttypecode eq '${Message.logicalName}'`,
    });
    const endpoint = (await admin.retrieveMultiple<{ serviceendpointid: string }>({ collection: 'serviceendpoints', select: ['serviceendpointid'], top: 1 }))
      .value[0];
    const stepFor = async (message: string) =>
      (await admin.create({
        collection: 'sdkmessageprocessingsteps',
        data: {
          name: `test: ${message}`,
          stage: 40,
          mode: 1,
          rank: 1,
          supporteddeployment: 0,
          'sdkmessageid@odata.bind': `/sdkmessages(${id(message)})`,
          'sdkmessagefilterid@odata.bind': `/sdkmessagefilters(${filters.value.find((f) => f._sdkmessageid_value === id(message))?.sdkmessagefilterid})`,
          'eventhandler_serviceendpoint@odata.bind': `/serviceendpoints(${endpoint?.serviceendpointid})`,
        },
      })) as string;
    const [update, remove] = [await stepFor('Update'), await stepFor('Delete')];
    await call('relay', 'POST', EntitySets.Message, inbound('b-ud'), { [HEADER]: `${relayStep},${customerStep}` });
    const row = `${EntitySets.Message}(${String(rowsOf('b-ud')[0]?.[M.Id])})`;
    await dv.webhooksIdle();
    seen = dv.webhookDeliveries().length;
    expect((await call('admin', 'PATCH', row, { [M.Content]: 'x' }, { [HEADER]: update, 'If-Match': '*' })).status).toBe(204);
    expect((await call('admin', 'PATCH', row, { [M.Content]: 'y' }, { 'If-Match': '*' })).status).toBe(204);
    expect((await call('admin', 'DELETE', row, undefined, { [HEADER]: remove })).status).toBe(204);
    expect(await raised()).toEqual([update]);
  });
});
