import { describe, expect, it } from 'vitest';
import { checkHealth } from './health.js';
import { unreachableHealth } from './unreachable-health.js';

describe('unreachableHealth', () => {
  it('makes checkHealth report storage unreachable, status unavailable, without throwing', async () => {
    const report = await checkHealth(unreachableHealth('wxcomponent000001', { now: () => Date.UTC(2026, 0, 1) }));
    expect(report).toMatchObject({ status: 'unavailable', storage: 'unreachable' });
  });

  it('fails every read with the same error', async () => {
    const deps = unreachableHealth('wxcomponent000001', { now: () => 0 });
    await expect(deps.tickets.get('wx')).rejects.toThrow('storage unreachable');
    await expect(deps.authorizers.list()).rejects.toThrow('storage unreachable');
    await expect(deps.queueDepths()).rejects.toThrow('storage unreachable');
  });
});
