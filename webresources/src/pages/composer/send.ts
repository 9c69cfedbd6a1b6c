/**
 * Sending is creating rows: one wxm_templatemessage per follower (template, follower, account, values as JSON,
 * link, regarding), created with the operator's session through Xrm.WebApi.createRecord. The Create step hints
 * the relay, which re-reads each row, checks the values again and calls template/send once; the composer then reads
 * the rows' delivery status back (TEMPLATESENDJOBFINISH moves Sent to Delivered or Failed).
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-webapi/createrecord
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
import type { Xrm } from '../../shared/xrm.js';
import type { Follower, Template } from './data.js';

/** wxm_deliverystatus (solution/src/optionsets/wxm_deliverystatus.ts). */
export const DELIVERY = { Pending: 472610001, Sending: 472610002, Sent: 472610003, Failed: 472610004, Delivered: 472610005 } as const;

export interface Message {
  template: Template;
  accountId: string;
  values: Record<string, string>;
  url: string | undefined;
  regarding: string | undefined;
  /** What the message is about, for the row's name (the record's name, else the template's title). */
  about: string;
}

export function rowFor(message: Message, follower: Follower): Record<string, unknown> {
  return {
    wxm_name: `${message.about} → ${follower.name}`.slice(0, 200),
    'wxm_TemplateId@odata.bind': `/wxm_templates(${message.template.id})`,
    'wxm_FollowerId@odata.bind': `/wxm_followers(${follower.id})`,
    'wxm_OfficialAccountId@odata.bind': `/wxm_officialaccounts(${message.accountId})`,
    wxm_values: JSON.stringify(message.values),
    ...(message.url && { wxm_url: message.url }),
    ...(message.regarding && { wxm_regarding: message.regarding }),
  };
}

export type Created = { ids: string[] } | { ids: string[]; error: string };

/** Creates the rows one by one (each its own request: one refused row stops the rest, and says how many were made). */
export async function createMessages(xrm: Xrm, message: Message, followers: readonly Follower[], progress?: (done: number) => void): Promise<Created> {
  const create = xrm.WebApi.createRecord;
  if (!create) return { ids: [], error: 'Xrm.WebApi.createRecord unavailable' };
  const ids: string[] = [];
  for (const follower of followers) {
    try {
      ids.push((await create.call(xrm.WebApi, 'wxm_templatemessage', rowFor(message, follower))).id.replace(/[{}]/g, '').toLowerCase());
    } catch (error) {
      return { ids, error: error instanceof Error ? error.message : String(error) };
    }
    progress?.(ids.length);
  }
  return { ids };
}

export interface Delivery {
  delivered: number;
  sent: number;
  pending: number;
  failed: { name: string; reason: string }[];
}

/** The rows' delivery as the relay wrote it back, 50 at a time. */
export async function deliveryOf(xrm: Xrm, ids: readonly string[]): Promise<Delivery> {
  const out: Delivery = { delivered: 0, sent: 0, pending: 0, failed: [] };
  for (let i = 0; i < ids.length; i += 50) {
    const filter = ids
      .slice(i, i + 50)
      .map((id) => `wxm_templatemessageid eq ${id}`)
      .join(' or ');
    const rows = (await xrm.WebApi.retrieveMultipleRecords('wxm_templatemessage', `?$select=wxm_name,wxm_deliverystatus,wxm_failurereason&$filter=${filter}`))
      .entities;
    for (const row of rows) {
      const status = row.wxm_deliverystatus;
      if (status === DELIVERY.Delivered) out.delivered += 1;
      else if (status === DELIVERY.Sent) out.sent += 1;
      else if (status === DELIVERY.Failed) out.failed.push({ name: String(row.wxm_name ?? ''), reason: String(row.wxm_failurereason ?? '') });
      else out.pending += 1;
    }
  }
  return out;
}
