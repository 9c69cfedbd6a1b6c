import { describe, expect, it } from 'vitest';
import { PendingKeys, pendingKeyOf } from './pending-keys.js';

describe('PendingKeys', () => {
  it('names the solution key an error mentions, else its table, else unknown', () => {
    expect(pendingKeyOf('Invalid EntityKey Operation performed : Entity Key wxm_message_account_msgid of entity wxm_message is not active')).toBe(
      'wxm_message.wxm_message_account_msgid',
    );
    expect(pendingKeyOf('Invalid EntityKey Operation performed : key of wxm_follower')).toBe('wxm_follower');
    expect(pendingKeyOf('Invalid EntityKey Operation performed : something')).toBe('unknown');
  });

  it('per org: learned from errors, cleared by a delivery that went through, forgotten after an hour', () => {
    let now = Date.UTC(2026, 0, 1);
    const keys = new PendingKeys(() => now);
    keys.met('AAAAAAAA-0000-0000-0000-000000000001', 'Entity Key wxm_follower_openid_account is not active');
    now += 1000;
    keys.met('aaaaaaaa-0000-0000-0000-000000000001', 'Entity Key wxm_message_account_msgid is not active');
    keys.met('bbbbbbbb-0000-0000-0000-000000000002', 'Entity Key wxm_message_account_msgid is not active');
    expect(keys.report()).toEqual([
      {
        organizationId: 'aaaaaaaa-0000-0000-0000-000000000001',
        keys: ['wxm_follower.wxm_follower_openid_account', 'wxm_message.wxm_message_account_msgid'],
        since: '2026-01-01T00:00:00.000Z',
      },
      { organizationId: 'bbbbbbbb-0000-0000-0000-000000000002', keys: ['wxm_message.wxm_message_account_msgid'], since: '2026-01-01T00:00:01.000Z' },
    ]);
    keys.delivered('aaaaaaaa-0000-0000-0000-000000000001');
    expect(keys.report().map((r) => r.organizationId)).toEqual(['bbbbbbbb-0000-0000-0000-000000000002']);
    now += 60 * 60 * 1000;
    expect(keys.report()).toEqual([]);
  });
});
