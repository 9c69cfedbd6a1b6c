/** scripts/azurite.ts: start, persist, stop without orphans; and the shared emulator the global setup provides. */
import { TableClient } from '@azure/data-tables';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { startAzurite } from '../../scripts/azurite.js';
import { azuriteConnectionString, uniqueNamePrefix } from './azurite.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startAzurite', () => {
  it('refuses ports another Azurite holds (instead of answering with its storage), and starts on free ones next to it', { timeout: 60_000 }, async () => {
    const first = await startAzurite({ inMemory: true });
    try {
      await expect(startAzurite({ inMemory: true, blobPort: first.ports.blob, queuePort: first.ports.queue, tablePort: first.ports.table })).rejects.toThrow(
        `EADDRINUSE: 127.0.0.1:${first.ports.blob} is taken`,
      );
      const second = await startAzurite({ inMemory: true });
      expect(second.ports.blob).not.toBe(first.ports.blob);
      await second.stop();
    } finally {
      await first.stop();
    }
  });

  it('refuses location together with inMemory', async () => {
    await expect(startAzurite({ location: '/tmp/x', inMemory: true })).rejects.toThrow(
      'startAzurite: use either `location` (persisted) or `inMemory`, not both (Azurite refuses the pair)',
    );
  });

  it('persists to a location across restarts and leaves no process behind', { timeout: 30_000 }, async () => {
    const location = mkdtempSync(join(tmpdir(), 'azurite-'));
    try {
      const first = await startAzurite({ location });
      expect(first.connectionString).toBe(
        'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;' +
          'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;' +
          `BlobEndpoint=http://127.0.0.1:${first.ports.blob}/devstoreaccount1;` +
          `QueueEndpoint=http://127.0.0.1:${first.ports.queue}/devstoreaccount1;` +
          `TableEndpoint=http://127.0.0.1:${first.ports.table}/devstoreaccount1;`,
      );
      const table = () => TableClient.fromConnectionString(first.connectionString, 'persisted', { allowInsecureConnection: true });
      await table().createTable();
      await table().upsertEntity({ partitionKey: 'p', rowKey: 'r', note: 'kept' });
      await first.stop();
      expect(alive(first.pid)).toBe(false);

      const { blob: blobPort, queue: queuePort, table: tablePort } = first.ports;
      const second = await startAzurite({ location, blobPort, queuePort, tablePort });
      expect(second.ports).toEqual(first.ports);
      expect((await table().getEntity('p', 'r'))['note']).toBe('kept');
      await second.stop();
      await second.stop(); // idempotent
      expect(alive(second.pid)).toBe(false);
    } finally {
      rmSync(location, { recursive: true, force: true });
    }
  });
});

describe('test support', () => {
  it('shares one emulator through inject and AZURITE_CONNECTION_STRING', () => {
    expect(azuriteConnectionString()).toBe(inject('azuriteConnectionString'));
    expect(process.env['AZURITE_CONNECTION_STRING']).toBe(inject('azuriteConnectionString'));
    expect(azuriteConnectionString()).toMatch(/^DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;/);
  });

  it('makes prefixes valid for tables and queues, different each time', () => {
    const a = uniqueNamePrefix('My-File');
    expect(a).toMatch(/^myfile[0-9a-z]{9}$/);
    expect(uniqueNamePrefix()).toMatch(/^t[0-9a-z]{9}$/);
    expect(uniqueNamePrefix('9x')).toMatch(/^t9x[0-9a-z]{9}$/);
    expect(new Set(Array.from({ length: 50 }, () => uniqueNamePrefix())).size).toBe(50);
  });
});
