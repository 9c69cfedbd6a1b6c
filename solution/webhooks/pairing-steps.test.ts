/**
 * Associate / Disassociate steps: registered once per message without a filter (as Dataverse registers them), merged
 * when several specs name relationships, and proven by the emulator posting the Associate context after a `$ref`.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamicsWebApi } from 'dynamics-web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { label } from '../src/dsl/labels.js';
import { text } from '../src/dsl/columns.js';
import { loadSolutionSource } from '../tooling/load.js';
import { buildSchemaModel } from '../tooling/schema-model.js';
import { startDataverseEmulator, type DataverseEmulator } from '../../test/emulators/dataverse/index.js';
import { mergedSteps, registerWebhooks, type WebhookStepSpec } from './registration.js';

const NAV = 'wxm_follower_wxm_tag';
const STEPS: WebhookStepSpec[] = [
  { message: 'Associate', relationships: [NAV], description: 'Followers were tagged.' },
  { message: 'Disassociate', relationships: [NAV], description: 'Followers were untagged.' },
  { message: 'Associate', relationships: ['wxm_other_relationship', NAV], description: 'Another pairing.' },
];

let dv: DataverseEmulator;
let api: DynamicsWebApi;
let relay: Server;
let relayUrl: string;
let received: Record<string, any>[];

beforeEach(async () => {
  const source = await loadSolutionSource();
  const nn = { schemaName: NAV, intersectEntityName: 'wxm_follower_tag', entity1: 'wxm_follower', entity2: 'wxm_tag', description: label('Tags.', '标签。') };
  const tag = source.tables.find((t) => t.def.schemaName.toLowerCase() === 'wxm_tag');
  if (tag) tag.def.manyToMany = [nn];
  else
    source.tables.push({
      file: 'solution/src/tables/wxm_tag.ts',
      def: {
        schemaName: 'wxm_Tag',
        entitySetName: 'wxm_tags',
        displayName: label('Tag', '标签'),
        pluralName: label('Tags', '标签'),
        description: label('Tag.', '标签。'),
        ownership: 'UserOwned',
        primaryName: text('wxm_Name', label('Name', '名称'), label('Name.', '名称。'), 30),
        columns: [],
        keys: [],
        hasNotes: false,
        quickCreate: false,
        audit: false,
        manyToMany: [nn],
      },
    });
  dv = await startDataverseEmulator({ schema: buildSchemaModel(source) });
  api = new DynamicsWebApi({ serverUrl: dv.url, dataApi: { version: '9.2' }, onTokenRefresh: async () => dv.issueToken() });
  received = [];
  relay = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>);
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

describe('Associate / Disassociate steps', () => {
  it('merge into one spec per message with every relationship named', () => {
    expect(mergedSteps(STEPS)).toEqual([
      { message: 'Associate', relationships: [NAV, 'wxm_other_relationship'], description: 'Followers were tagged. Another pairing.' },
      { message: 'Disassociate', relationships: [NAV], description: 'Followers were untagged.' },
    ]);
  });

  it('register without a message filter, once, and stay one step when run again', async () => {
    const first = await registerWebhooks(api, { relayUrl, webhookKey: 'k', steps: STEPS });
    const again = await registerWebhooks(api, { relayUrl, webhookKey: 'k', steps: STEPS });
    expect(first.steps.map((s) => [s.name, s.created])).toEqual([
      ['Wechat Marketing: Associate', true],
      ['Wechat Marketing: Disassociate', true],
    ]);
    expect(again.steps.map((s) => s.created)).toEqual([false, false]);
    const steps = dv.rows('sdkmessageprocessingstep');
    expect(steps.map((s) => [s.name, s._sdkmessagefilterid_value ?? null, s.description])).toEqual([
      ['Wechat Marketing: Associate', null, `Followers were tagged. Another pairing. (relationships: ${NAV}, wxm_other_relationship)`],
      ['Wechat Marketing: Disassociate', null, `Followers were untagged. (relationships: ${NAV})`],
    ]);
  });

  it('bring the relay the Associate context of a tagging', async () => {
    await registerWebhooks(api, { relayUrl, webhookKey: 'org-key', steps: STEPS });
    const account = dv.insert('wxm_officialaccounts', { wxm_name: 'A', wxm_appid: 'wxpair' });
    const follower = dv.insert('wxm_followers', {
      wxm_name: 'F',
      wxm_openid: 'o-pair',
      'wxm_OfficialAccountId@odata.bind': `/wxm_officialaccounts(${account})`,
    });
    const tag = dv.insert('wxm_tags', { wxm_name: 'VIP' });
    await api.associate({ collection: 'wxm_followers', primaryKey: follower, relationshipName: NAV, relatedCollection: 'wxm_tags', relatedKey: tag });
    await dv.webhooksIdle();
    expect(received.map((c) => c.MessageName)).toEqual(['Associate']);
    const input = Object.fromEntries(received[0]!.InputParameters.map((p: any) => [p.key, p.value]));
    expect([input.Target.Id, input.Relationship.SchemaName, input.RelatedEntities.map((r: any) => r.Id)]).toEqual([follower, NAV, [tag]]);
  });
});
