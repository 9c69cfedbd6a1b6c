/**
 * Built-in Dataverse tables the worker writes besides the solution's own (which come from
 * solution/generated/schema.ts): Note (annotation) for downloaded media, Contact for the follower link.
 * Names from the Microsoft table references:
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/annotation
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/contact
 */
import { TableNames } from '@wxm/solution/schema';

export const Note = {
  logicalName: 'annotation',
  entitySetName: 'annotations',
  columns: {
    Subject: 'subject',
    NoteText: 'notetext',
    FileName: 'filename',
    MimeType: 'mimetype',
    /** The attachment, base64 (https://learn.microsoft.com/power-apps/developer/data-platform/annotation-file-data). */
    DocumentBody: 'documentbody',
  },
  /**
   * `objectid` is a multi-table lookup ("Regarding"): Dataverse names one navigation property per table,
   * `objectid_<table logical name>`.
   */
  regarding: (tableLogicalName: string) => `objectid_${tableLogicalName}`,
  /** Subject and notetext lengths of the annotation table. */
  maxLength: { subject: 500, notetext: 100000 },
} as const;

/** The note navigation property for a message. */
export const NoteRegardingMessage = Note.regarding(TableNames.Message);

export const Contact = {
  logicalName: 'contact',
  entitySetName: 'contacts',
  primaryIdAttribute: 'contactid',
} as const;
