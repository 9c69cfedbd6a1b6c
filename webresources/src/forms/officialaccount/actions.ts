/**
 * Actions on the Official Account form without a ribbon: a RECOMMENDATION notification on a control carries a
 * button, and a request is a date column stamped through the Web API (an Update step hints the relay, which writes
 * the outcome back to the row). The form then reads the row until the relay answered.
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/controls/addnotification
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-webapi/updaterecord
 */
import type { Xrm, XrmFormContext } from '../../shared/xrm.js';

/** Shows `message` with one button under the control of `column` (nothing when the form lacks the control). */
export function offerAction(form: XrmFormContext, column: string, uniqueId: string, message: string, label: string, run: () => void): void {
  const control = form.getControl(column);
  control?.clearNotification?.(uniqueId);
  control?.addNotification?.({ messages: [message], notificationLevel: 'RECOMMENDATION', uniqueId, actions: [{ message: label, actions: [run] }] });
}

export function withdrawAction(form: XrmFormContext, column: string, uniqueId: string): void {
  form.getControl(column)?.clearNotification?.(uniqueId);
}

/** The row id without the braces Dynamics puts around it. */
export const rowId = (form: XrmFormContext): string => form.data.entity.getId().replace(/[{}]/g, '').toLowerCase();

export interface RequestOptions {
  /** Columns to read back. */
  select: string[];
  /** True once the row shows the relay's answer to the request stamped at `requestedAt` (ISO, whole seconds). */
  answered: (row: Record<string, unknown>, requestedAt: string) => boolean;
  everyMs?: number;
  tries?: number;
}

/** Stamps `column` with now and reads the row until the relay answered; undefined when it did not in time. */
export async function requestAndWait(xrm: Xrm, form: XrmFormContext, column: string, options: RequestOptions): Promise<Record<string, unknown> | undefined> {
  const { updateRecord, retrieveRecord } = xrm.WebApi;
  if (!updateRecord || !retrieveRecord) return undefined;
  const entity = form.data.entity.getEntityName();
  const id = rowId(form);
  // Whole seconds, as Dataverse keeps them: the relay marks a request handled with this very value.
  const requestedAt = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
  await updateRecord(entity, id, { [column]: requestedAt });
  for (let i = 0; i < (options.tries ?? 30); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 1000));
    const row = await retrieveRecord(entity, id, `?$select=${options.select.join(',')}`);
    if (options.answered(row, requestedAt)) return row;
  }
  return undefined;
}

/** Dates from the Web API are ISO strings; from form attributes, Date objects. Whole seconds either way. */
export function secondsOf(value: unknown): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
  return Math.floor(ms / 1000);
}
