/** The wxm_broadcast row as the relay reads it, and the writes it makes (status, reason, estimate, results). */
import { Broadcast, BroadcastStatus, EntitySets } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { DataverseOrg, Row } from '../../dataverse/types.js';
import { requireGuid } from '../delivery/keys.js';
import { reasonText, type Reason } from './reasons.js';

const B = Broadcast.columns;

export interface StoredBroadcast {
  id: string;
  etag: string | undefined;
  name: string;
  accountId: string | undefined;
  kind: number | undefined;
  audienceKind: number | undefined;
  tagId: string | undefined;
  viewId: string;
  listId: string;
  contentType: number | undefined;
  content: string;
  title: string;
  author: string;
  mediaId: string;
  articleMediaId: string;
  sendOn: number | undefined;
  previewRequestedOn: number | undefined;
  previewedOn: number | undefined;
  previewOpenId: string;
  previewFollowerId: string | undefined;
  sendRequestedOn: number | undefined;
  deleteRequestedOn: number | undefined;
  status: number | undefined;
  sentOn: number | undefined;
  wechatMsgId: string;
  reachEstimatedOn: number | undefined;
  modifiedOn: number | undefined;
  modifiedBy: string | undefined;
}

const SELECT = [
  B.Id,
  B.Name,
  lookupKey(B.OfficialAccountId),
  B.Kind,
  B.AudienceKind,
  lookupKey(B.TagId),
  B.AudienceViewId,
  B.AudienceListId,
  B.ContentType,
  B.Content,
  B.Title,
  B.Author,
  B.MediaId,
  B.ArticleMediaId,
  B.SendOn,
  B.PreviewRequestedOn,
  B.PreviewedOn,
  B.PreviewOpenId,
  lookupKey(B.PreviewFollowerId),
  B.SendRequestedOn,
  B.DeleteRequestedOn,
  B.BroadcastStatus,
  B.SentOn,
  B.WechatMsgId,
  B.ReachEstimatedOn,
  'modifiedon',
  '_modifiedby_value',
];

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const opt = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const time = (v: unknown) => {
  const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  return Number.isFinite(t) ? t : undefined;
};

export function broadcastOf(row: Row): StoredBroadcast {
  return {
    id: String(row[B.Id]),
    etag: typeof row['@odata.etag'] === 'string' ? row['@odata.etag'] : undefined,
    name: str(row[B.Name]),
    accountId: opt(row[lookupKey(B.OfficialAccountId)]),
    kind: num(row[B.Kind]),
    audienceKind: num(row[B.AudienceKind]),
    tagId: opt(row[lookupKey(B.TagId)]),
    viewId: str(row[B.AudienceViewId]).trim(),
    listId: str(row[B.AudienceListId]).trim(),
    contentType: num(row[B.ContentType]),
    content: str(row[B.Content]),
    title: str(row[B.Title]),
    author: str(row[B.Author]),
    mediaId: str(row[B.MediaId]).trim(),
    articleMediaId: str(row[B.ArticleMediaId]).trim(),
    sendOn: time(row[B.SendOn]),
    previewRequestedOn: time(row[B.PreviewRequestedOn]),
    previewedOn: time(row[B.PreviewedOn]),
    previewOpenId: str(row[B.PreviewOpenId]).trim(),
    previewFollowerId: opt(row[lookupKey(B.PreviewFollowerId)]),
    sendRequestedOn: time(row[B.SendRequestedOn]),
    deleteRequestedOn: time(row[B.DeleteRequestedOn]),
    status: num(row[B.BroadcastStatus]),
    sentOn: time(row[B.SentOn]),
    wechatMsgId: str(row[B.WechatMsgId]),
    reachEstimatedOn: time(row[B.ReachEstimatedOn]),
    modifiedOn: time(row.modifiedon),
    modifiedBy: opt(row._modifiedby_value)?.toLowerCase(),
  };
}

export async function readBroadcast(org: DataverseOrg, id: string): Promise<StoredBroadcast | undefined> {
  const row = await org.retrieve(EntitySets.Broadcast, requireGuid('broadcast id', id), SELECT);
  return row ? broadcastOf(row) : undefined;
}

/** Broadcasts in these statuses (for the timer), oldest first. */
export async function broadcastsIn(org: DataverseOrg, statuses: readonly number[]): Promise<StoredBroadcast[]> {
  const filter = `statecode eq 0 and (${statuses.map((s) => `${B.BroadcastStatus} eq ${s}`).join(' or ')})`;
  const rows = await org.retrieveMultiple(EntitySets.Broadcast, { select: SELECT, filter, orderBy: ['createdon asc'], maxRows: 500 });
  return rows.map(broadcastOf);
}

export const iso = (ms: number): string => new Date(ms).toISOString();

export async function writeBroadcast(org: DataverseOrg, id: string, data: Row, ifMatch?: string): Promise<boolean> {
  return org.update(EntitySets.Broadcast, requireGuid('broadcast id', id), data, ifMatch);
}

export async function recordFailed(org: DataverseOrg, id: string, reason: Reason, extra: Row = {}): Promise<void> {
  await writeBroadcast(org, id, { [B.BroadcastStatus]: BroadcastStatus.Failed, [B.FailureReason]: reasonText(reason), ...extra });
}
