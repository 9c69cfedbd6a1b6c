import { describe, expect, it } from 'vitest';
import { parseArgs, substitute } from './sandbox-webapi.js';

describe('npm run sandbox:webapi', () => {
  it('takes a method, a path relative to the Web API and an optional JSON body', () => {
    expect(parseArgs(['patch', '/wxm_tags(@account)', '{"wxm_name":"VIP 客户"}'])).toEqual({
      method: 'PATCH',
      path: 'wxm_tags(@account)',
      body: '{"wxm_name":"VIP 客户"}',
    });
    expect(parseArgs(['GET', 'wxm_followers?$top=1'])).toEqual({ method: 'GET', path: 'wxm_followers?$top=1', body: undefined });
  });

  it('refuses an unknown method, a missing path and a body that is not JSON before calling anything', () => {
    expect(() => parseArgs(['FETCH', 'x'])).toThrow(/Usage/);
    expect(() => parseArgs(['GET'])).toThrow(/Usage/);
    expect(() => parseArgs(['POST', 'wxm_tags', '{name:'])).toThrow(SyntaxError);
  });

  it('replaces @account, @follower and @now, looking up only what the text uses', async () => {
    const looked: string[] = [];
    const lookup = async (name: 'account' | 'follower') => {
      looked.push(name);
      return name === 'account' ? 'a-id' : 'f-id';
    };
    const now = () => new Date('2026-12-03T08:00:00.000Z');
    expect(await substitute('wxm_officialaccounts(@account)', lookup, now)).toBe('wxm_officialaccounts(a-id)');
    expect(looked).toEqual(['account']);
    expect(await substitute('{"at":"@now","f":"@follower","g":"@follower"}', lookup, now)).toBe('{"at":"2026-12-03T08:00:00.000Z","f":"f-id","g":"f-id"}');
    expect(looked).toEqual(['account', 'follower']);
  });
});
