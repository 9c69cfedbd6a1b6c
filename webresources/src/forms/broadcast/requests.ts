/**
 * The Broadcast form's requests: a request is a date column stamped through the Web API with the user's session
 * (Preview also names whom to: the follower lookup or the OpenID, in the same update), the Update step hints the
 * relay, the relay re-reads the row and writes the outcome back; the form then reads the row until it changed.
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-webapi/updaterecord
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/associate-disassociate-entities-using-web-api
 */
import type { Xrm } from '../../shared/xrm.js';
import { COLUMNS } from './model.js';

export type Row = Record<string, unknown>;

export interface Wait {
  /** True once the row read back shows the relay's answer. */
  answered: (row: Row) => boolean;
  everyMs?: number;
  tries?: number;
}

/** Whole seconds, as Dataverse keeps dates: the relay compares the request with this very value. */
export const stampNow = (now = Date.now()): string => new Date(Math.floor(now / 1000) * 1000).toISOString();

export async function readUntil(xrm: Xrm, entity: string, id: string, wait: Wait): Promise<Row | undefined> {
  const retrieveRecord = xrm.WebApi.retrieveRecord;
  if (!retrieveRecord) return undefined;
  for (let i = 0; i < (wait.tries ?? 30); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, wait.everyMs ?? 1000));
    const row = await retrieveRecord.call(xrm.WebApi, entity, id, `?$select=${COLUMNS.join(',')}`);
    if (wait.answered(row)) return row;
  }
  return undefined;
}

/** The preview's update: the stamp and whom to (a follower by lookup, or an OpenID), nothing else. */
export function previewRequest(target: { followerId: string } | { openId: string }, at: string): Row {
  return 'followerId' in target
    ? { wxm_previewrequestedon: at, 'wxm_PreviewFollowerId@odata.bind': `/wxm_followers(${target.followerId})` }
    : { wxm_previewrequestedon: at, wxm_previewopenid: target.openId };
}
