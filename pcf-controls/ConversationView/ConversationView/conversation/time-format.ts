/**
 * Times in the user's Dynamics time zone and format, not the browser's: context.userSettings gives the offset
 * (getTimeZoneOffsetMinutes) and the culture's .NET date patterns (dateFormattingInfo).
 * https://learn.microsoft.com/power-apps/developer/component-framework/reference/usersettings
 * https://learn.microsoft.com/dotnet/standard/base-types/custom-date-and-time-format-strings
 */

/** The part of PCF's DateFormattingInfo the conversation uses. */
export interface DatePatterns {
  shortTimePattern: string;
  longDatePattern: string;
  amDesignator: string;
  pmDesignator: string;
  dayNames: string[];
  abbreviatedDayNames: string[];
  monthNames: string[];
  abbreviatedMonthNames: string[];
}

/** A moment seen in the user's zone: the UTC fields of this Date are the user's wall clock. */
function wallClock(epochMs: number, offsetMinutes: number): Date {
  return new Date(epochMs + offsetMinutes * 60_000);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Formats with a .NET custom pattern (yyyy, MMMM, dd, dddd, HH, hh, mm, ss, tt, 'literals'). */
export function formatPattern(epochMs: number, pattern: string, patterns: DatePatterns, offsetMinutes: number): string {
  const d = wallClock(epochMs, offsetMinutes);
  const hours = d.getUTCHours();
  const tokens = /'[^']*'|"[^"]*"|\\.|yyyy|yy|MMMM|MMM|MM|M|dddd|ddd|dd|d|HH|H|hh|h|mm|m|ss|s|tt|t/g;
  return pattern.replace(tokens, (token) => {
    switch (token) {
      case 'yyyy':
        return pad(d.getUTCFullYear(), 4);
      case 'yy':
        return pad(d.getUTCFullYear() % 100, 2);
      case 'MMMM':
        return patterns.monthNames[d.getUTCMonth()] ?? '';
      case 'MMM':
        return patterns.abbreviatedMonthNames[d.getUTCMonth()] ?? '';
      case 'MM':
        return pad(d.getUTCMonth() + 1, 2);
      case 'M':
        return String(d.getUTCMonth() + 1);
      case 'dddd':
        return patterns.dayNames[d.getUTCDay()] ?? '';
      case 'ddd':
        return patterns.abbreviatedDayNames[d.getUTCDay()] ?? '';
      case 'dd':
        return pad(d.getUTCDate(), 2);
      case 'd':
        return String(d.getUTCDate());
      case 'HH':
        return pad(hours, 2);
      case 'H':
        return String(hours);
      case 'hh':
        return pad(hours % 12 || 12, 2);
      case 'h':
        return String(hours % 12 || 12);
      case 'mm':
        return pad(d.getUTCMinutes(), 2);
      case 'm':
        return String(d.getUTCMinutes());
      case 'ss':
        return pad(d.getUTCSeconds(), 2);
      case 's':
        return String(d.getUTCSeconds());
      case 'tt':
        return hours < 12 ? patterns.amDesignator : patterns.pmDesignator;
      case 't':
        return (hours < 12 ? patterns.amDesignator : patterns.pmDesignator).slice(0, 1);
      default:
        return token.startsWith('\\') ? token.slice(1) : token.slice(1, -1);
    }
  });
}

/** Days between two moments as calendar days in the user's zone (0 = same day, 1 = the day before). */
export function calendarDaysBetween(earlierMs: number, laterMs: number, offsetMinutes: (at: number) => number): number {
  const day = (ms: number) => Math.floor(wallClock(ms, offsetMinutes(ms)).getTime() / 86_400_000);
  return day(laterMs) - day(earlierMs);
}

/** Whole hours and minutes of a duration, rounded down (a window is never shown longer than it is). */
export function hoursAndMinutes(ms: number): { hours: number; minutes: number } {
  // Under a minute left (the 1-minute allowance after a follow, scan or click) reads "1 min", never "0 min".
  const totalMinutes = ms > 0 && ms < 60_000 ? 1 : Math.max(0, Math.floor(ms / 60_000));
  return { hours: Math.floor(totalMinutes / 60), minutes: totalMinutes % 60 };
}
