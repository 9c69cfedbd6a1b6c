/**
 * What the Material form asks of Dataverse with the user's own session: the file picked (Xrm.Device.pickFile) made a
 * note on the row, the upload or the delete requested by stamping the row's request column (the Update step hints
 * the relay, which re-reads the row and writes the outcome back), and the row read until the relay answered.
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-device/pickfile
 * https://learn.microsoft.com/power-apps/developer/data-platform/annotation-file-data
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-webapi/createrecord
 */
import type { PickedFile, Xrm } from '../../shared/xrm.js';
import { COLUMNS, MAX_BYTES } from './model.js';

export type Row = Record<string, unknown>;

export interface ChosenFile {
  name: string;
  /** Base64 of the bytes, as a note's documentbody holds them. */
  base64: string;
  bytes: number;
  mimeType: string;
}

/** The one file the user picked, or undefined when they cancelled. */
export async function chooseFile(xrm: Xrm): Promise<ChosenFile | undefined> {
  const pick = xrm.Device?.pickFile;
  if (!pick) throw new Error('Xrm.Device.pickFile is not available in this client');
  let files: PickedFile[];
  try {
    files = await pick.call(xrm.Device, { allowMultipleFiles: false, maximumAllowedFileSize: MAX_BYTES });
  } catch {
    return undefined; // closed without a file
  }
  const file = files?.[0];
  if (!file) return undefined;
  // Some clients hand the content as a data: URL; a note takes the bare base64.
  const base64 = file.fileContent.replace(/^data:[^,]*,/, '');
  return { name: file.fileName, base64, bytes: Math.floor((base64.replace(/=+$/, '').length * 3) / 4), mimeType: file.mimeType || 'application/octet-stream' };
}

/** The file as a note on the material (notes are how the relay reads a material's file: relay/materials/attachment.ts). */
export async function attach(xrm: Xrm, materialId: string, file: ChosenFile): Promise<string> {
  const create = xrm.WebApi.createRecord;
  if (!create) throw new Error('Xrm.WebApi.createRecord is not available');
  const created = await create.call(xrm.WebApi, 'annotation', {
    subject: file.name,
    filename: file.name,
    mimetype: file.mimeType,
    documentbody: file.base64,
    'objectid_wxm_material@odata.bind': `/wxm_materials(${materialId})`,
  });
  return created.id.replace(/[{}]/g, '').toLowerCase();
}

/** The newest note with a file on the material, as the relay would pick it. */
export async function attachedNote(xrm: Xrm, materialId: string): Promise<{ id: string; name: string } | undefined> {
  const page = await xrm.WebApi.retrieveMultipleRecords(
    'annotation',
    `?$select=annotationid,filename&$filter=_objectid_value eq ${materialId} and isdocument eq true&$orderby=createdon desc&$top=1`,
  );
  const note = page.entities[0];
  return note && typeof note.annotationid === 'string' ? { id: note.annotationid, name: String(note.filename ?? '') } : undefined;
}

/** Whole seconds, as Dataverse keeps dates: the relay compares the request with this very value. */
export const stampNow = (now = Date.now()): string => new Date(Math.floor(now / 1000) * 1000).toISOString();

export async function stamp(xrm: Xrm, materialId: string, data: Row): Promise<void> {
  const update = xrm.WebApi.updateRecord;
  if (!update) throw new Error('Xrm.WebApi.updateRecord is not available');
  await update.call(xrm.WebApi, 'wxm_material', materialId, data);
}

export interface Wait {
  answered: (row: Row) => boolean;
  /** Called before each read with the seconds waited so far (the form shows them). */
  tick?: (seconds: number) => void;
  everyMs?: number;
  tries?: number;
}

export async function readUntil(xrm: Xrm, materialId: string, wait: Wait): Promise<Row | undefined> {
  const retrieve = xrm.WebApi.retrieveRecord;
  if (!retrieve) return undefined;
  const every = wait.everyMs ?? 1000;
  for (let i = 1; i <= (wait.tries ?? 60); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, every));
    wait.tick?.(Math.round((i * every) / 1000));
    const row = await retrieve.call(xrm.WebApi, 'wxm_material', materialId, `?$select=${COLUMNS.join(',')}`);
    if (wait.answered(row)) return row;
  }
  return undefined;
}
