/**
 * The texts of times the conversation shows, built once per render from the user's settings: the time of a
 * message, the day a group of messages starts (today, yesterday, or the date), and the reply window's time left.
 */
import type { Translate } from './strings';
import { calendarDaysBetween, formatPattern, hoursAndMinutes, type DatePatterns } from './time-format';

export interface Formatters {
  time: (epochMs: number) => string;
  day: (epochMs: number, nowMs: number) => string;
  duration: (ms: number) => string;
}

export function makeFormatters(patterns: DatePatterns, offsetMinutes: (epochMs: number) => number, t: Translate): Formatters {
  return {
    time: (ms) => formatPattern(ms, patterns.shortTimePattern, patterns, offsetMinutes(ms)),
    day: (ms, now) => {
      const days = calendarDaysBetween(ms, now, offsetMinutes);
      if (days === 0) return t('Day_Today');
      if (days === 1) return t('Day_Yesterday');
      return formatPattern(ms, patterns.longDatePattern, patterns, offsetMinutes(ms));
    },
    duration: (ms) => {
      const { hours, minutes } = hoursAndMinutes(ms);
      return hours > 0 ? t('Duration_HoursMinutes', hours, minutes) : t('Duration_Minutes', minutes);
    },
  };
}
