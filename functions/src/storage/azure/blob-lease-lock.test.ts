/** Blob-lease specifics on Azurite: renewal past the lease duration, release, timeouts, bad options. */
import { BlobServiceClient } from '@azure/storage-blob';
import { beforeAll, describe, expect, it } from 'vitest';
import { azuriteConnectionString, uniqueNamePrefix } from '../../../../test/support/azurite.js';
import type { LogFields, Logger } from '../../relay/ports/logger.js';
import { LockTimeoutError } from '../errors.js';
import { BlobLeaseLock } from './blob-lease-lock.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('BlobLeaseLock on Azurite', () => {
  const container = () => BlobServiceClient.fromConnectionString(azuriteConnectionString()).getContainerClient(`${prefix}-locks`);
  let prefix: string;

  beforeAll(async () => {
    prefix = uniqueNamePrefix('l');
    await container().createIfNotExists();
  });

  it('keeps the lock while fn outlives the 15 s lease, by renewing it', { timeout: 45_000 }, async () => {
    const warnings: string[] = [];
    const logger: Logger = { info() {}, warn: (m: string, f?: LogFields) => warnings.push(`${m} ${JSON.stringify(f)}`), error() {} };
    const holder = new BlobLeaseLock({ container: container(), leaseSeconds: 15, renewEveryMs: 2_000, logger });
    const rival = new BlobLeaseLock({ container: container(), acquireTimeoutMs: 500, initialDelayMs: 100 });
    let rivalError: unknown;
    const started = Date.now();
    await holder.withLock('authorizer:wxSlow', async () => {
      await sleep(16_000); // past the 15 s lease: only renewal keeps it
      rivalError = await rival.withLock('authorizer:wxSlow', async () => 'stolen').catch((e: unknown) => e);
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(16_000);
    expect(rivalError).toBeInstanceOf(LockTimeoutError);
    expect(warnings).toEqual([]);
    // Released at once afterwards: the rival gets it on its first attempt.
    expect(await rival.withLock('authorizer:wxSlow', async () => 'mine')).toBe('mine');
  });

  it('leaves the blob unleased after fn throws', async () => {
    const lock = new BlobLeaseLock({ container: container() });
    await expect(lock.withLock('k/with#odd?chars', async () => Promise.reject(new Error('refresh failed')))).rejects.toThrow('refresh failed');
    const blobs: { name: string; lease?: string }[] = [];
    for await (const b of container().listBlobsFlat()) blobs.push({ name: b.name, lease: b.properties.leaseState });
    expect(blobs).toContainEqual({ name: 'k!2Fwith!23odd!3Fchars.lock', lease: 'available' });
  });

  it('reports the key, wait and attempts when it times out', async () => {
    const a = new BlobLeaseLock({ container: container() });
    const b = new BlobLeaseLock({ container: container(), acquireTimeoutMs: 250, initialDelayMs: 50, maxDelayMs: 50 });
    let release!: () => void;
    const held = a.withLock('busy', () => new Promise<void>((r) => (release = r)));
    await sleep(100);
    const err = (await b.withLock('busy', async () => 1).catch((e: unknown) => e)) as LockTimeoutError;
    release();
    await held;
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect(err.lockKey).toBe('busy');
    expect(err.waitedMs).toBeGreaterThanOrEqual(250);
    expect(err.attempts).toBeGreaterThanOrEqual(3);
    expect(err.message).toMatch(/^lock "busy" not acquired after \d+ ms \(\d+ attempts\)$/);
  });

  it('rejects lease durations Azure does not allow', () => {
    expect(() => new BlobLeaseLock({ container: container(), leaseSeconds: 10 })).toThrow('leaseSeconds must be an integer from 15 to 60');
    expect(() => new BlobLeaseLock({ container: container(), leaseSeconds: 61 })).toThrow(/15 to 60/);
  });
});
