import { describe, expect, it } from 'vitest';
import { checkHealth, checkHealthSummary, type HealthDeps } from './health.js';

const NOW = Date.UTC(2026, 0, 1, 12);

function deps(overrides: Partial<HealthDeps> = {}): HealthDeps & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    componentAppid: 'wxcomponent000001',
    componentTokenKey: 'component:wxcomponent000001',
    tickets: { get: async () => (calls.push('ticket'), { ticket: 'ticket@@@secret', createTime: NOW / 1000 - 600 }), put: async () => undefined },
    tokens: {
      get: async () => (calls.push('token'), { value: 'tok-secret', expiresAt: NOW + 3_600_000 }),
      put: async () => undefined,
      expireIfCurrent: async () => undefined,
    },
    authorizers: {
      get: async () => undefined,
      put: async () => undefined,
      list: async () => (
        calls.push('authorizers'),
        [
          { appid: 'wx1', status: 'authorized' },
          { appid: 'wx2', status: 'unauthorized' },
        ] as never
      ),
    },
    queueDepths: async () => (calls.push('queues'), { 'wechat-inbound': 3, 'relay-tasks': 0 }),
    clock: { now: () => NOW },
    ...overrides,
  };
}

const pending = [
  { organizationId: 'aaaaaaaa-0000-0000-0000-000000000001', keys: ['wxm_message.wxm_message_account_msgid'], since: '2026-01-01T11:00:00.000Z' },
];

describe('health', () => {
  it('the summary is the status alone, from one storage read: no ages, ids, queue names or org ids, no registry listing', async () => {
    const d = deps({ pendingKeys: () => pending });
    const summary = await checkHealthSummary(d);
    expect(summary).toEqual({ status: 'degraded' });
    expect(d.calls).toEqual(['ticket']);
    expect(await checkHealthSummary(deps())).toEqual({ status: 'ok' });
    expect(await checkHealthSummary(deps({ tickets: { get: async () => undefined, put: async () => undefined } }))).toEqual({ status: 'degraded' });
    expect(await checkHealthSummary(deps({ tickets: { get: async () => Promise.reject(new Error('down')), put: async () => undefined } }))).toEqual({
      status: 'unavailable',
    });
  });

  it('the details carry ages, counts, queue depths and the pending keys per org, never the ticket or the token', async () => {
    const report = await checkHealth(deps({ pendingKeys: () => pending }));
    expect(report).toEqual({
      status: 'degraded',
      storage: 'reachable',
      verifyTicket: { ageSeconds: 600, usable: true },
      componentToken: { expiresInSeconds: 3600 },
      authorizers: { authorized: 1, revoked: 1 },
      queues: { 'wechat-inbound': 3, 'relay-tasks': 0 },
      pendingKeys: pending,
    });
    expect(JSON.stringify(report)).not.toMatch(/secret/);
    expect((await checkHealth(deps())).status).toBe('ok');
    const down = await checkHealth(deps({ queueDepths: async () => Promise.reject(new Error('x')), pendingKeys: () => pending }));
    expect(down).toMatchObject({ status: 'unavailable', storage: 'unreachable', pendingKeys: pending });
  });
});
