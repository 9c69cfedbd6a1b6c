/**
 * The file to upload, read from Dataverse with the org's own application user: a note's attachment (annotation
 * documentbody, base64) or a file column of a row (the Web API's file download). Names are kept as Dataverse has
 * them, so the extension reaches WeChat.
 * https://learn.microsoft.com/power-apps/developer/data-platform/annotation-file-entity
 * https://learn.microsoft.com/power-apps/developer/data-platform/file-column-data#download-files
 */
import { filesOf } from '../../dataverse/files.js';
import type { DataverseOrg, Row } from '../../dataverse/types.js';
import { requireGuid } from '../delivery/keys.js';
import type { UploadFile } from './check.js';

/** A note by id, or a file column: `table` is the table's entity set name (e.g. "contacts"), `column` its logical name. */
export type AttachmentRef = { annotationId: string } | { table: string; id: string; column: string };

const NOTE_COLUMNS = ['annotationid', 'documentbody', 'filename', 'mimetype', 'isdocument'];

function fileOfNote(note: Row | undefined): UploadFile | undefined {
  if (!note || typeof note.documentbody !== 'string' || note.documentbody === '') return undefined;
  const contentType = typeof note.mimetype === 'string' && note.mimetype !== '' ? note.mimetype : undefined;
  return { name: String(note.filename ?? ''), bytes: new Uint8Array(Buffer.from(note.documentbody, 'base64')), ...(contentType && { contentType }) };
}

/** The file of a note or a file column; undefined when there is no file there. */
export async function readAttachment(org: DataverseOrg, ref: AttachmentRef): Promise<UploadFile | undefined> {
  if ('annotationId' in ref) return fileOfNote(await org.retrieve('annotations', requireGuid('note id', ref.annotationId), NOTE_COLUMNS));
  if (!/^[a-z_][a-z0-9_]*$/i.test(ref.table) || !/^[a-z_][a-z0-9_]*$/i.test(ref.column)) throw new Error('The table and column of a file are Dataverse names.');
  const file = await filesOf(org).downloadFile(ref.table, requireGuid('row id', ref.id), ref.column.toLowerCase());
  return file && file.bytes.length > 0 ? { name: file.name, bytes: file.bytes } : undefined;
}

/**
 * The file of a note on `rowId` (the newest with a file, or the one named, which must be on this row: a note of
 * another record is never read for it, whoever typed its id).
 */
export async function noteOfRow(org: DataverseOrg, rowId: string, annotationId?: string): Promise<UploadFile | undefined> {
  const filter = [`_objectid_value eq ${requireGuid('row id', rowId)}`, 'isdocument eq true'];
  if (annotationId) filter.push(`annotationid eq ${requireGuid('note id', annotationId)}`);
  const notes = await org.retrieveMultiple('annotations', { select: NOTE_COLUMNS, filter: filter.join(' and '), orderBy: ['createdon desc'], top: 1 });
  return fileOfNote(notes[0]);
}
