/**
 * File columns, as dynamics-web-api's uploadFile / downloadFile drive them: a chunked upload starts with
 * `PATCH …/column?x-ms-file-name=…` and `x-ms-transfer-mode: chunked`, answered with a Location and
 * `x-ms-chunk-size`; chunks follow with Content-Range. Downloads send `Range` and read `x-ms-file-size`.
 * https://learn.microsoft.com/power-apps/developer/data-platform/file-column-data
 */
import { randomUUID } from 'node:crypto';
import type { ColumnModel } from '../../../../solution/src/model.js';
import type { TableMeta } from '../metadata.js';
import { badRequest } from '../errors.js';
import type { RowKey } from '../odata/key.js';
import { authorize, findRow, notFound } from './resolve.js';
import { updateExisting } from './rows.js';
import { checkRow } from '../security/access.js';
import { json, noContent, type ApiRequest, type ApiResponse, type Scope } from './types.js';

/** The chunk size Dataverse announces: 4 MB. */
const CHUNK = 4 * 1024 * 1024;

function store(scope: Scope, table: TableMeta, rowId: string, column: ColumnModel, name: string, data: Buffer): void {
  const row = scope.store.get(table, rowId);
  if (!row) throw badRequest('The row of this upload no longer exists.');
  const fileId = randomUUID();
  scope.files.set(fileId, { name, data });
  updateExisting(scope, table, row, { [column.logicalName]: fileId });
}

export function uploadFile(scope: Scope, req: ApiRequest, table: TableMeta, key: RowKey, column: ColumnModel): ApiResponse {
  authorize(scope, table, 'Write');
  const session = req.query.get('sessiontoken');
  if (session) {
    const upload = scope.uploads.get(session);
    if (!upload) throw badRequest('The upload session token is not valid.');
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.headers['content-range'] ?? '');
    if (!range) throw badRequest('A Content-Range header of the form "bytes start-end/total" is required.');
    upload.chunks.push(req.body);
    const received = upload.chunks.reduce((n, c) => n + c.length, 0);
    if (received < Number(range[3])) return { status: 206, headers: { 'OData-Version': '4.0' } };
    scope.uploads.delete(session);
    store(scope, table, upload.rowId, column, upload.name, Buffer.concat(upload.chunks));
    return noContent();
  }
  const row = findRow(scope, table, key);
  if (!row) throw notFound(table, key);
  checkRow(scope, table, 'Write', row);
  const name = req.query.get('x-ms-file-name') ?? req.headers['x-ms-file-name'];
  if (!name) throw badRequest('The x-ms-file-name header or query parameter is required.');
  if (req.headers['x-ms-transfer-mode'] === 'chunked') {
    const token = randomUUID();
    scope.uploads.set(token, { table: table.logicalName, rowId: row.id, column: column.logicalName, name, chunks: [] });
    const location = `${scope.serviceRoot}${table.entitySetName}(${row.id})/${column.logicalName}?sessiontoken=${token}`;
    return { status: 200, headers: { 'OData-Version': '4.0', Location: location, 'x-ms-chunk-size': String(CHUNK) } };
  }
  store(scope, table, row.id, column, name, req.body);
  return noContent();
}

export function downloadFile(scope: Scope, req: ApiRequest, table: TableMeta, key: RowKey, column: ColumnModel, raw: boolean): ApiResponse {
  authorize(scope, table, 'Read');
  const row = findRow(scope, table, key);
  if (!row) throw notFound(table, key);
  checkRow(scope, table, 'Read', row);
  const fileId = row.values[column.logicalName];
  const file = typeof fileId === 'string' ? scope.files.get(fileId) : undefined;
  if (!file) return noContent();
  const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
  const start = range ? Number(range[1]) : 0;
  const end = range ? Math.min(Number(range[2]), file.data.length - 1) : file.data.length - 1;
  const slice = file.data.subarray(start, end + 1);
  const headers = {
    'Content-Disposition': `attachment; filename="${encodeURIComponent(file.name)}"`,
    'x-ms-file-name': file.name,
    'x-ms-file-size': String(file.data.length),
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${file.data.length}` } : {}),
  };
  const status = range ? 206 : 200;
  if (raw) return { status, headers: { 'Content-Type': 'application/octet-stream', 'OData-Version': '4.0', ...headers }, body: slice };
  return json(status, { '@odata.context': `${scope.serviceRoot}$metadata#Edm.Binary`, value: slice.toString('base64') }, headers);
}
