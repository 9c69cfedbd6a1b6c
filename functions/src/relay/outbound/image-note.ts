/**
 * The image an operator attached to an outbound message: a note (annotation) on the message row, as the
 * solution stores media. https://learn.microsoft.com/power-apps/developer/data-platform/annotation-file-entity
 */
import type { DataverseOrg } from '../../dataverse/types.js';
import type { OutboundImage } from '../ports/customer-service.js';

export async function imageOf(org: DataverseOrg, messageId: string): Promise<OutboundImage | undefined> {
  const notes = await org.retrieveMultiple('annotations', {
    select: ['documentbody', 'mimetype', 'filename'],
    filter: `_objectid_value eq ${messageId} and isdocument eq true`,
    orderBy: ['createdon desc'],
    top: 1,
  });
  const note = notes[0];
  if (!note || typeof note.documentbody !== 'string' || !String(note.mimetype ?? '').startsWith('image/')) return undefined;
  return {
    bytes: Buffer.from(note.documentbody, 'base64'),
    filename: String(note.filename ?? 'image.jpg'),
    contentType: String(note.mimetype),
  };
}
