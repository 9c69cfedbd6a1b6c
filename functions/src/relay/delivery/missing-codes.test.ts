import { describe, expect, it } from 'vitest';
import { MISSING_CODE_MS, MissingCodes } from './missing-codes.js';

describe('MissingCodes', () => {
  it('many deliveries asking at once about one scene make one lookup; "no code" is believed for MISSING_CODE_MS', async () => {
    const codes = new MissingCodes();
    let lookups = 0;
    const lookup = async () => {
      lookups++;
      await new Promise((r) => setTimeout(r, 5));
      return false;
    };
    const verdicts = await Promise.all(Array.from({ length: 20 }, () => codes.known('acc|1000', 0, lookup)));
    expect(verdicts).toEqual(Array.from({ length: 20 }, () => 'missing'));
    expect(lookups).toBe(1);
    expect(await codes.known('acc|1000', MISSING_CODE_MS - 1, lookup)).toBe('missing');
    expect(lookups).toBe(1);
    expect(await codes.known('acc|1000', MISSING_CODE_MS, lookup)).toBe('missing');
    expect(lookups).toBe(2);
  });

  it('a found code is never shared: waiters are told to read it themselves, and nothing is remembered', async () => {
    const codes = new MissingCodes();
    let lookups = 0;
    const found = async () => {
      lookups++;
      await new Promise((r) => setTimeout(r, 5));
      return true;
    };
    expect(await Promise.all([codes.known('acc|expo', 0, found), codes.known('acc|expo', 0, found)])).toEqual(['found', 'found']);
    expect(lookups).toBe(1);
    expect(await codes.known('acc|expo', 1, found)).toBe('found');
    expect(lookups).toBe(2);
  });

  it('a failed lookup fails its delivery, remembers nothing, and lets waiters look for themselves', async () => {
    const codes = new MissingCodes();
    const failing = async () => {
      await new Promise((r) => setTimeout(r, 5));
      throw new Error('Dataverse unavailable');
    };
    const [first, second] = await Promise.allSettled([codes.known('acc|1', 0, failing), codes.known('acc|1', 0, async () => false)]);
    expect(first.status).toBe('rejected');
    expect(second).toEqual({ status: 'fulfilled', value: 'found' });
    expect(await codes.known('acc|1', 1, async () => false)).toBe('missing');
  });
});
