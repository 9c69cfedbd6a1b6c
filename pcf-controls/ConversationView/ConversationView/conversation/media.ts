/**
 * The media of a message: the relay stores downloaded images, voice and videos as notes (annotations) on the
 * message, or a note that says why WeChat did not provide the file; an operator's image reply is a note too.
 * Loaded only when the bubble is on screen, metadata first and each file's bytes separately.
 * https://learn.microsoft.com/power-apps/developer/data-platform/annotation-file-data
 */
import { noteBodyOptions, notesOptions, Note } from './queries';
import type { WebApiPort } from './ports';

export interface MediaNote {
  id: string;
  subject: string;
  fileName: string;
  mimeType: string;
  /** Why there is no file, when there is none. */
  text: string;
  /** `data:<mime>;base64,…` when the note holds a file. */
  dataUrl?: string;
}

export type MediaState = { status: 'loading' } | { status: 'ready'; notes: MediaNote[] } | { status: 'error'; error: string };

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export async function loadMediaNotes(webApi: WebApiPort, messageId: string): Promise<MediaNote[]> {
  const { entities } = await webApi.retrieveMultipleRecords(Note.logicalName, notesOptions(messageId));
  return Promise.all(
    entities.map(async (row): Promise<MediaNote> => {
      const note: MediaNote = {
        id: str(row[Note.id]),
        subject: str(row.subject),
        fileName: str(row.filename),
        mimeType: str(row.mimetype),
        text: str(row.notetext),
      };
      if (!note.mimeType || !note.id) return note;
      const body = await webApi.retrieveRecord(Note.logicalName, note.id, noteBodyOptions);
      const base64 = str(body.documentbody);
      return base64 ? { ...note, dataUrl: `data:${note.mimeType};base64,${base64}` } : note;
    }),
  );
}

/** The note whose file is of this kind (`image/`, `audio/`, `video/`), e.g. a video rather than its thumbnail. */
export function noteOfType(notes: readonly MediaNote[], mimePrefix: string): MediaNote | undefined {
  return notes.find((n) => n.dataUrl !== undefined && n.mimeType.startsWith(mimePrefix));
}
