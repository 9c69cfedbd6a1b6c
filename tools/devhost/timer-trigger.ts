/**
 * `app.timer` triggers: the handler runs at each occurrence of its NCRONTAB schedule (six fields, seconds
 * first, UTC as the host without WEBSITE_TIME_ZONE; day of month and day of week must both match, as NCrontab
 * reads them), parsed and stepped by croner; once at start with `runOnStartup`. As the host's singleton timer,
 * an occurrence during a run still going is skipped. No schedule monitor: nothing persists across restarts.
 * Timer: `scheduleStatus.last` = the previous occurrence (this one on the first run), `next` = the one after,
 * `isPastDue` when the run starts more than 1 s late.
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer#ncrontab-expressions
 */
import type { Timer } from '@azure/functions';
import { Cron } from 'croner';
import { invoke, InvocationFailed, type InvokeDeps } from './invoke.js';
import { describeError } from './log.js';
import type { TimerFunction } from './registrations.js';
import { DevHostError } from './settings.js';

export interface Schedule {
  /** The first occurrence strictly after `after` (epoch ms). */
  next(after: number): number;
}

export function parseSchedule(expression: string): Schedule {
  if (expression.trim().split(/\s+/).length !== 6) {
    throw new DevHostError(`schedule "${expression}": expected 6 fields (second minute hour day month day-of-week)`);
  }
  let cron: Cron;
  try {
    // paused: croner only computes occurrences here; the runner below owns the timers.
    cron = new Cron(expression, { paused: true, timezone: 'UTC', mode: '6-part', domAndDow: true, sloppyRanges: true });
  } catch (err) {
    throw new DevHostError(`schedule "${expression}": ${(err as Error).message}`);
  }
  return {
    next(after) {
      const due = cron.nextRun(new Date(after));
      if (!due) throw new DevHostError(`schedule "${expression}" never fires`);
      return due.getTime();
    },
  };
}

/** setTimeout's ceiling; longer waits are done in hops. */
const MAX_TIMEOUT_MS = 2_147_483_647;

export class TimerRunner {
  readonly #schedule: Schedule;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;
  #last: number | undefined;

  constructor(
    private readonly fn: TimerFunction,
    private readonly deps: InvokeDeps,
  ) {
    this.#schedule = parseSchedule(fn.schedule);
  }

  start(): void {
    if (this.fn.runOnStartup) this.#fire(Date.now());
    this.#arm();
  }

  /** Runs the function now, as the host's admin API does; false when a run is still going (nothing started). */
  runNow(): boolean {
    if (this.#stopped || this.#running) return false;
    this.#fire(Date.now());
    return true;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  #arm(): void {
    if (this.#stopped) return;
    const due = this.#schedule.next(Date.now());
    const wait = () => {
      const left = due - Date.now();
      if (left > 0) return void (this.#timer = setTimeout(wait, Math.min(left, MAX_TIMEOUT_MS)));
      this.#fire(due);
      this.#arm();
    };
    wait();
  }

  #fire(occurrence: number): void {
    const { deps, fn } = this;
    const name = fn.registration.name;
    if (this.#running) return deps.log('warning', `${name}: previous run still going, skipping ${new Date(occurrence).toISOString()}`);
    const now = Date.now();
    const timer: Timer = {
      isPastDue: now - occurrence > 1_000,
      schedule: { adjustForDST: true },
      scheduleStatus: {
        last: new Date(this.#last ?? occurrence).toISOString(),
        next: new Date(this.#schedule.next(occurrence)).toISOString(),
        lastUpdated: new Date(now).toISOString(),
      },
    };
    this.#last = occurrence;
    this.#running = invoke(fn, timer, deps)
      .then(
        () => undefined,
        (err: unknown) => deps.log('error', `${name} failed: ${describeError(err instanceof InvocationFailed ? err.cause : err)}`),
      )
      .finally(() => (this.#running = undefined));
  }
}
