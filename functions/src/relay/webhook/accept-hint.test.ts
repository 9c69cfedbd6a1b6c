/**
 * The webhook route's use case: every malformed body is a 400-class rejection (never a TypeError), and only a
 * hint carrying the key of the org it names is queued.
 */
import { randomBytes } from 'node:crypto';
import { DeliveryStatus } from '@wxm/solution/schema';
import { describe, expect, it } from 'vitest';
import type { RelayTask } from '../envelope.js';
import { CallbackRejected } from '../errors.js';
import { AesGcmSecretBox } from '../../storage/secret-box.js';
import { MemoryQueue } from '@wxm/testkit/kit/storage/memory/memory-queue';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { acceptHint } from './accept-hint.js';
import { WebhookKeys } from './webhook-key.js';

const ORG = '9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const OTHER = '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9';
const ROW = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
const keys = new WebhookKeys(randomBytes(32));

function world() {
  const tasks = new MemoryQueue<RelayTask>('relay-tasks');
  const logger = new RecordingLogger();
  const secretBox = new AesGcmSecretBox(randomBytes(32).toString('base64'));
  return { tasks, logger, deps: { tasks, secretBox, webhookKeys: keys, logger } };
}

const context = (overrides: Record<string, unknown> = {}) => ({
  MessageName: 'Update',
  PrimaryEntityName: 'wxm_signedservice',
  PrimaryEntityId: ROW,
  OrganizationId: ORG,
  InputParameters: [
    {
      key: 'Target',
      value: {
        Attributes: [
          { key: 'wxm_clientsecret', value: 's3cret-value' },
          { key: 'wxm_environmenturl', value: 'https://contoso.crm.dynamics.com' },
        ],
      },
    },
  ],
  ...overrides,
});

async function rejection(body: string, key: string | null = keys.keyFor(ORG)): Promise<CallbackRejected> {
  const w = world();
  try {
    await acceptHint(body, key, w.deps);
  } catch (err) {
    expect(w.tasks.peekAll()).toEqual([]);
    if (err instanceof CallbackRejected) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('bad webhook bodies', () => {
  it.each([
    ['not JSON', '{"MessageName":'],
    ['null', 'null'],
    ['an array', '[{"MessageName":"Update"}]'],
    ['a number', '42'],
    ['a string', '"Update"'],
    ['true', 'true'],
    ['an empty object', '{}'],
    ['MessageName missing', JSON.stringify(context({ MessageName: undefined }))],
    ['MessageName a number', JSON.stringify(context({ MessageName: 7 }))],
    ['an unknown message', JSON.stringify(context({ MessageName: 'Assign' }))],
    ['PrimaryEntityName an object', JSON.stringify(context({ PrimaryEntityName: { name: 'x' } }))],
    ['PrimaryEntityId not a GUID', JSON.stringify(context({ PrimaryEntityId: '../../etc' }))],
    ['PrimaryEntityId a number', JSON.stringify(context({ PrimaryEntityId: 12 }))],
    ['OrganizationId missing', JSON.stringify(context({ OrganizationId: undefined }))],
    ['OrganizationId an array', JSON.stringify(context({ OrganizationId: [ORG] }))],
    ['InputParameters an object', JSON.stringify(context({ InputParameters: { Target: {} } }))],
    ['Target a string', JSON.stringify(context({ InputParameters: [{ key: 'Target', value: 'x' }] }))],
    ['Attributes an object', JSON.stringify(context({ InputParameters: [{ key: 'Target', value: { Attributes: { a: 1 } } }] }))],
    ['an attribute without a key', JSON.stringify(context({ InputParameters: [{ key: 'Target', value: { Attributes: [{ value: 1 }, null] } }] }))],
  ])('%s → 400-class rejection, nothing queued', async (_what, body) => {
    const err = await rejection(body);
    expect(['missing-parameter', 'malformed-xml']).toContain(err.reason);
  });

  it('a date no calendar holds is kept as text instead of throwing', async () => {
    const w = world();
    const body = JSON.stringify(
      context({ InputParameters: [{ key: 'Target', value: { Attributes: [{ key: 'wxm_lastcheckedon', value: '/Date(99999999999999999999)/' }] } }] }),
    );
    expect(await acceptHint(body, keys.keyFor(ORG), w.deps)).toBe('queued');
  });
});

describe('per-org webhook key', () => {
  it('queues a hint with its own org key (the secret sealed, never in clear)', async () => {
    const w = world();
    expect(await acceptHint(JSON.stringify(context({ OrganizationId: ORG.toUpperCase() })), keys.keyFor(ORG), w.deps)).toBe('queued');
    const [task] = w.tasks.peekAll();
    expect(task).toMatchObject({ type: 'dataverse-hint', hint: { organizationId: ORG, rowId: ROW, message: 'Update' } });
    expect(JSON.stringify(task)).not.toContain('s3cret-value');
  });

  it.each([
    ['no key', null],
    ['an empty key', ''],
    ["another org's key", keys.keyFor(OTHER)],
    ['a key of another relay', new WebhookKeys(randomBytes(32)).keyFor(ORG)],
  ])('%s → 401-class rejection, nothing queued, the key not logged', async (_what, key) => {
    const w = world();
    await expect(acceptHint(JSON.stringify(context()), key, w.deps)).rejects.toMatchObject({ reason: 'signature' });
    expect(w.tasks.peekAll()).toEqual([]);
    if (key) expect(w.logger.text()).not.toContain(key);
  });

  it('ignores a message row created as inbound (the relay wrote it) and queues one created as outbound', async () => {
    const w = world();
    const created = (direction: number) =>
      JSON.stringify({
        ...context({ MessageName: 'Create', PrimaryEntityName: 'wxm_message' }),
        InputParameters: [
          {
            key: 'Target',
            value: {
              Attributes: [{ key: 'wxm_direction', value: { __type: 'OptionSetValue:http://schemas.microsoft.com/xrm/2011/Contracts', Value: direction } }],
            },
          },
        ],
      });
    expect(await acceptHint(created(472610000), keys.keyFor(ORG), w.deps)).toBe('ignored');
    expect(w.tasks.peekAll()).toEqual([]);
    expect(await acceptHint(created(472610001), keys.keyFor(ORG), w.deps)).toBe('queued');
    expect(w.tasks.peekAll()).toHaveLength(1);
    // Still only with the org's own key: an inbound claim does not skip the check.
    await expect(acceptHint(created(472610000), keys.keyFor(OTHER), w.deps)).rejects.toMatchObject({ reason: 'signature' });
  });

  it('ignores an outbound message row created already Sent (an auto reply the relay stored)', async () => {
    const w = world();
    const option = (Value: number) => ({ __type: 'OptionSetValue:http://schemas.microsoft.com/xrm/2011/Contracts', Value });
    const created = (status: number) =>
      JSON.stringify({
        ...context({ MessageName: 'Create', PrimaryEntityName: 'wxm_message' }),
        InputParameters: [
          {
            key: 'Target',
            value: {
              Attributes: [
                { key: 'wxm_direction', value: option(472610001) },
                { key: 'wxm_deliverystatus', value: option(status) },
              ],
            },
          },
        ],
      });
    expect(await acceptHint(created(DeliveryStatus.Sent), keys.keyFor(ORG), w.deps)).toBe('ignored');
    expect(await acceptHint(created(DeliveryStatus.Pending), keys.keyFor(ORG), w.deps)).toBe('queued');
    expect(w.tasks.peekAll()).toHaveLength(1);
  });
});
