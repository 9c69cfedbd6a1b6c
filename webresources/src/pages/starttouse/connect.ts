/**
 * "Connect to this environment": the admin's own Dynamics session writes the AppId and the binding token into
 * the org's connected Signed Service (Xrm.WebApi, so the write itself proves the admin belongs to this org).
 * The relay learns of the change through its webhook, re-reads the row with the credentials it already holds
 * for that Signed Service, redeems the token (which names this org) and writes the outcome into the row.
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-webapi/updaterecord
 */
import { ConnectionStatus, SignedService } from '@wxm/solution/schema';
import type { Xrm } from '../../shared/xrm.js';
import type { AuthorizationReturn } from './message.js';

const C = SignedService.columns;

export interface ConnectedService {
  id: string;
  name: string;
  /** The account it serves now (empty when none). */
  appid: string;
}

export type ConnectOutcome = { state: 'connected' } | { state: 'failed'; en: string; zh: string } | { state: 'waiting' };

export const CONNECTED_QUERY = `?$select=${C.Id},${C.Name},${C.AppId}&$filter=${C.ConnectionStatus} eq ${ConnectionStatus.Connected}`;

/** The org's Signed Services that are Connected now. */
export async function connectedSignedServices(xrm: Xrm): Promise<ConnectedService[]> {
  const { entities } = await xrm.WebApi.retrieveMultipleRecords(SignedService.logicalName, CONNECTED_QUERY);
  return entities.map((row) => ({ id: String(row[C.Id] ?? ''), name: String(row[C.Name] ?? ''), appid: String(row[C.AppId] ?? '') })).filter((s) => s.id);
}

/** Writes the account and its token into the row; the relay does the rest. */
export async function connectThrough(xrm: Xrm, service: ConnectedService, result: AuthorizationReturn): Promise<void> {
  if (!xrm.WebApi.updateRecord) throw new Error('Xrm.WebApi.updateRecord is not available');
  await xrm.WebApi.updateRecord(SignedService.logicalName, service.id, { [C.AppId]: result.appid, [C.BindingToken]: result.bindingToken });
}

/**
 * Reads the row until the relay concluded: Connected for this AppId with the token used up (blanked), or
 * Failed with its reason. `delays` in ms between reads (the form script asks after 1, 2, 3, 5, 8, 13 s too).
 */
export async function waitForConnection(
  xrm: Xrm,
  service: ConnectedService,
  appid: string,
  delays: readonly number[] = [1000, 2000, 3000, 5000, 8000, 13000],
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<ConnectOutcome> {
  if (!xrm.WebApi.retrieveRecord) return { state: 'waiting' };
  const select = `?$select=${[C.AppId, C.BindingToken, C.ConnectionStatus, C.StatusReasonEn, C.StatusReasonZh].join(',')}`;
  for (const delay of delays) {
    await sleep(delay);
    const row = await xrm.WebApi.retrieveRecord(SignedService.logicalName, service.id, select);
    const status = row[C.ConnectionStatus];
    if (status === ConnectionStatus.Failed) return { state: 'failed', en: String(row[C.StatusReasonEn] ?? ''), zh: String(row[C.StatusReasonZh] ?? '') };
    if (status === ConnectionStatus.Connected && row[C.AppId] === appid && !row[C.BindingToken]) return { state: 'connected' };
  }
  return { state: 'waiting' };
}
