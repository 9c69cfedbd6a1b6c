/**
 * `app.timer` triggers: runs the handler at each NCRONTAB occurrence (UTC), and once at start when
 * `runOnStartup` is set. Like the host's singleton timer, an occurrence that comes while the previous run is
 * still going is skipped rather than run in parallel. No schedule monitor: nothing is persisted across restarts.
 * The Timer argument: `scheduleStatus.last` = the previous occurrence (this one on the first run),
 * `next` = the occurrence after this one; `isPastDue` when the run starts more than 1 s late.
 * Docs: https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer
 */
import type { Timer } from '@azure/functions';
import { invoke, InvocationFailed, type InvokeDeps } from './invoke.js';
import { describeError } from './log.js';
import { parseNcrontab, type CronSchedule } from './ncrontab.js';
import type { FunctionRegistration } from './registrations.js';

/** setTimeout's ceiling; longer waits are done in hops. */
const MAX_TIMEOUT_MS = 2_147_483_647;

export interface TimerRunnerOptions {
  registration: FunctionRegistration;
  schedule: string;
  runOnStartup: boolean;
  deps: InvokeDeps;
}

export class TimerRunner {
  readonly #o: TimerRunnerOptions;
  readonly #schedule: CronSchedule;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;
  #last: number | undefined;

  constructor(options: TimerRunnerOptions) {
    this.#o = options;
    this.#schedule = parseNcrontab(options.schedule);
  }

  start(): void {
    if (this.#o.runOnStartup) this.#fire(Date.now());
    this.#arm();
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
      if (left > 0) {
        this.#timer = setTimeout(wait, Math.min(left, MAX_TIMEOUT_MS));
        return;
      }
      this.#fire(due);
      this.#arm();
    };
    this.#timer = setTimeout(wait, Math.min(Math.max(0, due - Date.now()), MAX_TIMEOUT_MS));
  }

  #fire(occurrence: number): void {
    const { deps, registration } = this.#o;
    if (this.#running) {
      deps.log('warning', `${registration.name}: previous run still going, skipping ${new Date(occurrence).toISOString()}`);
      return;
    }
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
    this.#running = invoke(registration, timer, deps)
      .then(
        () => undefined,
        (err: unknown) => {
          const cause = err instanceof InvocationFailed ? err.cause : err;
          deps.log('error', `${registration.name} failed: ${describeError(cause)}`);
        },
      )
      .finally(() => {
        this.#running = undefined;
      });
  }
}
