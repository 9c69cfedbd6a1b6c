import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamicsWebApi } from 'dynamics-web-api';
import type { DataverseEmulator } from '../index.js';
import { call, client, failure, start } from './harness.js';

let dv: DataverseEmulator;
let api: DynamicsWebApi;
let messageId: string;

beforeAll(async () => {
  dv = await start();
  api = client(dv);
  messageId = (await api.create({ collection: 'wxm_messages', data: { wxm_content: 'image' } })) as string;
});
afterAll(() => dv.close());

describe('media as notes (annotation)', () => {
  it('stores documentbody as base64 on a note bound to the message, with size and type derived', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3]);
    const noteId = (await api.create({
      collection: 'annotations',
      data: {
        subject: 'WeChat image',
        filename: 'pic.jpg',
        mimetype: 'image/jpeg',
        documentbody: bytes.toString('base64'),
        'objectid_wxm_message@odata.bind': `/wxm_messages(${messageId})`,
      },
    })) as string;
    const notes = await api.retrieveMultiple<Record<string, unknown>>({
      collection: 'annotations',
      select: ['filename', 'filesize', 'isdocument', 'objecttypecode', 'documentbody', '_objectid_value'],
      filter: `_objectid_value eq ${messageId}`,
    });
    expect(notes.value).toHaveLength(1);
    expect(notes.value[0]).toMatchObject({
      annotationid: noteId,
      filename: 'pic.jpg',
      filesize: 8,
      isdocument: true,
      objecttypecode: 'wxm_message',
      _objectid_value: messageId,
    });
    expect(Buffer.from(String(notes.value[0]?.documentbody), 'base64')).toEqual(bytes);
  });

  it('a note can only point at a table that has notes, through objectid_<table>', async () => {
    const err = await failure(api.create({ collection: 'annotations', data: { 'objectid@odata.bind': `/wxm_messages(${messageId})` } }));
    expect(err.status).toBe(400);
    expect(err.message).toContain("An undeclared property 'objectid'");
  });
});

describe('file columns, as uploadFile / downloadFile send them', () => {
  it('uploads in chunks and downloads the same bytes', async () => {
    const data = Buffer.alloc(9 * 1024 * 1024 + 17, 7);
    data.write('voice.amr header', 0);
    await api.uploadFile({ collection: 'wxm_messages', key: messageId, fieldName: 'wxm_media', fileName: 'voice.amr', data });
    const file = await api.downloadFile({ collection: 'wxm_messages', key: messageId, fieldName: 'wxm_media' });
    expect(file.fileName).toBe('voice.amr');
    expect(file.fileSize).toBe(data.length);
    expect(Buffer.compare(Buffer.from(file.data as Buffer), data)).toBe(0);
  });

  it('serves /$value and refuses an upload without a file name', async () => {
    const raw = await fetch(`${dv.serviceRoot}wxm_messages(${messageId})/wxm_media/$value`, {
      headers: { Authorization: `Bearer ${dv.issueToken()}`, Range: 'bytes=0-4' },
    });
    expect(raw.status).toBe(206);
    expect(raw.headers.get('x-ms-file-name')).toBe('voice.amr');
    expect(Buffer.from(await raw.arrayBuffer()).toString()).toBe('voice');
    const noName = await call(dv, 'PATCH', `wxm_messages(${messageId})/wxm_media`, 'x', { 'Content-Type': 'application/octet-stream' });
    expect(noName.status).toBe(400);
  });
});

describe('single properties', () => {
  it('reads and writes one column', async () => {
    const put = await call(dv, 'PUT', `wxm_messages(${messageId})/wxm_content`, { value: 'changed' });
    expect(put.status).toBe(204);
    const get = await call(dv, 'GET', `wxm_messages(${messageId})/wxm_content`);
    expect(get.json.value).toBe('changed');
    expect((await call(dv, 'DELETE', `wxm_messages(${messageId})/wxm_content`)).status).toBe(204);
    expect((await call(dv, 'GET', `wxm_messages(${messageId})/wxm_content`)).status).toBe(204);
  });
});
