/** NCRONTAB schedules as the timer trigger reads them (croner underneath): next occurrences and refusals. */
import { describe, expect, it } from 'vitest';
import { parseSchedule } from './timer-trigger.js';

const at = (iso: string) => Date.parse(iso);
const next = (expr: string, after: string) => new Date(parseSchedule(expr).next(at(after))).toISOString();

describe('parseSchedule', () => {
  it('steps through seconds, minutes and hours', () => {
    expect(next('*/1 * * * * *', '2024-05-01T08:00:00.000Z')).toBe('2024-05-01T08:00:01.000Z');
    expect(next('*/1 * * * * *', '2024-05-01T08:00:00.400Z')).toBe('2024-05-01T08:00:01.000Z');
    expect(next('*/15 * * * * *', '2024-05-01T08:00:14.000Z')).toBe('2024-05-01T08:00:15.000Z');
    expect(next('0 */5 * * * *', '2024-05-01T08:03:10.000Z')).toBe('2024-05-01T08:05:00.000Z');
    expect(next('0 */5 * * * *', '2024-05-01T08:05:00.000Z')).toBe('2024-05-01T08:10:00.000Z');
    expect(next('0 0 * * * *', '2024-05-01T08:00:00.000Z')).toBe('2024-05-01T09:00:00.000Z');
    expect(next('30 59 23 * * *', '2024-12-31T23:59:31.000Z')).toBe('2025-01-01T23:59:30.000Z');
  });

  it('handles lists, ranges and ranged steps', () => {
    expect(next('0 0 9,17 * * *', '2024-05-01T09:00:00.000Z')).toBe('2024-05-01T17:00:00.000Z');
    expect(next('0 0 9-11 * * *', '2024-05-01T11:30:00.000Z')).toBe('2024-05-02T09:00:00.000Z');
    expect(next('0 10-20/5 * * * *', '2024-05-01T08:16:00.000Z')).toBe('2024-05-01T08:20:00.000Z');
    expect(next('5/20 * * * * *', '2024-05-01T08:00:26.000Z')).toBe('2024-05-01T08:00:45.000Z');
  });

  it('matches day, month and weekday together (NCrontab semantics), names included as in the docs', () => {
    // Mondays at 09:30; 2024-05-01 is a Wednesday.
    expect(next('0 30 9 * * 1', '2024-05-01T00:00:00.000Z')).toBe('2024-05-06T09:30:00.000Z');
    expect(next('0 30 9 * * 1-5', '2024-05-04T00:00:00.000Z')).toBe('2024-05-06T09:30:00.000Z');
    expect(next('0 30 9 * * MON', '2024-05-01T00:00:00.000Z')).toBe('2024-05-06T09:30:00.000Z');
    expect(next('0 30 9 * Jan Mon', '2024-05-01T00:00:00.000Z')).toBe('2025-01-06T09:30:00.000Z');
    expect(next('0 0 0 * * 7', '2024-05-01T00:00:00.000Z')).toBe('2024-05-05T00:00:00.000Z');
    // The 13th that is a Friday: 2024-09-13.
    expect(next('0 0 0 13 * 5', '2024-05-01T00:00:00.000Z')).toBe('2024-09-13T00:00:00.000Z');
    expect(next('0 0 0 29 2 *', '2024-03-01T00:00:00.000Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('0 0 0 1 1 *', '2024-05-01T00:00:00.000Z')).toBe('2025-01-01T00:00:00.000Z');
  });

  it('refuses malformed schedules with a DevHostError naming the schedule', () => {
    expect(() => parseSchedule('*/5 * * * *')).toThrow('schedule "*/5 * * * *": expected 6 fields (second minute hour day month day-of-week)');
    expect(() => parseSchedule('0 0 0 * * * 2030')).toThrow('expected 6 fields');
    expect(() => parseSchedule('60 * * * * *')).toThrow('schedule "60 * * * * *": CronPattern: Invalid value for second: 60');
    expect(() => parseSchedule('0 0 0 0 * *')).toThrow(/^schedule "0 0 0 0 \* \*": CronPattern: Invalid value for day/);
    expect(() => parseSchedule('0 0 0 * * X')).toThrow('schedule "0 0 0 * * X": CronPattern: configuration entry 5 (X) contains illegal characters.');
    expect(() => parseSchedule('*/0 * * * * *')).toThrow('illegal stepping: 0');
    expect(() => parseSchedule('0 0 0 31 2 *').next(at('2024-01-01T00:00:00Z'))).toThrow('schedule "0 0 0 31 2 *" never fires');
    expect(() => parseSchedule('60 * * * * *')).toThrow(expect.objectContaining({ name: 'DevHostError' }));
  });
});
