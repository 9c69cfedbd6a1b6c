/**
 * wxm_material rows ⇄ the use case: the row as read (every value from Dataverse, never from a hint), the upload
 * purpose its choices mean, and the writes of the outcome.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/update-delete-entities-using-web-api
 */
import { EntitySets, Material, MaterialPurpose, MediaType as MediaTypes, RowSyncState } from '@wxm/solution/schema';
import { lookupKey } from '../../dataverse/keys.js';
import type { DataverseOrg, Row } from '../../dataverse/types.js';
import { requireGuid } from '../delivery/keys.js';
import type { UploadedMaterial, UploadPurpose } from './upload.js';
import type { FileFormat } from './purposes.js';

const C = Material.columns;
const SET = EntitySets.Material;

export interface StoredMaterial {
  id: string;
  accountId: string | undefined;
  purpose: number | undefined;
  mediaType: number | undefined;
  annotationId: string | undefined;
  title: string | undefined;
  introduction: string | undefined;
  state: number | undefined;
  mediaId: string | undefined;
  url: string | undefined;
  uploadRequestedOn: number | undefined;
  uploadedOn: number | undefined;
  deleteRequestedOn: number | undefined;
  deletedOn: number | undefined;
}

const SELECT = [
  C.Id,
  lookupKey(C.OfficialAccountId),
  C.Purpose,
  C.MediaType,
  C.AnnotationId,
  C.Title,
  C.Introduction,
  C.State,
  C.MediaId,
  C.Url,
  C.UploadRequestedOn,
  C.UploadedOn,
  C.DeleteRequestedOn,
  C.DeletedOn,
];

const str = (row: Row, name: string): string | undefined =>
  typeof row[name] === 'string' && row[name] !== '' ? (row[name] as string).trim() || undefined : undefined;
const num = (row: Row, name: string): number | undefined => (typeof row[name] === 'number' ? (row[name] as number) : undefined);
const time = (row: Row, name: string): number | undefined => {
  const t = typeof row[name] === 'string' ? Date.parse(row[name] as string) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

export async function readMaterial(org: DataverseOrg, id: string): Promise<StoredMaterial | undefined> {
  const row = await org.retrieve(SET, requireGuid('material id', id), SELECT);
  if (!row) return undefined;
  return {
    id: String(row[C.Id]),
    accountId: str(row, lookupKey(C.OfficialAccountId)),
    purpose: num(row, C.Purpose),
    mediaType: num(row, C.MediaType),
    annotationId: str(row, C.AnnotationId),
    title: str(row, C.Title),
    introduction: str(row, C.Introduction),
    state: num(row, C.State),
    mediaId: str(row, C.MediaId),
    url: str(row, C.Url),
    uploadRequestedOn: time(row, C.UploadRequestedOn),
    uploadedOn: time(row, C.UploadedOn),
    deleteRequestedOn: time(row, C.DeleteRequestedOn),
    deletedOn: time(row, C.DeletedOn),
  };
}

/** Uploaded, and no new upload asked for since (Upload Requested On later than Uploaded On). */
export const isUploaded = (m: StoredMaterial): boolean =>
  m.state === RowSyncState.Synced && (m.uploadRequestedOn === undefined || (m.uploadedOn !== undefined && m.uploadRequestedOn <= m.uploadedOn));

export type MaterialKind = 'image' | 'voice' | 'video' | 'thumb';
type Kind = MaterialKind;
const KINDS: Record<number, Kind> = { [MediaTypes.Image]: 'image', [MediaTypes.Voice]: 'voice', [MediaTypes.Video]: 'video', [MediaTypes.Thumb]: 'thumb' };
const KIND_OF_FORMAT: Record<FileFormat, Kind> = { jpeg: 'image', png: 'image', gif: 'image', bmp: 'image', amr: 'voice', mp3: 'voice', mp4: 'video' };
export const MEDIA_TYPE_OF: Record<Kind, number> = { image: MediaTypes.Image, voice: MediaTypes.Voice, video: MediaTypes.Video, thumb: MediaTypes.Thumb };

/**
 * The upload purpose of the row's Purpose and Media Type (the type read from the file when the row leaves it empty);
 * undefined when they contradict (an article image or a cover that is not a picture).
 */
export function purposeOf(m: StoredMaterial, format: FileFormat | undefined): { purpose: UploadPurpose; kind: Kind } | undefined {
  const purpose = m.purpose ?? MaterialPurpose.Permanent;
  if (purpose === MaterialPurpose.ArticleImage)
    return m.mediaType === undefined || m.mediaType === MediaTypes.Image ? { purpose: 'article-image', kind: 'image' } : undefined;
  if (purpose === MaterialPurpose.Thumb)
    return m.mediaType === undefined || m.mediaType === MediaTypes.Thumb || m.mediaType === MediaTypes.Image ? { purpose: 'thumb', kind: 'thumb' } : undefined;
  const kind = (m.mediaType !== undefined ? KINDS[m.mediaType] : undefined) ?? (format ? KIND_OF_FORMAT[format] : undefined) ?? 'image';
  if (purpose === MaterialPurpose.Temporary) return { purpose: `temporary-${kind}`, kind };
  return { purpose: kind === 'thumb' ? 'thumb' : `permanent-${kind}`, kind };
}

export async function recordUploaded(
  org: DataverseOrg,
  material: StoredMaterial,
  out: UploadedMaterial,
  file: { name: string; size: number },
  kind: Kind,
  now: number,
): Promise<void> {
  const iso = (ms: number) => new Date(ms).toISOString();
  // Media Type is written only when it was empty or differs: it is in the Update step's filter, so an unchanged write
  // would hint the relay again for nothing.
  const mediaType = MEDIA_TYPE_OF[kind];
  await org.update(SET, material.id, {
    [C.MediaId]: out.mediaId ?? null,
    [C.Url]: out.url ?? null,
    [C.ExpiresOn]: out.expiresAt !== undefined ? iso(out.expiresAt) : null,
    [C.UploadedOn]: iso(now),
    [C.FileName]: file.name.slice(0, 260),
    [C.FileSize]: file.size,
    ...(material.mediaType !== mediaType && { [C.MediaType]: mediaType }),
    [C.State]: RowSyncState.Synced,
    [C.FailureReason]: null,
  });
}

/** Refused or failed: the reason (English line, then Chinese); what WeChat had before stays as it was. */
export async function recordFailed(org: DataverseOrg, id: string, reason: string): Promise<void> {
  await org.update(SET, id, { [C.State]: RowSyncState.Failed, [C.FailureReason]: reason });
}

/** Waiting for a file: not a failure, the row says what to do. */
export async function recordWaiting(org: DataverseOrg, id: string, reason: string): Promise<void> {
  await org.update(SET, id, { [C.State]: RowSyncState.Pending, [C.FailureReason]: reason });
}

/** Delete from WeChat asked for and not done since (Delete Requested On later than Deleted From WeChat On). */
export const wantsDelete = (m: StoredMaterial): boolean =>
  m.deleteRequestedOn !== undefined && (m.deletedOn === undefined || m.deleteRequestedOn > m.deletedOn);

/** WeChat deleted it: the media id and URL no longer work; the row stays (Pending) and can be uploaded again. */
export async function recordDeleted(org: DataverseOrg, id: string, now: number, reason: string): Promise<void> {
  await org.update(SET, id, {
    [C.MediaId]: null,
    [C.Url]: null,
    [C.DeletedOn]: new Date(now).toISOString(),
    [C.State]: RowSyncState.Pending,
    [C.FailureReason]: reason,
  });
}

/** A delete that cannot be done: the reason; what WeChat holds and the row's state stay as they are. */
export async function recordNotDeleted(org: DataverseOrg, id: string, now: number, reason: string): Promise<void> {
  await org.update(SET, id, { [C.DeletedOn]: new Date(now).toISOString(), [C.FailureReason]: reason });
}

/** Where the relay keeps WeChat's answer to one upload request of a row (upload-row.ts), until it is on the row. */
export const resultKey = (organizationId: string, m: StoredMaterial): string => `material-result:${organizationId}:${m.id}:${m.uploadRequestedOn ?? 0}`;
