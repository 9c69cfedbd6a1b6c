/**
 * WeChat waits 5 seconds for an answer, then drops the connection and retries. Each storage call has its own
 * deadline (storage/azure/request-policies.ts), but several slow-yet-answering calls in a row could still add
 * up past 5 s. The budget refuses to start a step that could not finish in time: the callback answers 503 (so
 * WeChat retries) instead of answering after WeChat stopped listening.
 *
 * https://developers.weixin.qq.com/doc/service/en/Message_Management/Passive_user_reply_message.html
 */
import type { Clock } from '../../kernel/clock.js';
import { StorageUnavailable } from '../errors.js';

export interface BudgetOptions {
  /** Answer within this long after the request arrived. Default 4.5 s (half a second of margin on WeChat's 5). */
  answerWithinMs: number;
  /** The longest one storage step may take (a call's deadline). Default 1.5 s. */
  stepMs: number;
}

export const DEFAULT_BUDGET: BudgetOptions = { answerWithinMs: 4_500, stepMs: 1_500 };

export class AnswerBudget {
  readonly #deadline: number;

  constructor(
    readonly clock: Clock,
    readonly options: BudgetOptions = DEFAULT_BUDGET,
  ) {
    this.#deadline = clock.now() + options.answerWithinMs;
  }

  /** True while a step started now would still end before the answer is due. */
  allows(): boolean {
    return this.clock.now() + this.options.stepMs <= this.#deadline;
  }

  /** How long until the answer is due (0 once it is): a callback waiting in a group is answered 503 then. */
  remainingMs(): number {
    return Math.max(0, this.#deadline - this.clock.now());
  }

  /** Throws StorageUnavailable (503) when `step` could not finish in time. */
  require(step: string): void {
    if (!this.allows()) throw new StorageUnavailable(`${step} (storage too slow to answer WeChat in time)`, undefined);
  }
}
