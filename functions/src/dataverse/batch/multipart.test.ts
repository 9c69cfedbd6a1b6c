import { describe, expect, it } from 'vitest';
import { formatBatch, parseBatch } from '../../../../test/emulators/dataverse/batch/multipart.js';
import { boundaryOf, buildBatch, parseBatchResponse } from './multipart.js';

let n = 0;
const ids = () => `id${++n}`;

describe('$batch multipart', () => {
  it('writes single parts and change sets that an independent parser reads back', () => {
    const { contentType, body } = buildBatch(
      [
        { kind: 'single', request: { method: 'PATCH', url: 'http://h/api/data/v9.2/a(k=1)', headers: { 'If-None-Match': '*' }, body: '{"x":"é🚀"}' } },
        {
          kind: 'changeset',
          requests: [
            { method: 'POST', url: 'http://h/api/data/v9.2/a', headers: {}, body: '{"y":1}', contentId: '1' },
            { method: 'DELETE', url: 'http://h/api/data/v9.2/a(00000000-0000-0000-0000-000000000001)', headers: {}, contentId: '2' },
          ],
        },
      ],
      ids,
    );
    expect(contentType).toMatch(/^multipart\/mixed; boundary=batch_id\d+$/);
    expect(body.endsWith(`--${boundaryOf(contentType)}--\r\n`)).toBe(true);
    const items = parseBatch(Buffer.from(body, 'utf8'), contentType);
    expect(items.map((i) => i.kind)).toEqual(['request', 'changeset']);
    const [single, changeset] = items;
    if (single?.kind !== 'request' || changeset?.kind !== 'changeset') throw new Error('shape');
    expect([single.part.method, single.part.url, single.part.headers['if-none-match'], single.part.body.toString('utf8')]).toEqual([
      'PATCH',
      'http://h/api/data/v9.2/a(k=1)',
      '*',
      '{"x":"é🚀"}',
    ]);
    expect(changeset.parts.map((p) => [p.contentId, p.method, p.body.toString('utf8')])).toEqual([
      ['1', 'POST', '{"y":1}'],
      ['2', 'DELETE', ''],
    ]);
  });

  it('reads a response with a committed change set and a failed one', () => {
    const body = formatBatch(
      [
        {
          kind: 'changeset',
          responses: [
            { contentId: '1', status: 204, headers: { 'OData-EntityId': 'http://h/a(1)' } },
            { contentId: '2', status: 204, headers: {} },
          ],
        },
        {
          kind: 'single',
          response: {
            contentId: '3',
            status: 412,
            headers: { 'Content-Type': 'application/json' },
            body: { error: { code: '0x80040237', message: 'A record with matching key values already exists.' } },
          },
        },
      ],
      'b1',
      ids,
    );
    const items = parseBatchResponse('multipart/mixed; boundary=batchresponse_b1', body);
    expect(items).toEqual([
      {
        kind: 'changeset',
        responses: [
          { status: 204, headers: { 'odata-entityid': 'http://h/a(1)' }, body: '', contentId: '1' },
          { status: 204, headers: {}, body: '', contentId: '2' },
        ],
      },
      {
        kind: 'single',
        response: {
          status: 412,
          headers: { 'content-type': 'application/json' },
          body: '{"error":{"code":"0x80040237","message":"A record with matching key values already exists."}}',
          contentId: '3',
        },
      },
    ]);
    expect(() => parseBatchResponse('application/json', '{}')).toThrow('The $batch response is not multipart/mixed (application/json).');
  });
});
