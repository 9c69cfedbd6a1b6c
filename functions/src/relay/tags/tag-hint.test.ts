/**
 * At the webhook door: tag hints and follower–tag pairings (as the emulator's RemoteExecutionContext writer posts
 * them) are queued with what the worker needs (the pairing and the initiating user), pairings of any other
 * relationship are not.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { schema } from '@wxm/solution/schema';
import { MemoryQueue } from '@wxm/testkit/kit/storage/memory/memory-queue';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { Metadata } from '../../../../test/emulators/dataverse/metadata.js';
import { buildContext, serializeContext } from '../../../../test/emulators/dataverse/webhooks/context.js';
import type { RowEvent } from '../../../../test/emulators/dataverse/api/types.js';
import type { RelayTask } from '../envelope.js';
import { AesGcmSecretBox } from '../../storage/secret-box.js';
import { acceptHint } from '../webhook/accept-hint.js';
import { WebhookKeys } from '../webhook/webhook-key.js';

const meta = new Metadata(schema);
const org = { id: randomUUID(), name: 'contoso', businessUnitId: randomUUID(), domain: 'contoso.crm.dynamics.com' };
const keys = new WebhookKeys(randomBytes(32));
const user = randomUUID();
const body = (table: string, event: Omit<RowEvent, 'table' | 'userId' | 'at'>) =>
  serializeContext(
    buildContext(meta.tables.get(table)!, { ...event, table, userId: user, at: 1 }, 1, { id: randomUUID(), name: 's', stage: 40, mode: 1 }, org, randomUUID()),
  );

async function accept(text: string) {
  const tasks = new MemoryQueue<RelayTask>('relay-tasks');
  const deps = { tasks, secretBox: new AesGcmSecretBox(randomBytes(32).toString('base64')), webhookKeys: keys, logger: new RecordingLogger() };
  const result = await acceptHint(text, keys.keyFor(org.id), deps);
  return { result, task: tasks.take() };
}

describe('tag hints at the webhook door', () => {
  it('queues a Create, Update and Delete of wxm_tag', async () => {
    for (const message of ['Create', 'Update', 'Delete'] as const) {
      const { result, task } = await accept(body('wxm_tag', { message, id: randomUUID(), attributes: message === 'Delete' ? {} : { wxm_name: 'VIP' } }));
      expect(result).toBe('queued');
      expect(task).toMatchObject({ v: 1, type: 'dataverse-hint', hint: { message, table: 'wxm_tag', initiatingUserId: user } });
    }
  });

  it('queues a follower–tag pairing with its related rows', async () => {
    const follower = randomUUID();
    const tag = randomUUID();
    const { result, task } = await accept(
      body('wxm_follower', {
        message: 'Associate',
        id: follower,
        attributes: {},
        relationship: 'wxm_follower_wxm_tag',
        related: [{ id: tag, table: 'wxm_tag' }],
      }),
    );
    expect(result).toBe('queued');
    expect(task).toEqual({
      v: 1,
      type: 'dataverse-hint',
      hint: {
        message: 'Associate',
        table: 'wxm_follower',
        rowId: follower,
        organizationId: org.id,
        attributes: {},
        pairing: { relationship: 'wxm_follower_wxm_tag', related: [{ id: tag, table: 'wxm_tag' }] },
        initiatingUserId: user,
      },
    });
  });

  it('ignores pairings of other relationships (a pairing step fires for every N:N of the org)', async () => {
    const { result, task } = await accept(
      body('contact', {
        message: 'Associate',
        id: randomUUID(),
        attributes: {},
        relationship: 'listcontact_association',
        related: [{ id: randomUUID(), table: 'list' }],
      }),
    );
    expect(result).toBe('ignored');
    expect(task).toBeUndefined();
  });
});
