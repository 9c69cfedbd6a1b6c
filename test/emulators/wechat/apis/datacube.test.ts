/**
 * The simulator's data cube refuses what WeChat refuses (61500 format, 61501 range: over 7 days, reversed, before
 * 2014-12-01, today or later), needs permission set 2 (48001), and answers a day only once WeChat has counted it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authorizerTokens, DEMO, startHarness, type Harness, type WechatJson } from '../testkit/harness.js';

const BEIJING = 8 * 3600_000;
let h: Harness;
let token: string;

beforeEach(async () => {
  h = await startHarness();
  h.clock.t = Date.parse('2024-05-20T09:00:00Z') - BEIJING; // 09:00 Beijing
  token = (await authorizerTokens(h.sim)).accessToken;
});
afterEach(() => h.close());

async function cube(api: string, begin: unknown, end: unknown, accessToken = token): Promise<WechatJson> {
  const response = await fetch(`${h.sim.url}/datacube/${api}?access_token=${accessToken}`, {
    method: 'POST',
    body: JSON.stringify({ begin_date: begin, end_date: end }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as WechatJson;
}

describe('simulated datacube', () => {
  it.each([
    ['2024/05/01', '2024-05-02', 61500],
    ['2024-05-01', '2024-02-30', 61500],
    [20240501, '2024-05-02', 61500],
    ['2024-05-03', '2024-05-02', 61501],
    ['2024-05-01', '2024-05-08', 61501],
    ['2014-11-30', '2014-12-01', 61501],
    ['2024-05-19', '2024-05-20', 61501],
  ])('getusersummary %s..%s answers %i', async (begin, end, errcode) => {
    const answer = await cube('getusersummary', begin, end);
    expect(answer.errcode).toBe(errcode);
    expect((await cube('getusercumulate', begin, end)).errcode).toBe(errcode);
  });

  it('7 days is the longest span; follows count on their Beijing day, by source; cumulative adds up', async () => {
    h.sim.generateFollowers(DEMO.appid, 10, { firstSubscribeTime: (Date.parse('2024-05-14T10:00:00Z') - BEIJING) / 1000 });
    h.sim.recordFollowerHistory(DEMO.appid, '2024-05-16', 0, { cancelUsers: 3 });
    const summary = await cube('getusersummary', '2024-05-13', '2024-05-19');
    expect(summary.errcode).toBeUndefined();
    expect(summary.list).toEqual([
      { ref_date: '2024-05-14', user_source: 0, new_user: 4, cancel_user: 0 },
      { ref_date: '2024-05-14', user_source: 1, new_user: 2, cancel_user: 0 },
      { ref_date: '2024-05-14', user_source: 17, new_user: 2, cancel_user: 0 },
      { ref_date: '2024-05-14', user_source: 30, new_user: 2, cancel_user: 0 },
      { ref_date: '2024-05-16', user_source: 0, new_user: 0, cancel_user: 3 },
    ]);
    const cumulate = await cube('getusercumulate', '2024-05-13', '2024-05-19');
    expect(cumulate.list.map((r: WechatJson) => [r.ref_date, r.cumulate_user])).toEqual([
      ['2024-05-13', 0],
      ['2024-05-14', 10],
      ['2024-05-15', 10],
      ['2024-05-16', 7],
      ['2024-05-17', 7],
      ['2024-05-18', 7],
      ['2024-05-19', 7],
    ]);
  });

  it('before 08:00 Beijing yesterday is left out', async () => {
    h.clock.t -= 2 * 3600_000;
    const answer = await cube('getusercumulate', '2024-05-17', '2024-05-19');
    expect(answer.list.map((r: WechatJson) => r.ref_date)).toEqual(['2024-05-17', '2024-05-18']);
  });

  it('an account without permission set 2 gets 48001', async () => {
    const limited = (await authorizerTokens(h.sim, DEMO.appid, [1, 3])).accessToken;
    expect((await cube('getusersummary', '2024-05-13', '2024-05-19', limited)).errcode).toBe(48001);
  });
});
