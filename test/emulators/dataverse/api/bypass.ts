/**
 * `MSCRM.BypassBusinessLogicExecutionStepIds: <id>,<id>,…` on a write (a request or a `$batch` part): the named
 * sdkmessageprocessingstep registrations are not run for that operation's row events; every other step (a
 * customer's plug-in or webhook) still is.
 * https://learn.microsoft.com/power-apps/developer/data-platform/bypass-custom-business-logic (the optional
 * parameter BypassBusinessLogicExecutionStepIds: "a comma-separated list of plug-in step registrations"; the Web API
 * sends optional parameters as `MSCRM.<name>` headers, as MSCRM.BypassCustomPluginExecution on the same page; the
 * caller needs the prvBypassCustomBusinessLogic privilege).
 *
 * Refusals, before anything is written:
 * - a caller without prvBypassCustomBusinessLogic: 403 0x80040220 PrivilegeDenied in Dataverse's "Principal user …
 *   is missing <privilege> privilege" shape (errors.ts missingPrivilege), naming prvBypassCustomBusinessLogic;
 * - more ids than the org allows (`bypassStepIdsLimit`, default 3): 400 0x80040203 InvalidArgument;
 * - an empty list or an id that is not a GUID: 400 0x80040203 InvalidArgument.
 * UNCONFIRMED against a real org: the exact message texts and codes of these refusals, the default of 3 (the task
 * brief's figure; an org setting), and whether a webhook (service endpoint) step is skipped like a plug-in step. An
 * id that names no step is accepted and skips nothing (also unconfirmed). The header of an outer `$batch` request is
 * not applied to its parts here: the relay sends it on each part.
 */
import { DataverseError, missingPrivilege } from '../errors.js';
import type { TableMeta } from '../metadata.js';
import type { ApiRequest, Scope } from './types.js';

export const BYPASS_STEP_IDS_HEADER = 'mscrm.bypassbusinesslogicexecutionstepids';
export const BYPASS_PRIVILEGE = 'prvBypassCustomBusinessLogic';
/** Dataverse's default limit of step ids per request (an org setting). */
export const BYPASS_STEP_IDS_LIMIT = 3;

const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;

const invalidArgument = (message: string) => new DataverseError(400, '0x80040203', message);

function holdsBypass(scope: Scope): boolean {
  const { caller } = scope;
  if (caller.system) return true;
  if (caller.access) return caller.access.named.has(BYPASS_PRIVILEGE);
  return caller.privileges === 'all' || caller.privileges.has(BYPASS_PRIVILEGE);
}

/**
 * The step ids a write names (lower-case, without braces), or undefined when it names none; throws Dataverse's
 * refusal when it may not. Reads (GET) are not checked: no step runs for them here.
 */
export function bypassedSteps(scope: Scope, req: ApiRequest, table: TableMeta | undefined): ReadonlySet<string> | undefined {
  const raw = req.headers[BYPASS_STEP_IDS_HEADER];
  if (raw === undefined || req.method === 'GET') return undefined;
  const ids = raw.split(',').map((s) => s.trim());
  if (ids.length === 0 || ids.some((id) => !GUID.test(id)))
    throw invalidArgument(`BypassBusinessLogicExecutionStepIds must be a comma-separated list of sdkmessageprocessingstep ids: '${raw}'.`);
  if (ids.length > scope.bypassStepIdsLimit)
    throw invalidArgument(
      `The number of steps in BypassBusinessLogicExecutionStepIds (${ids.length}) exceeds the limit of ${scope.bypassStepIdsLimit} steps for this organization.`,
    );
  if (!holdsBypass(scope)) {
    const access = scope.caller.access;
    throw missingPrivilege(scope.caller.systemUserId, BYPASS_PRIVILEGE, table?.logicalName ?? 'none', table?.objectTypeCode ?? 0, access);
  }
  return new Set(ids.map((id) => id.replace(/[{}]/g, '').toLowerCase()));
}
