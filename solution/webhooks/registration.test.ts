/**
 * Registration against the Dataverse emulator, driven by dynamics-web-api as against a real org,
 * then proven by the emulator posting a webhook to a local relay stand-in.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { DynamicsWebApi } from 'dynamics-web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDataverseEmulator, type DataverseEmulator } from '../../test/emulators/dataverse/index.js';
import { Direction, Message, OfficialAccount } from '../generated/schema.js';
import { DEFAULT_REPO_ROOT } from '../tooling/load.js';
import { registerWebhooks, webhookUrl, WebhookRegistrationError } from './registration.js';

interface Received {
  url: string;
  headers: IncomingMessage['headers'];
  body: { MessageName?: string; PrimaryEntityName?: string };
}

let dv: DataverseEmulator;
let api: DynamicsWebApi;
let relay: Server;
let relayUrl: string;
let received: Received[];

beforeEach(async () => {
  dv = await startDataverseEmulator();
  api = new DynamicsWebApi({ serverUrl: dv.url, dataApi: { version: '9.2' }, onTokenRefresh: async () => dv.issueToken() });
  received = [];
  relay = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'] });
      res.writeHead(200).end();
    });
  });
  relay.listen(0, '127.0.0.1');
  await once(relay, 'listening');
  relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await dv.close();
  relay.close();
});

type Row = Record<string, unknown>;

describe('registerWebhooks', () => {
  it('creates a Webhook service endpoint and four asynchronous PostOperation steps', async () => {
    const result = await registerWebhooks(api, { relayUrl: `${relayUrl}/`, webhookKey: 'org-key-1' });
    expect(result.url).toBe(`${relayUrl}/api/dataverse/webhook`);
    expect(result.endpointCreated).toBe(true);
    const endpoints = dv.rows('serviceendpoint') as Row[];
    expect(endpoints.map((e) => [e['name'], e['contract'], e['authtype'], e['messageformat'], e['url']])).toEqual([
      ['Wechat Marketing Relay', 8, 4, 2, `${relayUrl}/api/dataverse/webhook`],
    ]);
    const steps = dv.rows('sdkmessageprocessingstep') as Row[];
    expect(steps.map((s) => [s['name'], s['stage'], s['mode'], s['_eventhandler_value'], s['filteringattributes'] ?? null])).toEqual([
      ['Wechat Marketing: Create of wxm_message', 40, 1, result.serviceEndpointId, null],
      ['Wechat Marketing: Create of wxm_signedservice', 40, 1, result.serviceEndpointId, null],
      [
        'Wechat Marketing: Update of wxm_signedservice',
        40,
        1,
        result.serviceEndpointId,
        'wxm_tenantid,wxm_clientid,wxm_clientsecret,wxm_environmenturl,wxm_cloud,wxm_appid,wxm_bindingtoken,wxm_agreementaccepted,wxm_contactmatchcolumn,statecode',
      ],
      ['Wechat Marketing: Delete of wxm_signedservice', 40, 1, result.serviceEndpointId, null],
    ]);
    expect(result.steps.map((s) => s.created)).toEqual([true, true, true, true]);
  });

  it('updates the same rows when run again with a new relay URL and key', async () => {
    const first = await registerWebhooks(api, { relayUrl: 'https://old.example.com', webhookKey: 'old' });
    const second = await registerWebhooks(api, { relayUrl, webhookKey: 'new-key' });
    expect(second.serviceEndpointId).toBe(first.serviceEndpointId);
    expect(second.endpointCreated).toBe(false);
    expect(second.steps.map((s) => s.id)).toEqual(first.steps.map((s) => s.id));
    expect(second.steps.map((s) => s.created)).toEqual([false, false, false, false]);
    expect((dv.rows('serviceendpoint') as Row[]).map((e) => e['url'])).toEqual([`${relayUrl}/api/dataverse/webhook`]);
    expect(dv.rows('sdkmessageprocessingstep')).toHaveLength(4);
  });

  it('makes Dataverse post the context of a new message to the relay with the key as ?code=', async () => {
    await registerWebhooks(api, { relayUrl, webhookKey: 'org-key-1' });
    const account = await api.create({ collection: OfficialAccount.entitySetName, data: { wxm_name: 'Demo', wxm_appid: 'wx0123456789abcdef' } });
    await api.create({
      collection: Message.entitySetName,
      data: {
        wxm_name: 'hello',
        wxm_direction: Direction.Outbound,
        wxm_messagetype: 472610000,
        [`${Message.navigation.OfficialAccountId}@odata.bind`]: `/${OfficialAccount.entitySetName}(${String(account)})`,
      },
    });
    await dv.webhooksIdle();
    expect(received.map((r) => [r.url, r.headers['x-ms-dynamics-entity-name'], r.body.MessageName, r.body.PrimaryEntityName])).toEqual([
      ['/api/dataverse/webhook?code=org-key-1', 'wxm_message', 'Create', 'wxm_message'],
    ]);
  });

  it('sends the key in the x-functions-key header with HttpHeader auth', async () => {
    await registerWebhooks(api, { relayUrl, webhookKey: 'header-key', auth: 'HttpHeader' });
    expect((dv.rows('serviceendpoint') as Row[])[0]!['authtype']).toBe(5);
    await api.create({ collection: 'wxm_signedservices', data: { wxm_name: 'Contoso', wxm_tenantid: 't', wxm_clientid: 'c', wxm_environmenturl: 'https://contoso.crm.dynamics.cn' } });
    await dv.webhooksIdle();
    expect(received.map((r) => [r.url, r.headers['x-functions-key'], r.body.PrimaryEntityName])).toEqual([['/api/dataverse/webhook', 'header-key', 'wxm_signedservice']]);
  });

  it('refuses a relative relay URL or an empty key before calling Dataverse', async () => {
    await expect(registerWebhooks(api, { relayUrl: 'relay.example.com', webhookKey: 'k' })).rejects.toThrow(new WebhookRegistrationError('relay URL "relay.example.com" is not an absolute URL'));
    await expect(registerWebhooks(api, { relayUrl, webhookKey: ' ' })).rejects.toThrow(new WebhookRegistrationError('a webhook key is required'));
    expect(dv.rows('serviceendpoint')).toEqual([]);
    expect(webhookUrl('https://relay.example.com/base/')).toBe('https://relay.example.com/base/api/dataverse/webhook');
  });
});

describe('npm run register-webhooks', () => {
  it('registers with a bearer token and never prints the key or the token', async () => {
    const token = dv.issueToken();
    const { stdout, stderr } = await promisify(execFile)(
      'npx',
      ['tsx', 'scripts/register-webhooks.ts', '--env-url', dv.url, '--relay-url', relayUrl, '--webhook-key', 'very-secret-key', '--token', token],
      { cwd: DEFAULT_REPO_ROOT, encoding: 'utf8' },
    );
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(new RegExp(`^register-webhooks: service endpoint [0-9a-f-]{36} \\(created\\) → ${relayUrl.replace(/\./g, '\\.')}/api/dataverse/webhook \\[WebhookKey\\]$`));
    expect(lines[4]).toMatch(/^register-webhooks: step [0-9a-f-]{36} \(created\) Wechat Marketing: Delete of wxm_signedservice$/);
    expect(`${stdout}${stderr}`).not.toContain('very-secret-key');
    expect(`${stdout}${stderr}`).not.toContain(token);
  });

  it('explains missing arguments', async () => {
    const run = promisify(execFile)('npx', ['tsx', path.join('scripts', 'register-webhooks.ts'), '--env-url', dv.url], { cwd: DEFAULT_REPO_ROOT, encoding: 'utf8' });
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('register-webhooks: --relay-url is required') });
  });
});
