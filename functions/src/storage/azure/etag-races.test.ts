/**
 * The optimistic-concurrency paths, made deterministic: a proxied TableClient runs "another instance" exactly
 * between this instance's read and its conditional write, and records the status codes the service returned.
 */
import type { TableClient } from '@azure/data-tables';
import { beforeAll, describe, expect, it } from 'vitest';
import { azuriteConnectionString, uniqueNamePrefix } from '../../../../test/support/azurite.js';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { AesGcmSecretBox, generateSecretKey } from '../secret-box.js';
import { tableClient } from './connection.js';
import { createAzureStorage, type AzureStorage } from './create-azure-storage.js';
import { serviceCodeOf, statusOf } from './table-errors.js';
import { TableTokenStore } from './table-token-store.js';
import { TableVerifyTicketStore } from './table-verify-ticket-store.js';

type Method = 'getEntity' | 'createEntity' | 'updateEntity' | 'deleteEntity';

/** Runs `meddle` once, after the first call of `after` (or before the first call of `before`); logs failures. */
function interleaved(table: TableClient, hook: { after?: Method; before?: Method; meddle: () => Promise<unknown> }) {
  const failures: string[] = [];
  let fired = false;
  const wrapped = new Set<string | symbol>(['getEntity', 'createEntity', 'updateEntity', 'deleteEntity']);
  const proxy = new Proxy(table, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      const method = value as (...a: unknown[]) => unknown;
      if (!wrapped.has(prop)) return method.bind(target);
      return async (...args: unknown[]) => {
        if (!fired && prop === hook.before) {
          fired = true;
          await hook.meddle();
        }
        try {
          return await method.apply(target, args);
        } catch (err) {
          failures.push(`${String(prop)} ${statusOf(err)} ${serviceCodeOf(err)}`);
          throw err;
        } finally {
          if (!fired && prop === hook.after) {
            fired = true;
            await hook.meddle();
          }
        }
      };
    },
  });
  return { table: proxy, failures };
}

describe('ETag / 409 / 412 races on Azurite', () => {
  const secretBox = new AesGcmSecretBox(generateSecretKey());
  const clock = new ManualClock(Date.UTC(2024, 4, 1));
  let storage: AzureStorage;
  let raw: (name: keyof AzureStorage['names']['tables']) => TableClient;

  beforeAll(async () => {
    storage = await createAzureStorage(azuriteConnectionString(), { secretBox, clock, namePrefix: uniqueNamePrefix('r') });
    raw = (name) => tableClient(azuriteConnectionString(), storage.names.tables[name]);
  });

  it('expireIfCurrent leaves a token another instance stored after the read (412)', async () => {
    await storage.tokens.put('component:wx1', { value: 'old-token', expiresAt: 1_000 });
    const { table, failures } = interleaved(raw('tokens'), {
      after: 'getEntity',
      meddle: () => storage.tokens.put('component:wx1', { value: 'new-token', expiresAt: 2_000 }),
    });
    await new TableTokenStore({ table, secretBox }).expireIfCurrent('component:wx1', 'old-token');
    expect(failures).toEqual(['updateEntity 412 UpdateConditionNotSatisfied']);
    expect(await storage.tokens.get('component:wx1')).toEqual({ value: 'new-token', expiresAt: 2_000 });
  });

  it('a late older ticket loses to a newer one created after its read (409)', async () => {
    const { table, failures } = interleaved(raw('verifyTickets'), {
      after: 'getEntity',
      meddle: () => storage.verifyTickets.put('wxcompA', { ticket: 'newer', createTime: 200 }),
    });
    await new TableVerifyTicketStore({ table }).put('wxcompA', { ticket: 'older', createTime: 100 });
    expect(failures).toEqual(['getEntity 404 ResourceNotFound', 'createEntity 409 EntityAlreadyExists']);
    expect(await storage.verifyTickets.get('wxcompA')).toEqual({ ticket: 'newer', createTime: 200 });
  });

  it('a late older ticket loses to a newer one written after its read (412)', async () => {
    await storage.verifyTickets.put('wxcompB', { ticket: 'oldest', createTime: 50 });
    const { table, failures } = interleaved(raw('verifyTickets'), {
      after: 'getEntity',
      meddle: () => storage.verifyTickets.put('wxcompB', { ticket: 'newest', createTime: 300 }),
    });
    await new TableVerifyTicketStore({ table }).put('wxcompB', { ticket: 'middle', createTime: 100 });
    expect(failures).toEqual(['updateEntity 412 UpdateConditionNotSatisfied']);
    expect(await storage.verifyTickets.get('wxcompB')).toEqual({ ticket: 'newest', createTime: 300 });
  });
});
