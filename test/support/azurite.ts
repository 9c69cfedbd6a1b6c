/**
 * Helpers for tests that talk to the shared Azurite started by global-setup.ts.
 *   const storage = await createAzureStorage(azuriteConnectionString(), { secretBox, namePrefix: uniqueNamePrefix() });
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type {} from './global-setup.js'; // the ProvidedContext typing for 'azuriteConnectionString'

/** The connection string of the run's Azurite (explicit http://127.0.0.1 endpoints). */
export function azuriteConnectionString(): string {
  const injected = inject('azuriteConnectionString');
  const value = injected || process.env['AZURITE_CONNECTION_STRING'];
  if (!value) {
    throw new Error('No Azurite: run tests through vitest with test/support/global-setup.ts as globalSetup');
  }
  return value;
}

/**
 * A fresh name prefix (lower-case letter + 9 base-36 characters) for tables, containers and queues, so test
 * files and tests sharing one Azurite never see each other's data. Valid for both table and queue names.
 */
export function uniqueNamePrefix(label = 't'): string {
  const head = label
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 6);
  const start = /^[a-z]/.test(head) ? head : `t${head}`;
  const random = BigInt('0x' + randomBytes(8).toString('hex'))
    .toString(36)
    .slice(0, 9)
    .padStart(9, '0');
  return `${start}${random}`.slice(0, 20);
}
