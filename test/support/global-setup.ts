/**
 * Vitest global setup: one in-memory Azurite for the whole test run, shared by every integration test.
 * Tests read its connection string with `azuriteConnectionString()` (test/support/azurite.ts), which uses
 * vitest's `inject`; it is also exported as AZURITE_CONNECTION_STRING for child processes and plain scripts.
 * If AZURITE_CONNECTION_STRING is already set (an emulator started by someone else), that one is used.
 */
import type { TestProject } from 'vitest/node';
import { startAzurite } from '../../scripts/azurite.js';

declare module 'vitest' {
  export interface ProvidedContext {
    azuriteConnectionString: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const existing = process.env['AZURITE_CONNECTION_STRING'];
  if (existing) {
    project.provide('azuriteConnectionString', existing);
    return async () => {};
  }
  const azurite = await startAzurite({ inMemory: true });
  process.env['AZURITE_CONNECTION_STRING'] = azurite.connectionString;
  project.provide('azuriteConnectionString', azurite.connectionString);
  return async () => {
    delete process.env['AZURITE_CONNECTION_STRING'];
    await azurite.stop();
  };
}
