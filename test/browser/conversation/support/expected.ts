/**
 * What the tests expect to read, computed here independently of the control: a wall-clock time in a given UTC
 * offset in the en-US ("h:mm tt") or zh-CN ("H:mm") short time format, and the fixed moment the pages live in.
 */

/** The page clock for seeded tests (Playwright's clock.setFixedTime): 2026-03-14 01:00 UTC. */
export const NOW = Date.UTC(2026, 2, 14, 1, 0, 0);

/** Minutes east of UTC: New York in winter for English, Beijing for Chinese; the browser itself runs in Asia/Shanghai. */
export const NEW_YORK = -300;
export const BEIJING = 480;

export function timeIn(epochMs: number, offsetMinutes: number, language: 'en' | 'zh'): string {
  const local = new Date(epochMs + offsetMinutes * 60_000);
  const h = local.getUTCHours();
  const mm = String(local.getUTCMinutes()).padStart(2, '0');
  return language === 'zh' ? `${h}:${mm}` : `${h % 12 || 12}:${mm} ${h < 12 ? 'AM' : 'PM'}`;
}
