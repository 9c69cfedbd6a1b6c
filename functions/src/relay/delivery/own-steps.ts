/**
 * The relay's own webhook step on wxm_message Create, per org, so that the inbound rows the relay writes itself
 * skip it. That step (solution/webhooks/registration.ts) exists for rows Dynamics users create (outbound replies);
 * for an inbound row it would cost the org an async system job and the relay one webhook call, re-read and ignored.
 * The message row's write names the step in MSCRM.BypassBusinessLogicExecutionStepIds (dataverse/types.ts
 * SkipsSteps). https://learn.microsoft.com/power-apps/developer/data-platform/bypass-custom-business-logic
 *
 * - The id is found in the org itself (sdkmessageprocessingstep by the name registration gives the step), once,
 *   then again every `refreshMs` (a re-registration gives a new id); never taken from a hint.
 * - The org may refuse: the relay's role from an older build lacks prvReadSdkMessageProcessingStep (the lookup is
 *   refused) or prvBypassCustomBusinessLogic (the write is refused, nothing written: deliver-inbound writes it again
 *   without the header). Either way the org writes without the header for `refusedMs`, and the first time is logged
 *   as a warning (once per org and process, until it works again). Dataverse unavailable during the lookup: without
 *   the header for `retryMs`, not logged as a problem (the write itself meets the outage and is retried).
 * - Without a step (webhooks not registered) there is nothing to skip: no header.
 */
import { EntitySets, Message } from '@wxm/solution/schema';
import { DataverseError } from '../../dataverse/errors.js';
import type { DataverseErrorInfo, DataverseOrg } from '../../dataverse/types.js';
import type { Logger } from '../ports/logger.js';

/** The name registerWebhooks gives the relay's step on wxm_message Create (`Wechat Marketing: <message> of <table>`). */
export const OWN_MESSAGE_CREATE_STEP = `Wechat Marketing: Create of ${Message.logicalName}`;

const STEPS = 'sdkmessageprocessingsteps';
const STEP_ID = 'sdkmessageprocessingstepid';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Dataverse's default limit of step ids per request (an org setting). */
const MAX_IDS = 3;

export interface OwnStepsOptions {
  /** How long a found id is used before it is looked up again (default 1 hour). */
  refreshMs: number;
  /** How long an org that refused (privilege missing) writes without the header (default 6 hours). */
  refusedMs: number;
  /** How long after a failed lookup (Dataverse unavailable) before trying again (default 1 minute). */
  retryMs: number;
}

export const DEFAULT_OWN_STEPS_OPTIONS: OwnStepsOptions = { refreshMs: 3600_000, refusedMs: 6 * 3600_000, retryMs: 60_000 };

type State = { kind: 'unknown' } | { kind: 'known'; ids: string[]; until: number } | { kind: 'off'; until: number };

export class OwnSteps {
  #state: State = { kind: 'unknown' };
  #lookup: Promise<readonly string[] | undefined> | undefined;
  /** A refusal was logged for this org and nothing has worked since. */
  #warned = false;
  readonly #options: OwnStepsOptions;

  constructor(
    private readonly now: () => number,
    options: Partial<OwnStepsOptions> = {},
  ) {
    this.#options = { ...DEFAULT_OWN_STEPS_OPTIONS, ...options };
  }

  /** The step ids the org's inbound message rows skip, or undefined: write without the header. */
  async ids(org: DataverseOrg, logger: Logger): Promise<readonly string[] | undefined> {
    const state = this.#state;
    if (state.kind !== 'unknown' && this.now() < state.until) return state.kind === 'known' && state.ids.length > 0 ? state.ids : undefined;
    // One lookup at a time per org: concurrent deliveries wait for the same answer.
    this.#lookup ??= this.#find(org, logger).finally(() => (this.#lookup = undefined));
    return this.#lookup;
  }

  /** A write naming the steps succeeded: the org accepts them (a later refusal is logged again). */
  accepted(): void {
    this.#warned = false;
  }

  /** The org refused a write naming the steps (isBypassRefused): without the header for a while. */
  refused(error: DataverseErrorInfo, logger: Logger): void {
    this.#off(this.#options.refusedMs);
    this.#warn(logger, "Dataverse refused skipping the relay's own wxm_message webhook step; inbound messages are written without it (a webhook call each)", {
      status: error.status,
      code: error.code,
    });
  }

  async #find(org: DataverseOrg, logger: Logger): Promise<readonly string[] | undefined> {
    try {
      const rows = await org.retrieveMultiple(STEPS, { select: [STEP_ID], filter: `name eq '${OWN_MESSAGE_CREATE_STEP}'`, top: MAX_IDS });
      const ids = rows.map((r) => r[STEP_ID]).filter((id): id is string => typeof id === 'string' && GUID.test(id));
      this.#state = { kind: 'known', ids, until: this.now() + this.#options.refreshMs };
      return ids.length > 0 ? ids : undefined;
    } catch (err) {
      if (err instanceof DataverseError && (err.kind === 'forbidden' || err.kind === 'auth' || err.kind === 'invalid')) {
        this.#off(this.#options.refusedMs);
        this.#warn(
          logger,
          'the relay cannot read its own wxm_message webhook step (its role lacks prvReadSdkMessageProcessingStep?); inbound messages are written without skipping it',
          {
            status: err.status,
            code: err.code,
          },
        );
      } else {
        this.#off(this.#options.retryMs);
      }
      return undefined;
    }
  }

  #off(ms: number): void {
    this.#state = { kind: 'off', until: this.now() + ms };
  }

  #warn(logger: Logger, message: string, fields: { status: number; code: string }): void {
    if (this.#warned) return;
    this.#warned = true;
    logger.warn(message, { ...fields, table: EntitySets.Message });
  }
}
