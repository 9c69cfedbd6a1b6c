/**
 * Registration against the Dataverse emulator, driven by dynamics-web-api as against a real org,
 * then proven by the emulator posting a webhook to a local relay stand-in.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { DynamicsWebApi } from 'dynamics-web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDataverseEmulator, type DataverseEmulator } from '../../test/emulators/dataverse/index.js';
import { Direction, Message, OfficialAccount } from '../generated/schema.js';
import { DEFAULT_REPO_ROOT } from '../tooling/load.js';
import { WebhookKeys, WEBHOOK_KEY_HEADER as RELAY_HEADER } from '../../functions/src/relay/webhook/webhook-key.js';
import { registerWebhooks, WEBHOOK_KEY_HEADER, webhookUrl, WebhookRegistrationError } from './registration.js';

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
  it('creates a Webhook service endpoint and its asynchronous PostOperation steps', async () => {
    const result = await registerWebhooks(api, { relayUrl: `${relayUrl}/`, webhookKey: 'org-key-1' });
    expect(result.url).toBe(`${relayUrl}/api/dataverse/webhook`);
    expect(result.endpointCreated).toBe(true);
    const endpoints = dv.rows('serviceendpoint') as Row[];
    expect(endpoints.map((e) => [e['name'], e['contract'], e['authtype'], e['messageformat'], e['url']])).toEqual([
      ['Wechat Marketing Relay', 8, 5, 2, `${relayUrl}/api/dataverse/webhook`],
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
      [
        'Wechat Marketing: Update of wxm_officialaccount',
        40,
        1,
        result.serviceEndpointId,
        'wxm_syncrequestedon,wxm_quotarequestedon,wxm_quotaresetrequestedon,wxm_removalrequestedon,wxm_templatesyncrequestedon',
      ],
      ['Wechat Marketing: Delete of wxm_officialaccount', 40, 1, result.serviceEndpointId, null],
      ['Wechat Marketing: Create of wxm_qrcode', 40, 1, result.serviceEndpointId, null],
      [
        'Wechat Marketing: Update of wxm_qrcode',
        40,
        1,
        result.serviceEndpointId,
        'wxm_officialaccountid,wxm_purpose,wxm_permanent,wxm_expireseconds,wxm_scene,wxm_referrerid,wxm_referralprogramid,wxm_bindcontactid,wxm_bindleadid,wxm_binduserid',
      ],
      ['Wechat Marketing: Create of wxm_material', 40, 1, result.serviceEndpointId, null],
      [
        'Wechat Marketing: Update of wxm_material',
        40,
        1,
        result.serviceEndpointId,
        'wxm_officialaccountid,wxm_purpose,wxm_mediatype,wxm_annotationid,wxm_title,wxm_introduction,wxm_uploadrequestedon,wxm_deleterequestedon',
      ],
      ['Wechat Marketing: Create of wxm_autoreply', 40, 1, result.serviceEndpointId, null],
      [
        'Wechat Marketing: Update of wxm_autoreply',
        40,
        1,
        result.serviceEndpointId,
        'wxm_name,wxm_officialaccountid,wxm_kind,wxm_keywords,wxm_matchmode,wxm_priority,wxm_menukey,wxm_qrcodeid,wxm_replytype,wxm_replytext,wxm_mediaid,wxm_newsjson,wxm_miniprogramappid,wxm_miniprogrampagepath,wxm_miniprogramtitle,wxm_defaultperiodminutes,statecode',
      ],
      ['Wechat Marketing: Delete of wxm_autoreply', 40, 1, result.serviceEndpointId, null],
      ['Wechat Marketing: Create of wxm_officialaccount', 40, 1, result.serviceEndpointId, null],
      ['Wechat Marketing: Create of wxm_tag', 40, 1, result.serviceEndpointId, null],
      ['Wechat Marketing: Update of wxm_tag', 40, 1, result.serviceEndpointId, 'wxm_name,wxm_audiencelistid,wxm_audienceviewid'],
      ['Wechat Marketing: Delete of wxm_tag', 40, 1, result.serviceEndpointId, null],
      ['Wechat Marketing: Associate', 40, 1, result.serviceEndpointId, null],
      ['Wechat Marketing: Disassociate', 40, 1, result.serviceEndpointId, null],
      ['Wechat Marketing: Create of wxm_templatemessage', 40, 1, result.serviceEndpointId, null],
      ['Wechat Marketing: Create of wxm_template', 40, 1, result.serviceEndpointId, null],
      ['Wechat Marketing: Update of wxm_template', 40, 1, result.serviceEndpointId, 'wxm_shortid,wxm_keywordnames'],
      ['Wechat Marketing: Delete of wxm_template', 40, 1, result.serviceEndpointId, null],
      ['Wechat Marketing: Update of wxm_menu', 40, 1, result.serviceEndpointId, 'wxm_publishrequestedon,wxm_importrequestedon'],
      ['Wechat Marketing: Delete of wxm_menu', 40, 1, result.serviceEndpointId, null],
      ['Wechat Marketing: Create of wxm_subscriptionmessage', 40, 1, result.serviceEndpointId, null],
      ['Wechat Marketing: Create of wxm_subscriptiontemplate', 40, 1, result.serviceEndpointId, null],
      [
        'Wechat Marketing: Update of wxm_subscriptiontemplate',
        40,
        1,
        result.serviceEndpointId,
        'wxm_tid,wxm_keywordids,wxm_syncrequestedon,wxm_deleterequestedon',
      ],
      ['Wechat Marketing: Create of wxm_broadcast', 40, 1, result.serviceEndpointId, null],
      [
        'Wechat Marketing: Update of wxm_broadcast',
        40,
        1,
        result.serviceEndpointId,
        'wxm_officialaccountid,wxm_kind,wxm_audiencekind,wxm_tagid,wxm_audienceviewid,wxm_audiencelistid,wxm_contenttype,wxm_content,wxm_sendon,wxm_previewrequestedon,wxm_sendrequestedon,wxm_deleterequestedon',
      ],
      // A user disabled ends their WeChat's bindings (relay/binding/disabled-users.ts).
      ['Wechat Marketing: Update of systemuser', 40, 1, result.serviceEndpointId, 'isdisabled'],
    ]);
    expect(result.steps.map((s) => s.created)).toEqual(Array<boolean>(31).fill(true));
  });

  it('updates the same rows when run again with a new relay URL and key', async () => {
    const first = await registerWebhooks(api, { relayUrl: 'https://old.example.com', webhookKey: 'old' });
    const second = await registerWebhooks(api, { relayUrl, webhookKey: 'new-key' });
    expect(second.serviceEndpointId).toBe(first.serviceEndpointId);
    expect(second.endpointCreated).toBe(false);
    expect(second.steps.map((s) => s.id)).toEqual(first.steps.map((s) => s.id));
    expect(second.steps.map((s) => s.created)).toEqual(Array<boolean>(31).fill(false));
    expect((dv.rows('serviceendpoint') as Row[]).map((e) => e['url'])).toEqual([`${relayUrl}/api/dataverse/webhook`]);
    expect(dv.rows('sdkmessageprocessingstep')).toHaveLength(31);
  });

  it('makes Dataverse post the context of a new message with the key in the x-wxm-webhook-key header, never in the URL', async () => {
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
    await api.create({
      collection: 'wxm_signedservices',
      data: { wxm_name: 'Contoso', wxm_tenantid: 't', wxm_clientid: 'c', wxm_environmenturl: 'https://contoso.crm.dynamics.cn' },
    });
    await dv.webhooksIdle();
    expect(received.map((r) => [r.url, r.headers['x-wxm-webhook-key'], r.headers['x-functions-key'], r.body.PrimaryEntityName])).toEqual([
      // The account row first: its Create step imports the MP console's auto replies (relay/autoreplies).
      ['/api/dataverse/webhook', 'org-key-1', undefined, 'wxm_officialaccount'],
      ['/api/dataverse/webhook', 'org-key-1', undefined, 'wxm_message'],
      ['/api/dataverse/webhook', 'org-key-1', undefined, 'wxm_signedservice'],
    ]);
    // authvalue is write-only (IsValidForRead False, as in Dataverse): what arrives is the proof.
    expect((dv.rows('serviceendpoint') as Row[])[0]?.['authtype']).toBe(5);
    expect(WEBHOOK_KEY_HEADER).toBe(RELAY_HEADER);
  });

  it('escapes a key for the authvalue XML', async () => {
    await registerWebhooks(api, { relayUrl, webhookKey: 'a"b<c>&d' });
    await api.create({ collection: 'wxm_signedservices', data: { wxm_name: 'Contoso' } });
    await dv.webhooksIdle();
    expect(received.map((r) => r.headers['x-wxm-webhook-key'])).toEqual(['a"b<c>&d']);
  });

  it('refuses a relative relay URL or an empty key before calling Dataverse', async () => {
    await expect(registerWebhooks(api, { relayUrl: 'relay.example.com', webhookKey: 'k' })).rejects.toThrow(
      new WebhookRegistrationError('relay URL "relay.example.com" is not an absolute URL'),
    );
    await expect(registerWebhooks(api, { relayUrl, webhookKey: ' ' })).rejects.toThrow(new WebhookRegistrationError('a webhook key is required'));
    expect(dv.rows('serviceendpoint')).toEqual([]);
    await expect(registerWebhooks(api, { relayUrl: `${relayUrl}/?code=k`, webhookKey: 'k' })).rejects.toThrow(WebhookRegistrationError);
    expect(dv.rows('serviceendpoint')).toEqual([]);
    expect(webhookUrl('https://relay.example.com/base/')).toBe('https://relay.example.com/base/api/dataverse/webhook');
  });
});

describe('npm run register-webhooks', () => {
  const relayKey = Buffer.alloc(32, 42);
  const run = (args: string[], env: Record<string, string> = { RELAY_SECRET_KEY: relayKey.toString('base64') }) =>
    promisify(execFile)('npx', ['tsx', 'scripts/register-webhooks.ts', ...args], {
      cwd: DEFAULT_REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, RELAY_DATA_DIR: '/nonexistent-wxm', ...env },
    });

  it("derives, prints and registers this org's key only (as a header), never the admin's token", async () => {
    const token = dv.issueToken();
    const { stdout, stderr } = await run(['--env-url', dv.url, '--relay-url', relayUrl, '--token', token]);
    const key = new WebhookKeys(relayKey).keyFor(dv.organizationId);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(33);
    expect(lines[0]).toBe(
      `register-webhooks: organization ${dv.organizationId}: webhook key ${key} (sent as the x-wxm-webhook-key header; it belongs to this org only)`,
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^register-webhooks: service endpoint [0-9a-f-]{36} \\(created\\) → ${relayUrl.replace(/\./g, '\\.')}/api/dataverse/webhook \\[HttpHeader\\]$`,
      ),
    );
    expect(lines[5]).toMatch(/^register-webhooks: step [0-9a-f-]{36} \(created\) Wechat Marketing: Delete of wxm_signedservice$/);
    expect(`${stdout}${stderr}`).not.toContain(token);
    await api.create({ collection: 'wxm_signedservices', data: { wxm_name: 'Contoso' } });
    await dv.webhooksIdle();
    expect(received.map((r) => [r.url, r.headers['x-wxm-webhook-key']])).toEqual([['/api/dataverse/webhook', key]]);
  });

  it('explains missing arguments, a missing RELAY_SECRET_KEY, and refuses the old --webhook-key', async () => {
    await expect(run(['--env-url', dv.url])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('register-webhooks: --relay-url is required') });
    await expect(run(['--env-url', dv.url, '--relay-url', relayUrl, '--token', 't'], { RELAY_SECRET_KEY: '' })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("register-webhooks: set RELAY_SECRET_KEY to the relay's key"),
    });
    await expect(run(['--env-url', dv.url, '--relay-url', relayUrl, '--webhook-key', 'k', '--token', 't'])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('usage: npm run register-webhooks'),
    });
    expect(dv.rows('serviceendpoint')).toEqual([]);
  });
});
