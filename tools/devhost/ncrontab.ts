/**
 * NCRONTAB schedules of timer triggers: six fields `{second} {minute} {hour} {day} {month} {day-of-week}`,
 * each `*`, a number, a range `a-b`, a step `*\/n` or `a-b/n`, or a comma list of those. Evaluated in UTC (the
 * host's default without WEBSITE_TIME_ZONE). Like NCrontab, day-of-month and day-of-week must BOTH match
 * (classic Vixie cron ORs them when both are restricted).
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer#ncrontab-expressions
 */

export class CronError extends Error {
  override readonly name = 'CronError';
}

interface Field {
  name: string;
  min: number;
  max: number;
}

const FIELDS: Field[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day-of-week', min: 0, max: 7 },
];

export interface CronSchedule {
  expression: string;
  /** The first occurrence strictly after `after` (epoch ms). */
  next(after: number): number;
}

export function parseNcrontab(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 6) {
    throw new CronError(`schedule "${expression}": expected 6 fields (second minute hour day month day-of-week)`);
  }
  const [seconds, minutes, hours, days, months, weekdays] = parts.map((p, i) => parseField(p, FIELDS[i]!, expression)) as [
    Set<number>, Set<number>, Set<number>, Set<number>, Set<number>, Set<number>,
  ];

  return {
    expression,
    next(after: number): number {
      const t = new Date(Math.floor(after / 1000) * 1000 + 1000);
      // Five years of candidate days covers every satisfiable day/month/weekday combination.
      const limit = after + 5 * 366 * 86_400_000;
      while (t.getTime() <= limit) {
        if (!months.has(t.getUTCMonth() + 1)) {
          t.setUTCMonth(t.getUTCMonth() + 1, 1);
          t.setUTCHours(0, 0, 0, 0);
          continue;
        }
        if (!days.has(t.getUTCDate()) || !weekdays.has(t.getUTCDay())) {
          t.setUTCDate(t.getUTCDate() + 1);
          t.setUTCHours(0, 0, 0, 0);
          continue;
        }
        if (!hours.has(t.getUTCHours())) {
          t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
          continue;
        }
        if (!minutes.has(t.getUTCMinutes())) {
          t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
          continue;
        }
        if (!seconds.has(t.getUTCSeconds())) {
          t.setUTCSeconds(t.getUTCSeconds() + 1, 0);
          continue;
        }
        return t.getTime();
      }
      throw new CronError(`schedule "${expression}" never fires`);
    },
  };
}

function parseField(text: string, field: Field, expression: string): Set<number> {
  const values = new Set<number>();
  const fail = (why: string) => new CronError(`schedule "${expression}": ${field.name} field "${text}" ${why}`);
  for (const item of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!m) throw fail('is not *, a number, a range, a step or a list of those');
    const [, whole, from, to, step] = m;
    const lo = whole === '*' ? field.min : Number(from);
    const hi = whole === '*' ? field.max : to !== undefined ? Number(to) : step !== undefined ? field.max : lo;
    const by = step !== undefined ? Number(step) : 1;
    if (lo < field.min || hi > field.max || lo > hi) throw fail(`is outside ${field.min}-${field.max}`);
    if (by < 1) throw fail('has a step below 1');
    // 7 is accepted as Sunday, as in most crontab dialects.
    for (let v = lo; v <= hi; v += by) values.add(field.name === 'day-of-week' && v === 7 ? 0 : v);
  }
  return values;
}
