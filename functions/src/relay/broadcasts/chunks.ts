/**
 * The wxm_broadcastsend rows of a broadcast: one per WeChat call, written before any call with its recipients and
 * clientmsgid (create-only by the clientmsgid alternate key, so writing them twice is harmless). A chunk with a
 * msg_id was accepted by WeChat; a resumed send starts at the first chunk without one.
 */
import { BroadcastSend, EntitySets } from '@wxm/solution/schema';
import { alternateKey, lookupKey } from '../../dataverse/keys.js';
import type { DataverseOrg, Row, WriteOperation } from '../../dataverse/types.js';
import { requireGuid } from '../delivery/keys.js';
import { clientMsgId } from './rules.js';

const S = BroadcastSend.columns;

export interface StoredChunk {
  id: string;
  chunk: number;
  clientMsgId: string;
  openids: string[];
  msgId: string;
  resultStatus: string;
  total: number;
  filter: number;
  sent: number;
  errors: number;
  copyright: string;
}

const SELECT = [
  S.Id,
  S.Chunk,
  S.ClientMsgId,
  S.OpenIds,
  S.WechatMsgId,
  S.ResultStatus,
  S.TotalCount,
  S.FilterCount,
  S.SentCount,
  S.ErrorCount,
  S.CopyrightResult,
];
const n = (v: unknown) => (typeof v === 'number' ? v : 0);
const s = (v: unknown) => (typeof v === 'string' ? v : '');

function chunkOf(row: Row): StoredChunk {
  return {
    id: String(row[S.Id]),
    chunk: n(row[S.Chunk]),
    clientMsgId: s(row[S.ClientMsgId]),
    openids: s(row[S.OpenIds])
      .split('\n')
      .map((o) => o.trim())
      .filter(Boolean),
    msgId: s(row[S.WechatMsgId]),
    resultStatus: s(row[S.ResultStatus]),
    total: n(row[S.TotalCount]),
    filter: n(row[S.FilterCount]),
    sent: n(row[S.SentCount]),
    errors: n(row[S.ErrorCount]),
    copyright: s(row[S.CopyrightResult]),
  };
}

export async function chunksOfBroadcast(org: DataverseOrg, broadcastId: string): Promise<StoredChunk[]> {
  const rows = await org.retrieveMultiple(EntitySets.BroadcastSend, {
    select: SELECT,
    filter: `${lookupKey(S.BroadcastId)} eq ${requireGuid('broadcast id', broadcastId)}`,
    orderBy: [`${S.Chunk} asc`],
    maxRows: 10_000,
  });
  return rows.map(chunkOf);
}

export async function chunkByMsgId(org: DataverseOrg, accountId: string, msgId: string): Promise<(StoredChunk & { broadcastId: string }) | undefined> {
  const rows = await org.retrieveMultiple(EntitySets.BroadcastSend, {
    select: [...SELECT, lookupKey(S.BroadcastId)],
    filter: `${lookupKey(S.OfficialAccountId)} eq ${requireGuid('account id', accountId)} and ${S.WechatMsgId} eq '${msgId.replace(/'/g, "''")}'`,
    top: 1,
  });
  const row = rows[0];
  return row ? { ...chunkOf(row), broadcastId: String(row[lookupKey(S.BroadcastId)]) } : undefined;
}

/** The chunk rows, created once (a retry finds them). `openidChunks` empty: one sendall call. */
export async function planChunks(org: DataverseOrg, b: { id: string; name: string }, accountId: string, openidChunks: string[][]): Promise<void> {
  const plan = openidChunks.length === 0 ? [[] as string[]] : openidChunks;
  const ops: WriteOperation[] = plan.map((openids, chunk) => ({
    kind: 'upsert',
    entitySet: EntitySets.BroadcastSend,
    key: alternateKey({ [S.ClientMsgId]: clientMsgId(b.id, chunk) }),
    ifNoneMatch: true,
    data: {
      [S.Name]: `${b.name.slice(0, 180)} #${chunk + 1}`,
      [S.Chunk]: chunk,
      [S.OpenIds]: openids.join('\n'),
      [S.RecipientCount]: openids.length,
      [`${BroadcastSend.navigation.BroadcastId}@odata.bind`]: `/${EntitySets.Broadcast}(${requireGuid('broadcast id', b.id)})`,
      [`${BroadcastSend.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${requireGuid('account id', accountId)})`,
    },
  }));
  for (let i = 0; i < ops.length; i += 100) {
    const outcomes = await org.submit(ops.slice(i, i + 100));
    const failed = outcomes.find((o) => !o.ok);
    if (failed && !failed.ok) throw new Error(`broadcast chunks not written: ${failed.error.message}`);
  }
}

export async function recordChunkSent(org: DataverseOrg, chunkId: string, msgId: string, msgDataId: string | undefined, now: number): Promise<void> {
  await org.update(EntitySets.BroadcastSend, chunkId, {
    [S.WechatMsgId]: msgId,
    ...(msgDataId !== undefined && { [S.MsgDataId]: msgDataId }),
    [S.SentOn]: new Date(now).toISOString(),
  });
}

export async function recordChunkResult(
  org: DataverseOrg,
  chunkId: string,
  r: { status: string; total: number; filter: number; sent: number; errors: number; copyright: string },
): Promise<void> {
  await org.update(EntitySets.BroadcastSend, chunkId, {
    [S.ResultStatus]: r.status.slice(0, 200),
    [S.TotalCount]: r.total,
    [S.FilterCount]: r.filter,
    [S.SentCount]: r.sent,
    [S.ErrorCount]: r.errors,
    [S.CopyrightResult]: r.copyright,
  });
}
