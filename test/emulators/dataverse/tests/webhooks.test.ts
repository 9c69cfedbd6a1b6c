import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DynamicsWebApi } from 'dynamics-web-api';
import type { DataverseEmulator } from '../index.js';
import { OUTBOUND } from './fixture-schema.js';
import { call, client, start } from './harness.js';

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: Record<string, any>;
}

let dv: DataverseEmulator;
let api: DynamicsWebApi;
let relay: Server;
let relayUrl: string;
let received: Received[] = [];
/** Status codes the fake relay answers with, in order; 200 once exhausted. */
let answers: number[] = [];

beforeAll(async () => {
  relay = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw) as Record<string, any> });
      res.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}/api/dataverse/webhook`;
  dv = await start({ webhooks: { retryDelayMs: 10 } });
  api = client(dv);
});
afterAll(async () => {
  await dv.close();
  await new Promise((r) => relay.close(r));
});
beforeEach(() => {
  received = [];
  answers = [];
});

/** Registers a webhook step the way the register-webhooks script does: through the Web API. */
async function register(message: 'Create' | 'Update', table: string, endpoint: Record<string, unknown>, step: Record<string, unknown> = {}): Promise<string> {
  const msg = await api.retrieveMultiple<{ sdkmessageid: string }>({ collection: 'sdkmessages', select: ['sdkmessageid'], filter: `name eq '${message}'` });
  const messageId = msg.value[0]?.sdkmessageid ?? '';
  const filter = await api.retrieveMultiple<{ sdkmessagefilterid: string }>({
    collection: 'sdkmessagefilters',
    select: ['sdkmessagefilterid'],
    filter: `primaryobjecttypecode eq '${table}' and _sdkmessageid_value eq ${messageId}`,
  });
  const endpointId = (await api.create({
    collection: 'serviceendpoints',
    data: { name: 'Wechat Marketing relay', contract: 8, messageformat: 2, url: relayUrl, ...endpoint },
  })) as string;
  return (await api.create({
    collection: 'sdkmessageprocessingsteps',
    data: {
      name: `wxm: ${message} of ${table}`,
      stage: 40,
      mode: 1,
      rank: 1,
      supporteddeployment: 0,
      'sdkmessageid@odata.bind': `/sdkmessages(${messageId})`,
      'sdkmessagefilterid@odata.bind': `/sdkmessagefilters(${filter.value[0]?.sdkmessagefilterid})`,
      'eventhandler_serviceendpoint@odata.bind': `/serviceendpoints(${endpointId})`,
      ...step,
    },
  })) as string;
}

describe('webhooks', () => {
  let createStep: string;

  it('posts the RemoteExecutionContext with the x-ms-dynamics headers and the key as ?code=', async () => {
    createStep = await register('Create', 'wxm_message', { authtype: 4, authvalue: 'function-key-1' });
    const id = (await api.create({ collection: 'wxm_messages', data: { wxm_content: 'reply 😀', wxm_direction: OUTBOUND } })) as string;
    await dv.webhooksIdle();
    expect(received).toHaveLength(1);
    const [hit] = received;
    expect(new URL(hit!.url, 'http://x').searchParams.get('code')).toBe('function-key-1');
    expect(hit!.headers['content-type']).toBe('application/json');
    expect(hit!.headers['x-ms-dynamics-entity-name']).toBe('wxm_message');
    expect(hit!.headers['x-ms-dynamics-request-name']).toBe('Create');
    expect(hit!.headers['x-ms-dynamics-organization']).toBe(new URL(dv.url).host);
    expect(hit!.headers['x-ms-correlation-request-id']).toBe(hit!.body.CorrelationId);
    expect(hit!.raw).toContain('"\\/Date(');
    const ctx = hit!.body;
    expect(ctx).toMatchObject({
      MessageName: 'Create',
      PrimaryEntityName: 'wxm_message',
      PrimaryEntityId: id,
      OrganizationId: dv.organizationId,
      UserId: dv.defaultUser.systemUserId,
      InitiatingUserId: dv.defaultUser.systemUserId,
      Depth: 1,
      Mode: 1,
      Stage: 40,
      SecondaryEntityName: 'none',
    });
    expect(ctx.OwningExtension).toMatchObject({ Id: createStep, LogicalName: 'sdkmessageprocessingstep' });
    const target = ctx.InputParameters[0];
    expect(target.key).toBe('Target');
    expect(target.value.__type).toBe('Entity:http://schemas.microsoft.com/xrm/2011/Contracts');
    expect(target.value.LogicalName).toBe('wxm_message');
    const attrs = Object.fromEntries((target.value.Attributes as { key: string; value: unknown }[]).map((a) => [a.key, a.value]));
    expect(attrs.wxm_content).toBe('reply 😀');
    expect(attrs.wxm_direction).toEqual({ __type: 'OptionSetValue:http://schemas.microsoft.com/xrm/2011/Contracts', Value: OUTBOUND });
    expect(attrs.wxm_messageid).toBe(id);
    expect(attrs.ownerid).toMatchObject({
      __type: 'EntityReference:http://schemas.microsoft.com/xrm/2011/Contracts',
      Id: dv.defaultUser.systemUserId,
      LogicalName: 'systemuser',
    });
    expect(attrs.createdon).toMatch(/^\/Date\(\d+\)\/$/);
    expect(dv.webhookDeliveries().at(-1)).toMatchObject({ state: 'delivered', mode: 'Asynchronous', url: `${relayUrl}?code=***` });
  });

  it('never returns the endpoint secret', async () => {
    const endpoints = await call(dv, 'GET', 'serviceendpoints?$select=name,url');
    expect(endpoints.text).not.toContain('function-key-1');
    const selected = await call(dv, 'GET', 'serviceendpoints?$select=authvalue');
    expect(selected.status).toBe(400);
  });

  it('Update steps honour filtering attributes; HttpHeader authentication sends the headers', async () => {
    await register(
      'Update',
      'wxm_signedservice',
      { authtype: 5, authvalue: '<settings><setting name="x-functions-key" value="k&amp;2" /></settings>' },
      { filteringattributes: 'wxm_clientsecret,wxm_agreementaccepted' },
    );
    const id = (await api.create({ collection: 'wxm_signedservices', data: { wxm_name: 'Contoso', wxm_clientid: 'c' } })) as string;
    await api.update({ collection: 'wxm_signedservices', key: id, data: { wxm_name: 'Renamed' } });
    await dv.webhooksIdle();
    expect(received).toHaveLength(0);
    await api.update({ collection: 'wxm_signedservices', key: id, data: { wxm_agreementaccepted: true } });
    await dv.webhooksIdle();
    expect(received).toHaveLength(1);
    expect(received[0]!.headers['x-functions-key']).toBe('k&2');
    const attrs = (received[0]!.body.InputParameters[0].value.Attributes as { key: string }[]).map((a) => a.key).sort();
    expect(attrs).toEqual(['modifiedby', 'modifiedon', 'wxm_agreementaccepted', 'wxm_signedserviceid']);
  });

  it('tries once more after 503, and gives up after a 500', async () => {
    answers = [503];
    await api.create({ collection: 'wxm_messages', data: { wxm_content: 'retry' } });
    await dv.webhooksIdle();
    expect(received).toHaveLength(2);
    expect(dv.webhookDeliveries().at(-1)).toMatchObject({ state: 'delivered', attempts: [{ status: 503 }, { status: 200 }] });
    received = [];
    answers = [500];
    await api.create({ collection: 'wxm_messages', data: { wxm_content: 'fail' } });
    await dv.webhooksIdle();
    expect(received).toHaveLength(1);
    expect(dv.webhookDeliveries().at(-1)).toMatchObject({ state: 'failed', attempts: [{ status: 500 }] });
  });

  it('a rolled-back change set raises no webhook; a committed one raises one per row', async () => {
    api.startBatch();
    void api.create({ collection: 'wxm_messages', data: { wxm_content: 'a' } });
    void api.create({ collection: 'wxm_messages', data: { wxm_content: 5 } });
    await api.executeBatch({ continueOnError: true });
    await dv.webhooksIdle();
    expect(received).toHaveLength(0);
    api.startBatch();
    void api.create({ collection: 'wxm_messages', data: { wxm_content: 'b' } });
    void api.create({ collection: 'wxm_messages', data: { wxm_content: 'c' } });
    await api.executeBatch();
    await dv.webhooksIdle();
    expect(received.map((r) => r.body.PrimaryEntityName)).toEqual(['wxm_message', 'wxm_message']);
  });

  it("sdkmessage rows are the platform's: an application user cannot create them", async () => {
    const r = await call(dv, 'POST', 'sdkmessages', { name: 'Mine' });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('0x80040220');
  });
});
