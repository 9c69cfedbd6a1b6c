/** The data cube client refuses a span WeChat would refuse before any request, and knows when a day is ready. */
import { describe, expect, it } from 'vitest';
import type { WechatApiClient, WechatRequest } from '../api/types.js';
import { checkSpan, createDatacubeApi, DatacubeSpanError, latestReadyDay } from './datacube.js';

const BEIJING = 8 * 3600_000;
const at = (beijing: string) => Date.parse(`${beijing}Z`) - BEIJING;
const NOW = at('2024-05-20T09:00:00');

function errcodeOf(fn: () => void): number | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof DatacubeSpanError ? err.errcode : -999;
  }
}

describe('datacube spans', () => {
  it.each([
    ['2024-05-13', '2024-05-19', undefined],
    ['2024-05-19', '2024-05-19', undefined],
    ['2024-05-12', '2024-05-19', 61501],
    ['2024-05-19', '2024-05-18', 61501],
    ['2024-05-19', '2024-05-20', 61501],
    ['2014-11-30', '2014-12-01', 61501],
    ['2014-12-01', '2014-12-07', undefined],
    ['2024-5-1', '2024-05-02', 61500],
    ['2024-02-30', '2024-03-01', 61500],
  ])('%s..%s → %s', (begin, end, errcode) => {
    expect(errcodeOf(() => checkSpan(begin, end, NOW))).toBe(errcode);
  });

  it('yesterday is ready from 08:00 Beijing', () => {
    expect(latestReadyDay(at('2024-05-20T07:59:59'))).toBe('2024-05-18');
    expect(latestReadyDay(at('2024-05-20T08:00:00'))).toBe('2024-05-19');
    expect(latestReadyDay(at('2024-05-20T23:59:59'))).toBe('2024-05-19');
  });

  it('a refused span never reaches WeChat; an accepted one posts begin_date and end_date', async () => {
    const seen: WechatRequest[] = [];
    const client: WechatApiClient = {
      request: async <T>(req: WechatRequest) => {
        seen.push(req);
        return { list: [{ ref_date: '2024-05-19', user_source: 30, new_user: 3, cancel_user: 1 }] } as T;
      },
      download: async () => ({ kind: 'json', json: {} }),
    };
    const api = createDatacubeApi(client);
    const token = { get: async () => 't', invalidate: async () => undefined };
    await expect(api.getUserSummary(token, '2024-05-01', '2024-05-19', NOW)).rejects.toBeInstanceOf(DatacubeSpanError);
    expect(seen).toEqual([]);
    expect(await api.getUserSummary(token, '2024-05-19', '2024-05-19', NOW)).toEqual([{ day: '2024-05-19', userSource: 30, newUsers: 3, cancelUsers: 1 }]);
    expect(seen.map((r) => [r.path, r.body])).toEqual([['/datacube/getusersummary', { begin_date: '2024-05-19', end_date: '2024-05-19' }]]);
  });
});
