import { describe, expect, it } from 'vitest';
import { beijingMonth, lineFor, parseQuotaReport, quotaPathName, resetsUsed } from './quota-report.js';

describe('quota report', () => {
  it('counts months in Beijing time: 16:00 UTC on the last day is already the next month', () => {
    expect(beijingMonth(Date.UTC(2026, 10, 30, 15, 59, 59))).toBe('2026-11');
    expect(beijingMonth(Date.UTC(2026, 10, 30, 16, 0, 0))).toBe('2026-12');
    expect(beijingMonth(Date.UTC(2026, 11, 31, 16))).toBe('2027-01');
  });

  it('uses the stored counter only for its own month, capped at 10', () => {
    const now = Date.UTC(2026, 11, 3, 10);
    expect(resetsUsed(3, '2026-12', now)).toBe(3);
    expect(resetsUsed(3, '2026-11', now)).toBe(0);
    expect(resetsUsed(12, '2026-12', now)).toBe(10);
    expect(resetsUsed(null, null, now)).toBe(0);
  });

  it('reads the three kinds of line and ignores what is not a report', () => {
    const text = JSON.stringify([
      { path: '/cgi-bin/user/get', dailyLimit: 500, used: 2, remain: 498 },
      { path: '/cgi-bin/media/upload', tracked: false },
      { path: '/cgi-bin/qrcode/create', errcode: 45009 },
      { path: '/cgi-bin/menu/create', used: 'x' },
      'junk',
    ]);
    expect(parseQuotaReport(text)).toEqual([
      { path: '/cgi-bin/user/get', dailyLimit: 500, used: 2, remain: 498 },
      { path: '/cgi-bin/media/upload', tracked: false },
      { path: '/cgi-bin/qrcode/create', errcode: 45009 },
    ]);
    expect(parseQuotaReport('{"not":"an array"}')).toEqual([]);
    expect(parseQuotaReport('{truncated')).toEqual([]);
    expect(parseQuotaReport(null)).toEqual([]);
  });

  it('names the APIs in the reader’s language and picks the line of a bilingual reason', () => {
    expect(quotaPathName('/cgi-bin/user/get', 'zh')).toBe('粉丝列表');
    expect(quotaPathName('/cgi-bin/other', 'en')).toBe('/cgi-bin/other');
    expect(lineFor('Reset.\n已重置。', 'zh')).toBe('已重置。');
    expect(lineFor('Reset.\n已重置。', 'en')).toBe('Reset.');
    expect(lineFor('one line', 'zh')).toBe('one line');
    expect(lineFor(null, 'en')).toBe('');
  });
});
