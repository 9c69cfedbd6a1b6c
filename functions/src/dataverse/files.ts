/**
 * File columns of an opened org (DataverseFiles): the gateway's org client downloads them as dynamics-web-api's
 * downloadFile does (4 MB ranges, the name from x-ms-file-name); an org without it (a test double of DataverseOrg
 * alone) is refused with a typed error instead of failing later.
 * https://learn.microsoft.com/power-apps/developer/data-platform/file-column-data#download-files
 */
import { DataverseError } from './errors.js';
import type { DataverseOrg } from './types.js';

export interface DownloadedFile {
  name: string;
  bytes: Uint8Array;
}

export interface DataverseFiles {
  /** The file in a file column of a row; undefined when the column holds none (or the row is gone). */
  downloadFile(entitySet: string, id: string, column: string): Promise<DownloadedFile | undefined>;
}

export function filesOf(org: DataverseOrg): DataverseOrg & DataverseFiles {
  const candidate = org as DataverseOrg & Partial<DataverseFiles>;
  if (typeof candidate.downloadFile === 'function') return candidate as DataverseOrg & DataverseFiles;
  throw new DataverseError('invalid', 0, 'NoFiles', `The Dataverse client of ${org.environmentUrl} cannot download file columns.`);
}
