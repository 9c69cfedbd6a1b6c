/**
 * The Web API requests of the conversation, as `options` strings for context.webAPI (OData system query options).
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-webapi/retrievemultiplerecords
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/page-results
 */
import { DeliveryStatus, Direction, Follower, Message, MessageType, OfficialAccount } from '../../../../solution/generated/schema';
import { MESSAGE_COLUMNS } from './message';
import { opensWindowFilter } from './reply-window';

const M = Message.columns;
const F = Follower.columns;
const lookup = (column: string) => `_${column}_value`;

/** Notes (annotations) hold the media of a message; see functions/src/relay/delivery/media.ts. */
export const Note = {
  logicalName: 'annotation',
  id: 'annotationid',
  /**
   * The collection-valued navigation property from a message to its notes, for a deep insert: the relationship
   * Dataverse creates for a table with notes, `wxm_message_Annotations` (lower-case table name; names are
   * case-sensitive), derived in solution/tooling/notes.ts.
   */
  ofMessage: Message.notes.collection,
} as const;

/** Messages per page: enough to fill a tall form section, small enough to keep the first answer quick. */
export const PAGE_SIZE = 50;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids go into URLs and filters: anything but a GUID is refused before a request is made. */
export function requireGuid(value: string): string {
  const id = value.replace(/[{}]/g, '');
  if (!GUID.test(id)) throw new TypeError(`not a record id: ${JSON.stringify(value)}`);
  return id.toLowerCase();
}

const select = `$select=${MESSAGE_COLUMNS.join(',')}`;
const ofFollower = (followerId: string) => `${lookup(M.FollowerId)} eq ${requireGuid(followerId)}`;

/** The follower's name, account and the reply window as the relay recorded it (functions/src/relay/window/follower-window.ts). */
export const followerOptions = `?$select=${F.Name},${F.Subscribed},${lookup(F.OfficialAccountId)},${F.LastMessageOn},${F.LastEventOn},${F.SentSinceMessage},${F.SentSinceEvent}`;

/** Newest first; the platform pages it (maxPageSize) and returns a nextLink for the older ones. */
export function newestPageOptions(followerId: string): string {
  return `?${select}&$filter=${ofFollower(followerId)}&$orderby=${M.CreatedOn} desc,${M.Id} desc`;
}

/** New rows and rows whose status changed since the last look (modifiedon moves on every write). */
export function changesOptions(followerId: string, sinceIso: string): string {
  return `?${select}&$filter=${ofFollower(followerId)} and ${M.ModifiedOn} ge ${sinceIso}&$orderby=${M.ModifiedOn} asc`;
}

/** The follower's latest interaction that opens the reply window, even if it is older than the loaded pages. */
export function lastInteractionOptions(followerId: string): string {
  const opens = opensWindowFilter(
    { direction: M.Direction, messageType: M.MessageType, event: M.Event },
    { inbound: Direction.Inbound, event: MessageType.Event },
  );
  return `?${select}&$filter=${ofFollower(followerId)} and ${opens}&$orderby=${M.CreatedOn} desc&$top=1`;
}

export function notesOptions(messageId: string): string {
  return `?$select=${Note.id},subject,filename,mimetype,notetext,filesize&$filter=_objectid_value eq ${requireGuid(messageId)}&$orderby=createdon asc`;
}

export const noteBodyOptions = '?$select=documentbody,mimetype';

/** The query part of a nextLink, which is what retrieveMultipleRecords takes to fetch the next page. */
export function nextPageOptions(nextLink: string): string {
  const q = nextLink.indexOf('?');
  return q < 0 ? '' : nextLink.slice(q);
}

export type Reply = { kind: 'text'; text: string } | { kind: 'image'; fileName: string; mimeType: string; base64: string };

/**
 * An operator's reply as a new outbound wxm_message: Pending until the relay sends it (it hears of the row
 * through the Create webhook). `out:<uuid>` keeps the account + WeChat-id alternate key unique; an image travels
 * as a note created with the message in one deep insert, so the relay finds it when it reads the row.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/create-entity-web-api#create-related-table-rows-in-one-operation
 */
export function replyRecord(input: { followerId: string; accountId: string; reply: Reply; uuid: string }): Record<string, unknown> {
  const { reply } = input;
  const preview = reply.kind === 'text' ? reply.text.replace(/\s+/g, ' ').trim() : reply.fileName;
  const record: Record<string, unknown> = {
    [M.Name]: `reply ${reply.kind}: ${preview}`.slice(0, 200),
    [M.Direction]: Direction.Outbound,
    [M.MessageType]: reply.kind === 'text' ? MessageType.Text : MessageType.Image,
    [M.DeliveryStatus]: DeliveryStatus.Pending,
    [M.WeChatMsgId]: `out:${input.uuid}`,
    [`${Message.navigation.FollowerId}@odata.bind`]: `/${Follower.entitySetName}(${requireGuid(input.followerId)})`,
    [`${Message.navigation.OfficialAccountId}@odata.bind`]: `/${OfficialAccount.entitySetName}(${requireGuid(input.accountId)})`,
  };
  if (reply.kind === 'text') record[M.Content] = reply.text;
  else record[Note.ofMessage] = [{ subject: 'WeChat image reply', filename: reply.fileName, mimetype: reply.mimeType, documentbody: reply.base64 }];
  return record;
}
