/**
 * The Material form's pure parts: a row as the form shows it (from the form's attributes, dates as Date objects, or a
 * row read back, dates as ISO text), which rows WeChat can delete, sizes as people read them, and the file the
 * client's dialog handed over (bare base64 or a data: URL, its size from the bytes).
 */
import { describe, expect, it } from 'vitest';
import { deletable, MAX_BYTES, PURPOSE, sizeText, STATE, viewOf, type Column } from '../../../webresources/src/forms/material/model.js';
import { chooseFile, stampNow } from '../../../webresources/src/forms/material/requests.js';
import type { PickedFile, Xrm } from '../../../webresources/src/shared/xrm.js';

const values = (row: Partial<Record<Column, unknown>>) => (column: Column) => row[column] ?? null;

describe('viewOf', () => {
  it('reads the form (Date objects) and a row read back (ISO text) alike; the reason in the reader’s language', () => {
    const at = '2026-12-07T08:00:00.000Z';
    const row = {
      wxm_name: ' Spring banner ',
      wxm_state: STATE.failed,
      wxm_purpose: PURPOSE.permanent,
      wxm_uploadedon: at,
      wxm_failurereason: 'Not uploaded: the file is empty.\n未上传：文件为空。',
    };
    const fromRow = viewOf(values(row), 'zh');
    const fromForm = viewOf(values({ ...row, wxm_uploadedon: new Date(at) }), 'zh');
    expect(fromRow).toEqual(fromForm);
    expect(fromRow).toMatchObject({ name: 'Spring banner', state: 'failed', purpose: 'permanent', reason: '未上传：文件为空。' });
    expect(fromRow.uploadedOn?.toISOString()).toBe(at);
    expect(viewOf(values(row), 'en').reason).toBe('Not uploaded: the file is empty.');
  });

  it('an empty purpose is permanent material and an empty state is pending, as the relay reads them', () => {
    expect(viewOf(values({}), 'en')).toMatchObject({ purpose: 'permanent', state: 'pending', mediaId: undefined, expiresOn: undefined });
  });
});

describe('deletable', () => {
  const synced = (purpose: number, mediaId: string | null = 'MEDIA') =>
    deletable(viewOf(values({ wxm_state: STATE.synced, wxm_purpose: purpose, wxm_mediaid: mediaId }), 'en'));
  it('permanent material and covers in WeChat only', () => {
    expect([PURPOSE.permanent, PURPOSE.thumb, PURPOSE.temporary, PURPOSE.articleImage].map((p) => synced(p))).toEqual([true, true, false, false]);
    expect(synced(PURPOSE.permanent, null)).toBe(false);
    expect(deletable(viewOf(values({ wxm_state: STATE.failed, wxm_purpose: PURPOSE.permanent, wxm_mediaid: 'MEDIA' }), 'en'))).toBe(false);
  });
});

describe('sizes and stamps', () => {
  it('KB below a megabyte (at least 1), MB with one decimal above', () => {
    expect([sizeText(1), sizeText(2048), sizeText(1024 * 1024), sizeText(MAX_BYTES + 1)]).toEqual(['1 KB', '2 KB', '1.0 MB', '10.0 MB']);
  });
  it('a request is stamped in whole seconds, as Dataverse keeps dates', () => {
    expect(stampNow(Date.parse('2026-12-07T08:00:01.999Z'))).toBe('2026-12-07T08:00:01.000Z');
  });
});

describe('chooseFile', () => {
  const xrmPicking = (files: PickedFile[] | Error): Xrm =>
    ({ Device: { pickFile: async () => (files instanceof Error ? Promise.reject(files) : files) } }) as unknown as Xrm;
  it('takes bare base64 or a data: URL, and counts the bytes from the content', async () => {
    const base64 = Buffer.from('hello world!').toString('base64');
    const bare = await chooseFile(xrmPicking([{ fileContent: base64, fileName: 'a.png', fileSize: 1, mimeType: 'image/png' }]));
    const url = await chooseFile(xrmPicking([{ fileContent: `data:image/png;base64,${base64}`, fileName: 'a.png', fileSize: 1, mimeType: '' }]));
    expect(bare).toEqual({ name: 'a.png', base64, bytes: 12, mimeType: 'image/png' });
    expect(url).toEqual({ name: 'a.png', base64, bytes: 12, mimeType: 'application/octet-stream' });
    const padded = await chooseFile(
      xrmPicking([{ fileContent: Buffer.from('hello').toString('base64'), fileName: 'b.amr', fileSize: 1, mimeType: 'audio/amr' }]),
    );
    expect(padded?.bytes).toBe(5);
  });
  it('nothing when the dialog is closed without a file', async () => {
    expect(await chooseFile(xrmPicking([]))).toBeUndefined();
    expect(await chooseFile(xrmPicking(new Error('cancelled')))).toBeUndefined();
  });
});
